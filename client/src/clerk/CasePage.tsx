// One case: its number, title and kind (editable), its hearings, and a new hearing (title, day
// and time in GMT+7, courtroom). A scheduled hearing opens its page, where its people are added.
import { useCallback, useState, type FormEvent } from 'react';
import { t } from '../i18n.js';
import type { CaseKind, CaseView } from '../core/protocol.js';
import { clerkErrorText } from './errors.js';
import { clerkApi } from './clerkApi.js';
import { caseKindLabel, HearingStateBadge, when } from './Badges.js';
import { CaseFields } from './CasesPage.js';
import { courtInstant, courtToday } from './courtTime.js';
import { HearingFields, type HearingDraft } from './HearingFields.js';
import { useLoad } from './useLoad.js';
import type { Workspace } from './workspace.js';

export function CasePage({ ws, caseId }: { ws: Workspace; caseId: string }) {
  const { token, onError, go } = ws;
  const load = useCallback(() => Promise.all([clerkApi.getCase(token, caseId), clerkApi.sites(token)]), [token, caseId]);
  const { data, error, reload } = useLoad(load, onError);
  const [editing, setEditing] = useState(false);

  if (!data) {
    return (
      <section className="clerk-page" data-testid="clerk-case-page">
        {error ? (
          <p className="notice error" role="alert">
            {error}
          </p>
        ) : (
          <p className="muted">{t('common.loading')}</p>
        )}
      </section>
    );
  }
  const [{ case: kase, hearings }, sites] = data;
  return (
    <section className="clerk-page" data-testid="clerk-case-page" data-case-id={kase.id}>
      <p className="small muted">{caseKindLabel(kase.kind)}</p>
      <div className="clerk-title-row">
        <h1>{t('clerk.case.heading', { number: kase.number })}</h1>
        {!editing && (
          <button type="button" className="secondary small" onClick={() => setEditing(true)}>
            {t('clerk.case.edit')}
          </button>
        )}
      </div>
      <p className="clerk-sub">{kase.title}</p>
      {editing && (
        <CaseEdit
          ws={ws}
          kase={kase}
          onDone={(changed) => {
            setEditing(false);
            if (changed) reload();
          }}
        />
      )}
      <h2>{t('clerk.case.hearings')}</h2>
      {hearings.length === 0 && <p className="muted">{t('clerk.case.noHearings')}</p>}
      <ul className="clerk-list" data-testid="clerk-case-hearings">
        {hearings.map((h) => (
          <li key={h.id} data-hearing-id={h.id}>
            <a
              href={`/clerk/hearings/${encodeURIComponent(h.id)}`}
              onClick={(e) => {
                e.preventDefault();
                go({ page: 'hearing', hearingId: h.id });
              }}
            >
              {h.title}
            </a>
            <div className="small muted">{when(h.scheduledAt)}</div>
            <HearingStateBadge hearing={h} />
          </li>
        ))}
      </ul>
      <NewHearing ws={ws} caseId={kase.id} sites={sites} />
    </section>
  );
}

function CaseEdit({ ws, kase, onDone }: { ws: Workspace; kase: CaseView; onDone: (changed: boolean) => void }) {
  const [number, setNumber] = useState(kase.number);
  const [title, setTitle] = useState(kase.title);
  const [kind, setKind] = useState<CaseKind>(kase.kind);
  const [error, setError] = useState<string | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const body = {
      ...(number.trim() !== kase.number ? { number: number.trim() } : {}),
      ...(title.trim() !== kase.title ? { title: title.trim() } : {}),
      ...(kind !== kase.kind ? { kind } : {}),
    };
    if (Object.keys(body).length === 0) return onDone(false);
    try {
      await clerkApi.updateCase(ws.token, kase.id, body);
      onDone(true);
    } catch (e) {
      setError(clerkErrorText(e));
      ws.onError(e);
    }
  };
  return (
    <form className="card clerk-form" onSubmit={(e) => void submit(e)} aria-label={t('clerk.case.edit')}>
      <CaseFields number={number} title={title} kind={kind} onNumber={setNumber} onTitle={setTitle} onKind={setKind} idPrefix="edit-case" />
      {error && (
        <p className="notice error" role="alert">
          {error}
        </p>
      )}
      <div className="clerk-actions">
        <button type="submit" className="primary">
          {t('clerk.save')}
        </button>
        <button type="button" className="secondary" onClick={() => onDone(false)}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

function NewHearing({ ws, caseId, sites }: { ws: Workspace; caseId: string; sites: Awaited<ReturnType<typeof clerkApi.sites>> }) {
  const [draft, setDraft] = useState<HearingDraft>({
    title: t('clerk.hearing.titleDefault'),
    day: courtToday(),
    time: '08:00',
    courtroomSiteId: '',
  });
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const scheduledAt = courtInstant(draft.day, draft.time);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!scheduledAt) return;
    setPending(true);
    setError(null);
    try {
      const hearing = await clerkApi.createHearing(ws.token, {
        caseId,
        title: draft.title.trim(),
        scheduledAt,
        ...(draft.courtroomSiteId ? { courtroomSiteId: draft.courtroomSiteId } : {}),
      });
      ws.go({ page: 'hearing', hearingId: hearing.id });
    } catch (e) {
      setError(clerkErrorText(e));
      ws.onError(e);
      setPending(false);
    }
  };

  return (
    <form className="card clerk-form" onSubmit={(e) => void submit(e)} aria-labelledby="clerk-new-hearing" data-testid="clerk-hearing-form">
      <h2 id="clerk-new-hearing">{t('clerk.hearing.new')}</h2>
      <HearingFields draft={draft} onChange={setDraft} sites={sites} idPrefix="new-hearing" />
      {error && (
        <p className="notice error" role="alert">
          {error}
        </p>
      )}
      <button
        type="submit"
        className="primary"
        disabled={pending || !scheduledAt || !draft.title.trim()}
        data-testid="clerk-hearing-create"
      >
        {t('clerk.hearing.create')}
      </button>
    </form>
  );
}
