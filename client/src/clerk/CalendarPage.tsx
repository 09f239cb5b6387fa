// The court's calendar: one day or one week (Monday to Sunday) of hearings with their state; a
// hearing opens its page. Days are the court's (GMT+7), whatever zone the browser is in.
import { useCallback } from 'react';
import { getLang, t } from '../i18n.js';
import type { CalendarHearing } from '../core/protocol.js';
import { clerkApi } from './clerkApi.js';
import { HearingStateBadge } from './Badges.js';
import { addDays, courtDayOf, courtTimeOf, courtToday, courtZone, formatCourtDay, isDay, weekDays } from './courtTime.js';
import { useLoad } from './useLoad.js';
import type { Workspace } from './workspace.js';

interface Props {
  ws: Workspace;
  view: 'day' | 'week';
  day: string | null;
}

export function CalendarPage({ ws, view, day: asked }: Props) {
  const { token, onError, go } = ws;
  const day = asked && isDay(asked) ? asked : courtToday();
  const days = view === 'week' ? weekDays(day) : [day];
  const from = days[0] ?? day;
  const to = days[days.length - 1] ?? day;
  const load = useCallback(() => clerkApi.calendar(token, from, to), [token, from, to]);
  const { data, error } = useLoad(load, onError);
  const lang = getLang();
  const step = view === 'week' ? 7 : 1;
  const show = (next: { view?: 'day' | 'week'; day?: string }) =>
    go({ page: 'calendar', view: next.view ?? view, day: next.day ?? day }, true);

  const byDay = new Map<string, CalendarHearing[]>(days.map((d) => [d, []]));
  for (const h of [...(data ?? [])].sort((a, b) => a.scheduledAt.localeCompare(b.scheduledAt))) {
    byDay.get(courtDayOf(h.scheduledAt))?.push(h);
  }

  return (
    <section className="clerk-page" data-testid="clerk-calendar" data-view={view}>
      <h1>{t('clerk.calendar.title')}</h1>
      <div className="clerk-toolbar" role="group" aria-label={t('clerk.calendar.controls')}>
        <div className="clerk-segmented" role="group" aria-label={t('clerk.calendar.view')}>
          {(['day', 'week'] as const).map((v) => (
            <button
              key={v}
              type="button"
              className={v === view ? 'small primary' : 'small secondary'}
              aria-pressed={v === view}
              data-testid={`clerk-calendar-${v}`}
              onClick={() => show({ view: v })}
            >
              {t(`clerk.calendar.${v}`)}
            </button>
          ))}
        </div>
        <button
          type="button"
          className="small secondary"
          aria-label={t(`clerk.calendar.prev.${view}`)}
          onClick={() => show({ day: addDays(day, -step) })}
        >
          ‹
        </button>
        <button type="button" className="small secondary" onClick={() => show({ day: courtToday() })}>
          {t('clerk.calendar.today')}
        </button>
        <button
          type="button"
          className="small secondary"
          aria-label={t(`clerk.calendar.next.${view}`)}
          onClick={() => show({ day: addDays(day, step) })}
        >
          ›
        </button>
        <label className="clerk-inline-field">
          <span>{t('clerk.calendar.pick')}</span>
          <input type="date" value={day} onChange={(e) => isDay(e.target.value) && show({ day: e.target.value })} />
        </label>
      </div>
      <p className="small muted">{t('clerk.timezone', { zone: courtZone() })}</p>
      {error && (
        <p className="notice error" role="alert">
          {error}
        </p>
      )}
      {!data && !error && <p className="muted">{t('common.loading')}</p>}
      <div className={view === 'week' ? 'clerk-week' : 'clerk-day'}>
        {days.map((d) => (
          <section key={d} className="clerk-day-column" aria-labelledby={`cal-${d}`} data-day={d}>
            <h2 id={`cal-${d}`} className={d === courtToday() ? 'clerk-day-title today' : 'clerk-day-title'}>
              {formatCourtDay(d, lang, view === 'week' ? 'short' : 'long')}
            </h2>
            {data && (byDay.get(d)?.length ?? 0) === 0 && <p className="small muted">{t('clerk.calendar.none')}</p>}
            <ul className="clerk-list">
              {byDay.get(d)?.map((h) => (
                <li key={h.id} data-testid="clerk-calendar-hearing" data-hearing-id={h.id}>
                  <a
                    href={`/clerk/hearings/${encodeURIComponent(h.id)}`}
                    onClick={(e) => {
                      e.preventDefault();
                      go({ page: 'hearing', hearingId: h.id });
                    }}
                  >
                    <span className="clerk-time">{courtTimeOf(h.scheduledAt)}</span> {h.title}
                  </a>
                  <div className="small muted">
                    {h.caseNumber}
                    {h.courtroom && ` · ${h.courtroom.name}`}
                  </div>
                  <HearingStateBadge hearing={h} />
                </li>
              ))}
            </ul>
          </section>
        ))}
      </div>
    </section>
  );
}
