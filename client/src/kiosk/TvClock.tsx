import { useEffect, useState } from 'react';
import { courtZoneLabel } from '../../../core/lib/courtLocale.js';
import { courtClock, courtDate } from '../courtTime.js';
import { getLang, t } from '../i18n.js';

/** The time in the court's zone, whatever the kiosk's own clock zone is (the zone is in the title). */
export function formatTvClock(date: Date, lang: 'vi' | 'en'): { time: string; date: string } {
  return { time: courtClock(date, lang, true), date: courtDate(date, lang) };
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
