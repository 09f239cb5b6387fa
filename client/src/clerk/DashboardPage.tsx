// Today's hearings, the clerk's landing page: each hearing of the court's day with its state and
// stage, and everyone in it: role, site, link (not sent / sent / opened) and presence (waiting in
// the lobby / present / not connected). Refreshes itself every few seconds while visible.
import { useCallback } from 'react';
import { getLang, roleLabel, t } from '../i18n.js';
import type { CalendarHearing, StaffParticipantView } from '../core/protocol.js';
import { clerkApi } from './clerkApi.js';
import { HearingStateBadge, LinkBadge, PresenceBadge } from './Badges.js';
import { courtTimeOf, courtZone, formatCourtDay } from './courtTime.js';
import { inCourtOrder } from './people.js';
import { useLoad } from './useLoad.js';
import type { Workspace } from './workspace.js';

/** How often the dashboard asks again: people arrive in the lobby within seconds. */
export const DASHBOARD_POLL_MS = 5000;

export function DashboardPage({ ws }: { ws: Workspace }) {
  const { token, onError } = ws;
  const load = useCallback(() => clerkApi.dashboard(token), [token]);
  const { data, error, at } = useLoad(load, onError, DASHBOARD_POLL_MS);
  const lang = getLang();

  return (
    <section className="clerk-page" data-testid="clerk-dashboard">
      <h1>{t('clerk.dashboard.title')}</h1>
      {data && <p className="clerk-sub">{formatCourtDay(data.day, lang)}</p>}
      <p className="small muted" aria-live="off">
        {t('clerk.timezone', { zone: courtZone() })}
        {at && ` · ${t('clerk.dashboard.updated', { time: courtTimeOf(at) })}`}
      </p>
      {error && (
        <p className="notice error" role="alert">
          {error}
        </p>
      )}
      {!data && !error && <p className="muted">{t('common.loading')}</p>}
      {data?.hearings.length === 0 && (
        <p className="muted" data-testid="clerk-dashboard-none">
          {t('clerk.dashboard.none')}
        </p>
      )}
      {data?.hearings.map(({ hearing, participants }) => (
        <HearingCard key={hearing.id} hearing={hearing} people={participants} ws={ws} />
      ))}
    </section>
  );
}

function HearingCard({ hearing, people, ws }: { hearing: CalendarHearing; people: StaffParticipantView[]; ws: Workspace }) {
  const href = `/clerk/hearings/${encodeURIComponent(hearing.id)}`;
  const headingId = `dash-${hearing.id}`;
  return (
    <article className="card clerk-card" aria-labelledby={headingId} data-testid="clerk-dashboard-hearing" data-hearing-id={hearing.id}>
      <header className="clerk-card-head">
        <div>
          <span className="clerk-time">{courtTimeOf(hearing.scheduledAt)}</span>{' '}
          <h2 id={headingId} className="clerk-card-title">
            <a
              href={href}
              onClick={(e) => {
                e.preventDefault();
                ws.go({ page: 'hearing', hearingId: hearing.id });
              }}
            >
              {hearing.title}
            </a>
          </h2>
          <div className="small muted">
            {t('clerk.caseLine', { number: hearing.caseNumber, title: hearing.caseTitle })}
            {hearing.courtroom && ` · ${hearing.courtroom.name}`}
          </div>
        </div>
        <HearingStateBadge hearing={hearing} />
      </header>
      <p className="small" data-testid="clerk-counts">
        {t('clerk.counts', hearing.counts)}
      </p>
      {people.length === 0 ? (
        <p className="muted small">{t('clerk.people.none')}</p>
      ) : (
        <table className="clerk-table">
          <caption className="visually-hidden">{t('clerk.people.caption', { title: hearing.title })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('clerk.col.name')}</th>
              <th scope="col">{t('clerk.col.role')}</th>
              <th scope="col">{t('clerk.col.site')}</th>
              <th scope="col">{t('clerk.col.link')}</th>
              <th scope="col">{t('clerk.col.presence')}</th>
            </tr>
          </thead>
          <tbody>
            {inCourtOrder(people).map((p) => (
              <tr key={p.id} data-testid="clerk-dashboard-person" data-participant-id={p.id}>
                <th scope="row">{p.displayName}</th>
                <td data-label={t('clerk.col.role')}>{roleLabel(p.role)}</td>
                <td data-label={t('clerk.col.site')}>{p.site?.name ?? '—'}</td>
                <td data-label={t('clerk.col.link')}>{p.role === 'device' ? '—' : <LinkBadge person={p} />}</td>
                <td data-label={t('clerk.col.presence')}>
                  <PresenceBadge person={p} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </article>
  );
}
