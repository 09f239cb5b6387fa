import { t, type MessageKey } from '../i18n.js';

const RULES: readonly MessageKey[] = ['rules.1', 'rules.2', 'rules.3', 'rules.4', 'rules.5'];

/**
 * The court's rules for an online hearing (nội quy phiên tòa) and the declaration each participant
 * makes before going in; whether they accepted goes into the hearing's log with the equipment check.
 */
export function CourtRules({ accepted, onChange }: { accepted: boolean; onChange: (accepted: boolean) => void }) {
  return (
    <section className="court-rules" aria-labelledby="court-rules-title" data-testid="court-rules">
      <h2 id="court-rules-title">{t('rules.title')}</h2>
      <ol className="small">
        {RULES.map((key) => (
          <li key={key}>{t(key)}</li>
        ))}
      </ol>
      <label className="checkbox">
        <input type="checkbox" data-testid="rules-accept" checked={accepted} onChange={(e) => onChange(e.target.checked)} />{' '}
        {t('rules.accept')}
      </label>
    </section>
  );
}
