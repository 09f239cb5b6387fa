import type { HearingSession } from '../core/HearingSession.js';
import type { InvitationInfo } from '../core/protocol.js';
import { useStore } from '../hooks/useStore.js';
import { t } from '../i18n.js';
import { Courtroom } from './Courtroom.js';
import { EndScreen } from './EndScreen.js';
import { HearingInfo } from './HearingInfo.js';
import { LobbyPage } from './LobbyPage.js';
import { StatusPage } from './StatusPage.js';

interface Props {
  session: HearingSession;
  info: InvitationInfo;
}

/** Picks the page for the session's phase. */
export function SessionView({ session, info }: Props) {
  const state = useStore(session);
  switch (state.phase) {
    case 'connecting':
      return (
        <StatusPage testId="connecting" title={t('connecting.title')}>
          <span className="spinner" aria-hidden="true" />
          <HearingInfo hearing={info.hearing} participant={info.participant} />
        </StatusPage>
      );
    case 'lobby':
      return <LobbyPage session={session} state={state} />;
    case 'in_hearing':
      return <Courtroom session={session} state={state} />;
    case 'left':
      return <EndScreen kind="left" reason={null} onRejoin={() => location.reload()} />;
    default:
      return <EndScreen kind={state.phase} reason={state.reason} errorCode={state.errorCode} />;
  }
}
