import { BENCH_PATH } from '../bench/paths.js';
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
    default: {
      // The presiding judge's only way back in is their own sign-in (their link may have ended with it).
      const benchSignIn = state.phase === 'error' && info.participant.role === 'judge';
      return (
        <EndScreen kind={state.phase} reason={state.reason} errorCode={state.errorCode} signInHref={benchSignIn ? BENCH_PATH : undefined} />
      );
    }
  }
}
