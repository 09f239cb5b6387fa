import { useState } from 'react';
import type { ParticipantView } from '../core/protocol.js';
import type { RecordingAlert } from '../core/sessionState.js';
import { formatTime, t } from '../i18n.js';

interface Props {
  alerts: RecordingAlert[];
  participants: ParticipantView[];
}

/**
 * For the bench: the latest interruption of the recording, with its cause, until dismissed. Every
 * interruption is also in the audit log and, with its end, in the record's minutes.
 */
export function RecordingAlertBanner({ alerts, participants }: Props) {
  // Alerts up to this one were dismissed; a newer one shows the banner again.
  const [dismissedAt, setDismissedAt] = useState<string | null>(null);
  const shown = alerts.filter((a) => dismissedAt === null || a.at > dismissedAt);
  const latest = shown[shown.length - 1];
  if (!latest) return null;
  const name = participants.find((p) => p.id === latest.participantId)?.displayName ?? t('recording.someone');
  const time = formatTime(latest.at);
  return (
    <div className="banner error recording-alert" role="alert" data-testid="recording-alert" data-cause={latest.cause}>
      <span>
        {t(`recording.alert.${latest.cause}`, { name, source: t(`recording.source.${latest.source}`), time })}
        {shown.length > 1 && <span className="muted"> {t('recording.more', { count: shown.length - 1 })}</span>}
      </span>
      <button type="button" className="link" onClick={() => setDismissedAt(latest.at)} aria-label={t('recording.dismiss')}>
        ×
      </button>
    </div>
  );
}
