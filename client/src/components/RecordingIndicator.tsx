import type { RecordingStatus } from '../core/sessionState.js';
import { t } from '../i18n.js';

/**
 * For the bench: whether the hearing record is being captured right now. `data-state` carries
 * recording | paused | stopped | failing for tests and styling; no status yet reads as stopped.
 */
export function RecordingIndicator({ recording }: { recording: RecordingStatus | null }) {
  const state = recording?.state ?? 'stopped';
  const tracks = recording?.tracks.length ?? 0;
  const label = t(`recording.state.${state}`);
  return (
    <span
      className={`recording-indicator rec-${state}`}
      data-testid="recording-indicator"
      data-state={state}
      role="status"
      title={t('recording.title', { state: label, count: tracks })}
    >
      <span className="rec-dot" aria-hidden="true" />
      {label}
      {state !== 'stopped' && tracks > 0 && <span className="rec-count"> · {t('recording.tracks', { count: tracks })}</span>}
    </span>
  );
}

/**
 * For everyone else: the hearing is recorded while it is in session (from the opening to the end of
 * the pronouncement), and each participant is told so while it is.
 */
export function RecordedNotice() {
  return (
    <span className="recording-indicator rec-recording" data-testid="recorded-notice" role="status">
      <span className="rec-dot" aria-hidden="true" />
      {t('recording.notice')}
    </span>
  );
}
