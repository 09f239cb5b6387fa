import { useEffect, useState } from 'react';
import { COURT_TIME_ZONE, courtZoneLabel } from '../../../core/lib/courtLocale.js';
import { getLang, t } from '../i18n.js';

/** The time in the court's zone, whatever the kiosk's own clock zone is. */
export function formatTvClock(date: Date, lang: 'vi' | 'en'): { time: string; date: string } {
  const locale = lang === 'vi' ? 'vi-VN' : 'en-GB';
  const zone = { timeZone: COURT_TIME_ZONE } as const;
  return {
    time: new Intl.DateTimeFormat(locale, { ...zone, hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false }).format(date),
    date: new Intl.DateTimeFormat(locale, { ...zone, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(date),
  };
}

export function TvClock() {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 1000);
    return () => clearInterval(timer);
  }, []);
  const { time, date } = formatTvClock(now, getLang());
  return (
    <div className="tv-clock" data-testid="tv-clock" title={t('tv.timezone', { zone: courtZoneLabel(now.getTime()) })}>
      <span className="tv-clock-time">{time}</span>
      <span className="tv-clock-date">{date}</span>
    </div>
  );
}
