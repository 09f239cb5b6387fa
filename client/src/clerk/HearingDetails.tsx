// A hearing's title, time and courtroom: editable while it is scheduled (the server refuses after,
// 409). A postponed hearing is held again instead: a new hearing with the same people, on a new
// day, whose links must be sent again.
import { useState, type FormEvent } from 'react';
import { t } from '../i18n.js';
import type { HearingView, UpdateHearingBody } from '../core/protocol.js';
import { clerkErrorText } from './errors.js';
import { when } from './Badges.js';
import { clerkApi, type SiteRecord } from './clerkApi.js';
import { ConfirmButton } from './Confirm.js';
import { courtDayOf, courtInstant, courtTimeOf, courtToday } from './courtTime.js';
import { HearingFields, type HearingDraft } from './HearingFields.js';
import type { Workspace } from './workspace.js';

interface Props {
  ws: Workspace;
  hearing: HearingView;
  sites: SiteRecord[];
  onChanged: () => void;
}

function draftOf(h: HearingView): HearingDraft {
  return { title: h.title, day: courtDayOf(h.scheduledAt), time: courtTimeOf(h.scheduledAt), courtroomSiteId: h.courtroom?.id ?? '' };
}

export function HearingDetails({ ws, hearing, sites, onChanged }: Props) {
  if (hearing.state === 'scheduled') return <EditHearing ws={ws} hearing={hearing} sites={sites} onChanged={onChanged} />;
  if (hearing.state === 'adjourned' && hearing.outcome === 'postponed') return <Reschedule ws={ws} hearing={hearing} sites={sites} />;
  return <p className="small muted">{t('clerk.hearing.locked')}</p>;
}

function EditHearing({ ws, hearing, sites, onChanged }: Props) {
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState<HearingDraft>(() => draftOf(hearing));
  const [error, setError] = useState<string | null>(null);
  const scheduledAt = courtInstant(draft.day, draft.time);

  if (!open) {
    return (
      <button
        type="button"
        className="secondary small"
        data-testid="clerk-edit-hearing"
        onClick={() => {
          setDraft(draftOf(hearing));
          setOpen(true);
        }}
      >
        {t('clerk.hearing.edit')}
      </button>
    );
  }
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!scheduledAt) return;
    const before = draftOf(hearing);
    const moved = draft.day !== before.day || draft.time !== before.time;
    // The server refuses a new time in the past (400): say why here, in the reader's language.
    if (moved && Date.parse(scheduledAt) <= Date.now()) return setError(t('clerk.hearing.mustBeFuture'));
    const body: UpdateHearingBody = {
      ...(draft.title.trim() !== hearing.title ? { title: draft.title.trim() } : {}),
      ...(moved ? { scheduledAt } : {}),
      ...(draft.courtroomSiteId !== before.courtroomSiteId ? { courtroomSiteId: draft.courtroomSiteId || null } : {}),
    };
    if (Object.keys(body).length === 0) return setOpen(false);
    try {
      await clerkApi.updateHearing(ws.token, hearing.id, body);
      setOpen(false);
      onChanged();
    } catch (e) {
      setError(clerkErrorText(e));
      ws.onError(e);
    }
  };
  return (
    <form className="card clerk-form" onSubmit={(e) => void submit(e)} aria-label={t('clerk.hearing.edit')}>
      <HearingFields draft={draft} onChange={setDraft} sites={sites} idPrefix="edit-hearing" />
      {error && (
        <p className="notice error" role="alert">
          {error}
        </p>
      )}
      <div className="clerk-actions">
        <button type="submit" className="primary" disabled={!scheduledAt || !draft.title.trim()}>
          {t('clerk.save')}
        </button>
        <button type="button" className="secondary" onClick={() => setOpen(false)}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

function Reschedule({ ws, hearing, sites }: Omit<Props, 'onChanged'>) {
  const [draft, setDraft] = useState<HearingDraft>(() => ({ ...draftOf(hearing), day: courtToday() }));
  const [error, setError] = useState<string | null>(null);
  const scheduledAt = courtInstant(draft.day, draft.time);

  const reschedule = async () => {
    if (!scheduledAt) return;
    if (Date.parse(scheduledAt) <= Date.now()) return setError(t('clerk.hearing.mustBeFuture'));
    try {
      const next = await clerkApi.reschedule(ws.token, hearing.id, scheduledAt);
      ws.go({ page: 'hearing', hearingId: next.hearing.id });
    } catch (e) {
      setError(clerkErrorText(e));
      ws.onError(e);
    }
  };
  return (
    <div className="card clerk-form" data-testid="clerk-reschedule">
      <h2>{t('clerk.hearing.reschedule')}</h2>
      <p className="small">{t('clerk.hearing.rescheduleHint')}</p>
      <HearingFields draft={draft} onChange={setDraft} sites={sites} idPrefix="reschedule" whenOnly />
      {error && (
        <p className="notice error" role="alert">
          {error}
        </p>
      )}
      <ConfirmButton
        label={t('clerk.hearing.rescheduleSubmit')}
        question={t('clerk.hearing.rescheduleConfirm', { when: scheduledAt ? when(scheduledAt) : '—' })}
        danger={false}
        disabled={!scheduledAt}
        onConfirm={reschedule}
        testId="clerk-reschedule-submit"
      />
    </div>
  );
}
