import { useState } from 'react';
import type { ParticipantView } from '../core/protocol.js';
import type { MediaAlert } from '../core/sessionState.js';
import { formatTime, t } from '../i18n.js';

interface Props {
  alerts: MediaAlert[];
  participants: ParticipantView[];
  selfId: string;
}

/**
 * The server could not set up someone's audio and video (no free media port): the latest such
 * alert, until dismissed. About someone else for the bench; about ourselves, in our own words.
 */
export function MediaAlertBanner({ alerts, participants, selfId }: Props) {
  // Alerts up to this one were dismissed; a newer one shows the banner again.
  const [dismissedAt, setDismissedAt] = useState<string | null>(null);
  const latest = alerts.filter((a) => dismissedAt === null || a.at > dismissedAt).at(-1);
  if (!latest) return null;
  const time = formatTime(latest.at);
  const text =
    latest.participantId === selfId
      ? t(`media.alert.self.${latest.cause}`, { time })
      : t(`media.alert.${latest.cause}`, {
          time,
          name: participants.find((p) => p.id === latest.participantId)?.displayName ?? t('recording.someone'),
        });
  return (
    <div className="banner error media-alert" role="alert" data-testid="media-alert" data-cause={latest.cause}>
      <span>{text}</span>
      <button type="button" className="link" onClick={() => setDismissedAt(latest.at)} aria-label={t('recording.dismiss')}>
        ×
      </button>
    </div>
  );
}
