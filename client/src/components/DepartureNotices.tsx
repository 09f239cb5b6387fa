import type { HearingSession } from '../core/HearingSession.js';
import { useStore } from '../hooks/useStore.js';
import { roleLabel, t } from '../i18n.js';

/**
 * For the bench: a party whose presence the hearing needs has left, and why they said they left
 * (participant.left; also in the audit log and the minutes). Stays until read or until they are back.
 */
export function DepartureNotices({ session }: { session: HearingSession }) {
  const { departures } = useStore(session);
  if (departures.length === 0) return null;
  return (
    <div className="departures">
      {departures.map((d) => (
        <p
          key={d.participantId}
          className="notice error small"
          role="alert"
          data-testid="departure-notice"
          data-participant-id={d.participantId}
        >
          {t('safe.departed', { name: d.displayName, role: roleLabel(d.role), reason: d.reason })}{' '}
          <button type="button" className="link" aria-label={t('safe.dismiss')} onClick={() => session.dismissDeparture(d.participantId)}>
            ×
          </button>
        </p>
      ))}
    </div>
  );
}
