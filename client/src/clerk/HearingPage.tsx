// One hearing: its details (editable while scheduled; a postponed one is held again), the panel
// and everyone else in it with their links, adding people, and the courtroom's devices. Refreshes
// itself while visible, so "opened" and "waiting in the lobby" appear without a reload.
import { isStaffSeat } from '../../../core/protocol/staffSeats.js';
import { useMemo, useState } from 'react';
import { t } from '../i18n.js';
import type { Invitation } from '../core/protocol.js';
import { clerkErrorText } from './errors.js';
import { AddPerson } from './AddPerson.js';
import { HearingStateBadge, when } from './Badges.js';
import { clerkApi, type SiteRecord } from './clerkApi.js';
import { ConfirmButton } from './Confirm.js';
import { DASHBOARD_POLL_MS } from './DashboardPage.js';
import { HearingDetails } from './HearingDetails.js';
import { HearingDevices } from './HearingDevices.js';
import { courtZone } from './courtTime.js';
import { channels, inCourtOrder, linkState, rolesForKind } from './people.js';
import { PersonRow } from './PersonRow.js';
import { useLoad } from './useLoad.js';
import type { Workspace } from './workspace.js';

/**
 * The hearing and its people, every poll; its case (for the kind) and the sites once per visit,
 * since only the people change from one poll to the next.
 */
function hearingLoader(token: string, hearingId: string) {
  let once: Promise<[Awaited<ReturnType<typeof clerkApi.getCase>>, SiteRecord[]]> | null = null;
  return async () => {
    const detail = await clerkApi.getHearing(token, hearingId);
    once ??= Promise.all([clerkApi.getCase(token, detail.hearing.caseId), clerkApi.sites(token)]);
    const [kase, sites] = await once.catch((error: unknown) => {
      once = null; // asked again at the next poll
      throw error;
    });
    return { ...detail, kase: kase.case, sites };
  };
}

export function HearingPage({ ws, hearingId }: { ws: Workspace; hearingId: string }) {
  const { token, onError, go } = ws;
  const load = useMemo(() => hearingLoader(token, hearingId), [token, hearingId]);
  const { data, error, reload } = useLoad(load, onError, DASHBOARD_POLL_MS);
  const [fresh, setFresh] = useState<Record<string, Invitation | null>>({});
  const [bulk, setBulk] = useState<string | null>(null);
  const freshFor = (pid: string) => (link: Invitation | null) => setFresh((f) => ({ ...f, [pid]: link }));

  if (!data) {
    return (
      <section className="clerk-page" data-testid="clerk-hearing-page">
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
  const { hearing, participants, kase, sites } = data;
  const scheduled = hearing.state === 'scheduled';
  const ended = hearing.state === 'adjourned';
  const hasJudge = participants.some((p) => p.role === 'judge');
  const roles = rolesForKind(kase.kind).filter((r) => r !== 'judge' || !hasJudge);
  const people = inCourtOrder(participants);
  const unsent = people.filter((p) => !isStaffSeat(p.role) && p.role !== 'device' && linkState(p) === 'not_sent' && channels(p).length > 0);

  const sendAll = async () => {
    setBulk(null);
    let sent = 0;
    for (const p of unsent) {
      try {
        const [channel] = channels(p);
        await clerkApi.send(token, hearing.id, p.id, channel);
        freshFor(p.id)(null); // sent: the link shown when they were added no longer works
        sent++;
      } catch (e) {
        onError(e);
        setBulk(t('clerk.people.sendAllFailed', { name: p.displayName, error: clerkErrorText(e) }));
        break;
      }
    }
    if (sent === unsent.length) setBulk(t('clerk.people.sendAllDone', { count: sent }));
    reload();
  };

  return (
    <section className="clerk-page" data-testid="clerk-hearing-page" data-hearing-id={hearing.id} data-state={hearing.state}>
      <p className="small muted">
        <a
          href={`/clerk/cases/${encodeURIComponent(kase.id)}`}
          onClick={(e) => {
            e.preventDefault();
            go({ page: 'case', caseId: kase.id });
          }}
        >
          {t('clerk.caseLine', { number: kase.number, title: kase.title })}
        </a>
      </p>
      <div className="clerk-title-row">
        <h1>{hearing.title}</h1>
        <HearingStateBadge hearing={hearing} />
      </div>
      <p className="clerk-sub">
        {when(hearing.scheduledAt)} · {t('clerk.timezone', { zone: courtZone() })}
        {hearing.courtroom && ` · ${hearing.courtroom.name}`}
      </p>
      {error && (
        <p className="notice error" role="alert">
          {error}
        </p>
      )}
      <HearingDetails ws={ws} hearing={hearing} sites={sites} onChanged={reload} />

      <h2>{t('clerk.people.title')}</h2>
      {people.length === 0 && <p className="muted">{t('clerk.people.none')}</p>}
      {!ended && unsent.length > 0 && (
        <ConfirmButton
          label={t('clerk.people.sendAll', { count: unsent.length })}
          question={t('clerk.people.sendAllConfirm', { names: unsent.map((p) => p.displayName).join(', ') })}
          danger={false}
          onConfirm={sendAll}
          testId="clerk-send-all"
        />
      )}
      {bulk && (
        <p className="notice" role="status" data-testid="clerk-send-all-result">
          {bulk}
        </p>
      )}
      <ul className="clerk-people" data-testid="clerk-people">
        {people.map((p) => (
          <PersonRow
            key={p.id}
            ws={ws}
            person={p}
            hearingScheduled={scheduled}
            hearingEnded={ended}
            sites={sites}
            roles={rolesForKind(kase.kind).filter((r) => r !== 'judge')}
            fresh={fresh[p.id] ?? null}
            onFresh={freshFor(p.id)}
            onChanged={reload}
          />
        ))}
      </ul>
      {!ended && (
        <AddPerson
          ws={ws}
          hearingId={hearing.id}
          roles={roles}
          sites={sites}
          onAdded={(p, link) => {
            freshFor(p.id)(link);
            reload();
          }}
        />
      )}
      {!ended && <HearingDevices ws={ws} hearingId={hearing.id} attached={participants} onAttached={reload} />}
    </section>
  );
}
