// A person's name, role, site and contact: the same fields to add someone to a hearing and to
// correct them before they connect. The roles offered depend on the case's kind (people.ts).
import { isStaffSeat } from '../../../core/protocol/staffSeats.js';
import { LANGUAGE_CODES, LANGUAGES, type LanguageCode, type LanguagePair } from '../../../core/protocol/interpretation.js';
import { getLang, roleLabel, t } from '../i18n.js';
import type { PersonRole } from '../core/protocol.js';
import { siteKindLabel } from './Badges.js';
import type { SiteRecord } from './clerkApi.js';

export interface PersonDraft {
  displayName: string;
  role: PersonRole;
  siteId: string;
  email: string;
  phone: string;
  /** An interpreter's language pair; '' while not chosen. */
  langFrom?: LanguageCode | '';
  langTo?: LanguageCode | '';
}

interface Props {
  draft: PersonDraft;
  onChange: (next: PersonDraft) => void;
  roles: readonly PersonRole[];
  sites: SiteRecord[];
  idPrefix: string;
  /** The presiding judge's role cannot be changed (nor given) by an edit. */
  roleLocked?: boolean;
}

export function PersonFields({ draft, onChange, roles, sites, idPrefix, roleLocked }: Props) {
  const id = (name: string) => `${idPrefix}-${name}`;
  const set = (patch: Partial<PersonDraft>) => onChange({ ...draft, ...patch });
  return (
    <div className="clerk-fields">
      <div className="field">
        <label htmlFor={id('name')}>{t('clerk.people.name')}</label>
        <input
          id={id('name')}
          type="text"
          value={draft.displayName}
          maxLength={200}
          required
          onChange={(e) => set({ displayName: e.target.value })}
        />
      </div>
      <div className="field">
        <label htmlFor={id('role')}>{t('clerk.people.role')}</label>
        <select id={id('role')} value={draft.role} disabled={roleLocked} onChange={(e) => set({ role: e.target.value as PersonRole })}>
          {roles.map((r) => (
            <option key={r} value={r}>
              {roleLabel(r)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={id('site')}>{t('clerk.people.site')}</label>
        <select id={id('site')} value={draft.siteId} onChange={(e) => set({ siteId: e.target.value })}>
          <option value="">{t('clerk.people.noSite')}</option>
          {sites.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name} ({siteKindLabel(s.kind)})
            </option>
          ))}
        </select>
      </div>
      {draft.role === 'interpreter' && <LanguageFields draft={draft} set={set} id={id} />}
      {!isStaffSeat(draft.role) && (
        <div className="clerk-field-pair">
          <div className="field">
            <label htmlFor={id('email')}>{t('clerk.people.email')}</label>
            <input
              id={id('email')}
              type="email"
              value={draft.email}
              maxLength={254}
              autoComplete="off"
              onChange={(e) => set({ email: e.target.value })}
            />
          </div>
          <div className="field">
            <label htmlFor={id('phone')}>{t('clerk.people.phone')}</label>
            <input
              id={id('phone')}
              type="tel"
              value={draft.phone}
              maxLength={20}
              pattern="\+?[0-9 .\-]{8,20}"
              autoComplete="off"
              onChange={(e) => set({ phone: e.target.value })}
            />
          </div>
        </div>
      )}
    </div>
  );
}

/** An interpreter's pair of languages: the proceedings' language and the one interpreted into. */
function LanguageFields({
  draft,
  set,
  id,
}: {
  draft: PersonDraft;
  set: (patch: Partial<PersonDraft>) => void;
  id: (name: string) => string;
}) {
  const lang = getLang();
  const options = LANGUAGE_CODES.map((code) => (
    <option key={code} value={code}>
      {LANGUAGES[code][lang]}
    </option>
  ));
  return (
    <div className="clerk-field-pair">
      <div className="field">
        <label htmlFor={id('lang-from')}>{t('interpretation.from')}</label>
        <select id={id('lang-from')} value={draft.langFrom ?? ''} onChange={(e) => set({ langFrom: e.target.value as LanguageCode | '' })}>
          <option value="">{t('interpretation.pickLanguage')}</option>
          {options}
        </select>
      </div>
      <div className="field">
        <label htmlFor={id('lang-to')}>{t('interpretation.to')}</label>
        <select id={id('lang-to')} value={draft.langTo ?? ''} onChange={(e) => set({ langTo: e.target.value as LanguageCode | '' })}>
          <option value="">{t('interpretation.pickLanguage')}</option>
          {options}
        </select>
      </div>
    </div>
  );
}

/** The language pair to send: an interpreter's, once both are chosen; undefined otherwise. */
export function languagesOf(draft: PersonDraft): LanguagePair | undefined {
  if (draft.role !== 'interpreter' || !draft.langFrom || !draft.langTo) return undefined;
  return { from: draft.langFrom, to: draft.langTo };
}

/** The contact to send, or undefined when neither is given. */
export function contactOf(draft: PersonDraft): { email?: string; phone?: string } | undefined {
  const email = draft.email.trim();
  const phone = draft.phone.trim();
  if (!email && !phone) return undefined;
  return { ...(email ? { email } : {}), ...(phone ? { phone } : {}) };
}
