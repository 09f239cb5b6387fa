// Adding a person to a hearing: name, role (by the case's kind), site, contact; for a bench seat
// (the judges, the clerk of the hearing: core/protocol/staffSeats.ts), the account the seat is bound
// to, picked from GET /api/judges or /api/clerks (typed by its id should that list be unavailable).
// Those seats get no link: their accounts open them from /bench.
import { useEffect, useState, type FormEvent } from 'react';
import { t } from '../i18n.js';
import type { Invitation, JudgeAccountView, PersonRole, StaffParticipantView } from '../core/protocol.js';
import { seatAccountRole, type SeatAccountRole } from '../../../core/protocol/staffSeats.js';
import { clerkErrorText } from './errors.js';
import { clerkApi, type SiteRecord } from './clerkApi.js';
import { contactOf, languagesOf, PersonFields, type PersonDraft } from './PersonFields.js';
import type { Workspace } from './workspace.js';

interface Props {
  ws: Workspace;
  hearingId: string;
  roles: readonly PersonRole[];
  sites: SiteRecord[];
  onAdded: (person: StaffParticipantView, link: Invitation | null) => void;
}

export function AddPerson({ ws, hearingId, roles, sites, onAdded }: Props) {
  const first = roles[0] ?? 'observer';
  const empty: PersonDraft = { displayName: '', role: first, siteId: '', email: '', phone: '', langFrom: 'vi', langTo: '' };
  const [draft, setDraft] = useState<PersonDraft>(empty);
  const [accountId, setAccountId] = useState('');
  const [accounts, setAccounts] = useState<{ role: SeatAccountRole; list: JudgeAccountView[] } | null>(null);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [added, setAdded] = useState<string | null>(null);
  const accountRole = seatAccountRole(draft.role);
  const isJudge = accountRole !== undefined;

  // The role list changes when the judge's seat is taken: keep the choice valid.
  useEffect(() => {
    if (!roles.includes(draft.role)) setDraft((d) => ({ ...d, role: roles[0] ?? 'observer' }));
  }, [roles, draft.role]);

  useEffect(() => {
    if (!accountRole || accounts?.role === accountRole) return;
    const load = accountRole === 'clerk' ? clerkApi.clerks : clerkApi.judges;
    load(ws.token).then(
      (list) => setAccounts({ role: accountRole, list }),
      () => setAccounts({ role: accountRole, list: [] }),
    );
  }, [accountRole, accounts, ws.token]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setPending(true);
    setError(null);
    setAdded(null);
    try {
      const contact = isJudge ? undefined : contactOf(draft);
      const reply = await clerkApi.addParticipant(ws.token, hearingId, {
        displayName: draft.displayName.trim(),
        role: draft.role,
        ...(draft.siteId ? { siteId: draft.siteId } : {}),
        ...(isJudge ? { accountId: accountId.trim() } : {}),
        ...(contact ? { contact } : {}),
        ...(languagesOf(draft) ? { languages: languagesOf(draft) } : {}),
      });
      onAdded(reply.participant, reply.invitation);
      setAdded(reply.participant.displayName);
      setDraft({ ...empty, role: isJudge ? first : draft.role });
      setAccountId('');
    } catch (e) {
      setError(clerkErrorText(e));
      ws.onError(e);
    } finally {
      setPending(false);
    }
  };

  return (
    <form className="card clerk-form" onSubmit={(e) => void submit(e)} aria-labelledby="clerk-add-person" data-testid="clerk-add-person">
      <h2 id="clerk-add-person">{t('clerk.people.add')}</h2>
      <PersonFields draft={draft} onChange={setDraft} roles={roles} sites={sites} idPrefix="add-person" />
      {isJudge && (
        <div className="field">
          {accounts && accounts.role === accountRole && accounts.list.length > 0 ? (
            <>
              <label htmlFor="add-person-account">{t('clerk.people.account')}</label>
              <select id="add-person-account" value={accountId} required onChange={(e) => setAccountId(e.target.value)}>
                <option value="">{t('clerk.people.accountPick')}</option>
                {accounts.list.map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.displayName} ({a.username})
                  </option>
                ))}
              </select>
            </>
          ) : (
            <>
              <label htmlFor="add-person-account">{t('clerk.people.accountId')}</label>
              <input
                id="add-person-account"
                type="text"
                value={accountId}
                required
                maxLength={64}
                onChange={(e) => setAccountId(e.target.value)}
              />
            </>
          )}
          <span className="hint">{t('clerk.people.accountHint')}</span>
        </div>
      )}
      {error && (
        <p className="notice error" role="alert">
          {error}
        </p>
      )}
      {added && (
        <p className="notice ok" role="status">
          {t('clerk.people.added', { name: added })}
        </p>
      )}
      <button
        type="submit"
        className="primary"
        disabled={pending || !draft.displayName.trim() || (isJudge && !accountId.trim())}
        data-testid="clerk-add-person-submit"
      >
        {t('clerk.people.addSubmit')}
      </button>
    </form>
  );
}
