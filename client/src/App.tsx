import { lazy, Suspense, useCallback, useEffect, useRef, useState } from 'react';
import { HearingSession } from './core/HearingSession.js';
import { DEFAULT_PREFS, type DevicePrefs } from './core/localMedia.js';
import type { InvitationInfo } from './core/protocol.js';
import { isArchivePath } from './archive/paths.js';
import { BENCH_PATH, isBenchPath } from './bench/paths.js';
import { isTvPath } from './kiosk/paths.js';
import { isClerkPath } from './clerk/paths.js';
import { isSitePath } from './site/paths.js';
import { EndScreen } from './components/EndScreen.js';
import { EquipmentCheck } from './components/EquipmentCheck.js';
import { SessionView } from './components/SessionView.js';
import { StatusPage } from './components/StatusPage.js';
import { useInvitation } from './hooks/useInvitation.js';
import { useLang } from './hooks/useLang.js';
import { t } from './i18n.js';

declare global {
  interface Window {
    /** Diagnostics and end-to-end tests: the live session, once connected. */
    vcourt?: { session: HearingSession | null };
  }
}

// Loaded only under /archive: participants never download the clerk's pages.
const ArchiveApp = lazy(() => import('./archive/ArchiveApp.js').then((m) => ({ default: m.ArchiveApp })));
// Loaded only at /tv: the courtroom TV kiosk.
const TvApp = lazy(() => import('./kiosk/TvApp.js').then((m) => ({ default: m.TvApp })));
// Loaded only at /bench: the presiding judge's sign-in and hearings.
const BenchApp = lazy(() => import('./bench/BenchApp.js').then((m) => ({ default: m.BenchApp })));
// Loaded only under /clerk: the clerk's workspace (cases, calendar, hearings, links, devices).
const ClerkApp = lazy(() => import('./clerk/ClerkApp.js').then((m) => ({ default: m.ClerkApp })));
// Loaded only at /site: a site officer's sign-in and identity attestations.
const SiteApp = lazy(() => import('./site/SiteApp.js').then((m) => ({ default: m.SiteApp })));

/**
 * Four apps behind one client: the clerk archive under /archive, the courtroom TV at /tv, the
 * presiding judge's sign-in at /bench, the courtroom everywhere else.
 */
export function App({ token }: { token: string | null }) {
  const path = location.pathname;
  const Staff = isArchivePath(path)
    ? ArchiveApp
    : isTvPath(path)
      ? TvApp
      : isBenchPath(path)
        ? BenchApp
        : isClerkPath(path)
          ? ClerkApp
          : isSitePath(path)
            ? SiteApp
            : null;
  if (!Staff) return <ParticipantApp token={token} />;
  return (
    <Suspense fallback={<StatusPage testId="loading" title={t('common.loading')} />}>
      <Staff />
    </Suspense>
  );
}

/**
 * The participant's path: invitation → equipment check → session (lobby, courtroom, end).
 * The session lives as long as the page; a "rejoin" reloads, which starts the path again.
 */
function ParticipantApp({ token }: { token: string | null }) {
  useLang(); // re-render everything on language switch
  const invitation = useInvitation(token);
  const [session, setSession] = useState<HearingSession | null>(null);
  // A ref, not the state: StrictMode re-runs effects with stale state and must not connect twice.
  const created = useRef<HearingSession | null>(null);

  const startSession = useCallback(
    (info: InvitationInfo, prefs: DevicePrefs) => {
      if (!token || created.current) return;
      const next = new HearingSession({ token, role: info.participant.role, prefs });
      created.current = next;
      window.vcourt = { session: next };
      setSession(next);
      next.connect();
    },
    [token],
  );

  // Observers capture nothing, so there is no equipment to check: go straight in.
  const observerInfo = invitation.status === 'ready' && invitation.info.participant.role === 'observer' ? invitation.info : null;
  useEffect(() => {
    if (observerInfo) startSession(observerInfo, DEFAULT_PREFS);
  }, [observerInfo, startSession]);

  if (invitation.status === 'loading') return <StatusPage testId="loading" title={t('common.loading')} />;
  if (invitation.status === 'error') {
    // A presiding judge's link lives only as long as the judge's sign-in: offer that sign-in again.
    const benchSignIn = invitation.reason === 'bench_sign_in';
    return (
      <EndScreen
        kind="error"
        reason={invitation.message}
        errorCode={benchSignIn ? 'bench_sign_in' : invitation.code}
        signInHref={benchSignIn ? BENCH_PATH : undefined}
      />
    );
  }
  if (session) return <SessionView session={session} info={invitation.info} />;
  if (observerInfo) return <StatusPage testId="connecting" title={t('connecting.title')} />;
  return <EquipmentCheck info={invitation.info} token={token ?? ''} onContinue={(prefs) => startSession(invitation.info, prefs)} />;
}
