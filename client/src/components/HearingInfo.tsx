import type { HearingView, ParticipantView } from '../core/protocol.js';
import { formatDateTime, roleLabel, t } from '../i18n.js';
import { StateBadge } from './StateBadge.js';

interface Props {
  hearing: HearingView;
  /** Show who is joining (the invitation's participant). */
  participant?: ParticipantView;
}

/** Case and hearing particulars, as shown before entering the courtroom. */
export function HearingInfo({ hearing, participant }: Props) {
  return (
    <section className="hearing-info" aria-label={t('info.hearing')}>
      <p className="hearing-court">{hearing.court}</p>
      <h2 className="hearing-title">{hearing.title}</h2>
      <dl className="facts">
        <dt>{t('info.caseNumber')}</dt>
        <dd className="case-number">{hearing.caseNumber}</dd>
        <dt>{t('info.caseTitle')}</dt>
        <dd>{hearing.caseTitle}</dd>
        <dt>{t('info.scheduledAt')}</dt>
        <dd>{formatDateTime(hearing.scheduledAt)}</dd>
        {hearing.courtroom && (
          <>
            <dt>{t('info.courtroom')}</dt>
            <dd>{hearing.courtroom.name}</dd>
          </>
        )}
        <dt>{t('info.state')}</dt>
        <dd>
          <StateBadge hearing={hearing} />
        </dd>
        {participant && (
          <>
            <dt>{t('info.joiningAs')}</dt>
            <dd>
              <strong>{participant.displayName}</strong> — {roleLabel(participant.role)}
              {participant.site && <span className="muted"> · {participant.site.name}</span>}
            </dd>
          </>
        )}
      </dl>
    </section>
  );
}
