import type { HearingView } from '../core/protocol.js';
import type { RecordingStatus } from '../core/sessionState.js';
import { t } from '../i18n.js';
import { LangToggle } from './LangToggle.js';
import { RecordedNotice, RecordingIndicator } from './RecordingIndicator.js';
import { LOBBY_QUEUE_ID } from './LobbyQueue.js';
import { StateBadge } from './StateBadge.js';

interface Props {
  hearing: HearingView;
  /** The bench sees whether the hearing is being recorded; undefined hides the indicator. */
  recording?: RecordingStatus | null;
  /** The bench: how many wait in the lobby. A badge near the top says so and leads to the list (on a phone it is below the wall). */
  waiting?: number;
}

/** Hearing title, case number, the live state badge, and the recording indicator (the bench) or the recorded notice (everyone else). */
export function CourtroomHeader({ hearing, recording, waiting = 0 }: Props) {
  return (
    <header className="courtroom-header">
      <div className="brand-mark" aria-hidden="true">
        ⚖
      </div>
      <div className="courtroom-title">
        <h1>{hearing.title}</h1>
        <p>
          <span className="case-number">
            {t('info.caseNumber')}: {hearing.caseNumber}
          </span>
          <span className="muted"> · {hearing.court}</span>
        </p>
      </div>
      {waiting > 0 && (
        <button
          type="button"
          className="lobby-badge"
          data-testid="lobby-badge"
          title={t('courtroom.lobbyBadgeTitle')}
          aria-label={`${t('courtroom.lobbyBadge', { count: waiting })}. ${t('courtroom.lobbyBadgeTitle')}`}
          onClick={showLobby}
        >
          <span className="lobby-badge-count" aria-hidden="true">
            {waiting}
          </span>
          <span aria-hidden="true">{t('courtroom.lobbyBadge', { count: waiting })}</span>
        </button>
      )}
      {recording !== undefined && <RecordingIndicator recording={recording} />}
      {recording === undefined && hearing.state === 'in_session' && <RecordedNotice />}
      <StateBadge hearing={hearing} />
      <LangToggle />
    </header>
  );
}

/** Brings the lobby list into view (below the wall on a phone) and moves the focus to it. */
function showLobby(): void {
  const lobby = document.getElementById(LOBBY_QUEUE_ID);
  lobby?.scrollIntoView({ block: 'start', behavior: 'smooth' });
  lobby?.focus({ preventScroll: true });
}
