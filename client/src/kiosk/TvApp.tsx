// The courtroom TV (/tv#token=…): an unattended kiosk. It has no controls and never asks for the
// camera or the microphone; KioskSession keeps it on the display's current hearing by itself.
import { useEffect, useState } from 'react';
import { takeDisplayToken } from '../core/deviceSession.js';
import { KioskSession } from '../core/KioskSession.js';
import { useLang } from '../hooks/useLang.js';
import { useStore } from '../hooks/useStore.js';
import { t } from '../i18n.js';
import { TvClock } from './TvClock.js';
import { TvWall } from './TvWall.js';
import './kiosk.css';

export function TvApp() {
  useLang();
  const [token] = useState(takeDisplayToken);
  const [kiosk, setKiosk] = useState<KioskSession | null>(null);

  useEffect(() => {
    document.title = `${t('app.brand')} — ${t('tv.title')}`;
    if (!token) return;
    const next = new KioskSession({ token });
    setKiosk(next);
    next.start();
    return () => next.close();
  }, [token]);

  if (!token) return <TvNotice testId="tv-error" title={t('tv.noToken')} />;
  if (!kiosk) return <TvNotice testId="tv-starting" title={t('common.loading')} />;
  return <TvKiosk kiosk={kiosk} />;
}

function TvKiosk({ kiosk }: { kiosk: KioskSession }) {
  const state = useStore(kiosk);
  useEffect(() => {
    window.vcourt = { session: state.session }; // diagnostics, as in the courtroom
  }, [state.session]);
  const banner = state.unreachable ? t('connecting.reconnecting') : null;
  switch (state.phase) {
    case 'live':
      // A fresh wall for every session, so nothing of the last hearing lingers on screen.
      return state.session ? <TvWall key={state.generation} session={state.session} /> : null;
    case 'waiting':
      return <TvNotice testId="tv-waiting" title={t('tv.waiting')} hint={t('tv.waitingHint')} banner={banner} />;
    case 'error':
      return <TvNotice testId="tv-error" title={t('tv.error')} hint={t('tv.errorHint')} banner={banner} tone="error" />;
    default:
      return <TvNotice testId="tv-starting" title={t('common.loading')} banner={banner} />;
  }
}

interface NoticeProps {
  testId: string;
  title: string;
  hint?: string;
  banner?: string | null;
  tone?: 'neutral' | 'error';
}

/** Full screen, readable across a courtroom: the clock and one message. */
function TvNotice({ testId, title, hint, banner, tone = 'neutral' }: NoticeProps) {
  return (
    <div className={`tv tv-notice tone-${tone}`} data-testid={testId}>
      {banner && (
        <div className="tv-banner" role="status" data-testid="tv-reconnecting">
          {banner}
        </div>
      )}
      <div className="tv-notice-body">
        <div className="tv-emblem" aria-hidden="true">
          ⚖
        </div>
        <TvClock />
        <h1>{title}</h1>
        {hint && <p>{hint}</p>}
      </div>
    </div>
  );
}
