// Correcting a person before they connect: only what changed is sent (PATCH). The presiding
// judge's role and account binding are never changed here (the server refuses it too).
import { isStaffSeat } from '../../../core/protocol/staffSeats.js';
import { useState, type FormEvent } from 'react';
import { t } from '../i18n.js';
import type { PersonRole, StaffParticipantView, UpdateParticipantBody } from '../core/protocol.js';
import { clerkErrorText } from './errors.js';
import { clerkApi, type SiteRecord } from './clerkApi.js';
import { contactOf, languagesOf, PersonFields, type PersonDraft } from './PersonFields.js';
import type { Workspace } from './workspace.js';

interface Props {
  ws: Workspace;
  person: StaffParticipantView;
  roles: readonly PersonRole[];
  sites: SiteRecord[];
  onDone: (changed: boolean) => void;
}

export function PersonEdit({ ws, person: p, roles, sites, onDone }: Props) {
  const start: PersonDraft = {
    displayName: p.displayName,
    role: p.role as PersonRole,
    siteId: p.site?.id ?? '',
    email: p.contact?.email ?? '',
    phone: p.contact?.phone ?? '',
    langFrom: p.interprets?.from ?? 'vi',
    langTo: p.interprets?.to ?? '',
  };
  const [draft, setDraft] = useState(start);
  const [error, setError] = useState<string | null>(null);
  const isJudge = isStaffSeat(p.role);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const body: Record<string, unknown> = {};
    if (draft.displayName.trim() !== p.displayName) body.displayName = draft.displayName.trim();
    if (!isJudge && draft.role !== p.role) body.role = draft.role;
    if (draft.siteId !== start.siteId) body.siteId = draft.siteId || null;
    if (draft.email.trim() !== start.email || draft.phone.trim() !== start.phone) body.contact = contactOf(draft) ?? null;
    const languages = languagesOf(draft) ?? null;
    if (draft.role === 'interpreter' && JSON.stringify(languages) !== JSON.stringify(p.interprets ?? null)) body.languages = languages;
    if (Object.keys(body).length === 0) return onDone(false);
    try {
      await clerkApi.updateParticipant(ws.token, p.hearingId, p.id, body as UpdateParticipantBody);
      onDone(true);
    } catch (e) {
      setError(clerkErrorText(e));
      ws.onError(e);
    }
  };

  const choices = roles.includes(p.role as PersonRole) ? roles : [p.role as PersonRole, ...roles];
  return (
    <form
      className="clerk-form clerk-inline-form"
      onSubmit={(e) => void submit(e)}
      aria-label={t('clerk.people.editOf', { name: p.displayName })}
    >
      <PersonFields draft={draft} onChange={setDraft} roles={choices} sites={sites} idPrefix={`edit-${p.id}`} roleLocked={isJudge} />
      {error && (
        <p className="notice error" role="alert">
          {error}
        </p>
      )}
      <div className="clerk-actions">
        <button type="submit" className="small primary">
          {t('clerk.save')}
        </button>
        <button type="button" className="small secondary" onClick={() => onDone(false)}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
