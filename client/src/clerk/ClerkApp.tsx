// The clerk's workspace under /clerk: today's hearings, the calendar, cases, one hearing's people
// and links, sites and devices, behind a staff sign-in (clerks and administrators). Its own small
// router (pushState + popstate), like the archive's: a handful of screens need no library.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { TopBar } from '../components/TopBar.js';
import { RequestError } from '../core/RequestError.js';
import { useLang } from '../hooks/useLang.js';
import { t, type MessageKey } from '../i18n.js';
import { LoginForm } from '../staff/LoginForm.js';
import type { StaffSession } from '../staff/staffApi.js';
import { useStaffSession } from '../staff/useStaffSession.js';
import { AccountsPage } from './AccountsPage.js';
import { CalendarPage } from './CalendarPage.js';
import { CasePage } from './CasePage.js';
import { CasesPage } from './CasesPage.js';
import { DashboardPage } from './DashboardPage.js';
import { HearingPage } from './HearingPage.js';
import { parseRoute, routePath, type ClerkRoute } from './paths.js';
import { SitesPage } from './SitesPage.js';
import type { Workspace } from './workspace.js';
import './clerk.css';

const currentRoute = () => parseRoute(location.pathname, location.search);

const NAV: Array<{ page: ClerkRoute['page']; route: ClerkRoute; label: MessageKey; adminOnly?: boolean }> = [
  { page: 'dashboard', route: { page: 'dashboard' }, label: 'clerk.nav.today' },
  { page: 'calendar', route: { page: 'calendar', view: 'day', day: null }, label: 'clerk.nav.calendar' },
  { page: 'cases', route: { page: 'cases', q: '' }, label: 'clerk.nav.cases' },
  { page: 'sites', route: { page: 'sites' }, label: 'clerk.nav.sites' },
  { page: 'accounts', route: { page: 'accounts' }, label: 'clerk.nav.accounts', adminOnly: true },
];

/** Which menu entry a screen belongs to (a case page is under "Cases"). */
function section(route: ClerkRoute): ClerkRoute['page'] {
  if (route.page === 'case') return 'cases';
  if (route.page === 'hearing') return 'calendar';
  return route.page;
}

export function ClerkApp() {
  useLang();
  const staff = useStaffSession();
  const { session, signOut, forget } = staff;
  const [route, setRoute] = useState<ClerkRoute>(currentRoute);
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    document.title = `${t('app.brand')} — ${t('clerk.title')}`;
    const onPop = () => setRoute(currentRoute());
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  });

  const go = useCallback((to: ClerkRoute, replace = false) => {
    const path = routePath(to);
    if (replace) history.replaceState(null, '', path);
    else history.pushState(null, '', path);
    setRoute(currentRoute());
    if (!replace) window.scrollTo(0, 0);
  }, []);

  /** A 401 anywhere: the session is over (signed out elsewhere, expired); sign in again. */
  const onError = useCallback(
    (error: unknown) => {
      if (error instanceof RequestError && error.code === 'unauthorized') {
        forget();
        setNotice(t('staff.error.signedOut'));
      }
    },
    [forget],
  );
  const signIn = (next: StaffSession) => {
    setNotice(null);
    staff.signIn(next);
  };

  const ws: Workspace | null = useMemo(() => (session ? { token: session.token, go, onError } : null), [session, go, onError]);

  let content;
  if (!session || !ws) {
    content = (
      <>
        {notice && (
          <p className="notice warn" role="status" data-testid="clerk-notice">
            {notice}
          </p>
        )}
        <LoginForm title={t('clerk.login.title')} intro={t('clerk.login.intro')} idPrefix="clerk" onSignedIn={signIn} />
      </>
    );
  } else if (session.account.role !== 'clerk' && session.account.role !== 'admin') {
    content = (
      <p className="notice error" role="alert" data-testid="clerk-error">
        {t('clerk.notClerk', { username: session.account.username })}
      </p>
    );
  } else {
    content = <Screen route={route} ws={ws} account={session.account} />;
  }

  const current = section(route);
  return (
    <div className="page clerk">
      <TopBar>
        {session && (
          <>
            <span className="clerk-user" data-testid="clerk-user">
              {session.account.displayName}
            </span>
            <button type="button" className="lang-toggle" data-testid="clerk-logout" onClick={signOut}>
              {t('staff.logout')}
            </button>
          </>
        )}
      </TopBar>
      {session && ws && (
        <nav className="clerk-nav" aria-label={t('clerk.nav.label')}>
          {NAV.filter((item) => !item.adminOnly || session.account.role === 'admin').map((item) => (
            <a
              key={item.page}
              href={routePath(item.route)}
              aria-current={current === item.page ? 'page' : undefined}
              data-testid={`clerk-nav-${item.page}`}
              onClick={(e) => {
                e.preventDefault();
                go(item.route);
              }}
            >
              {t(item.label)}
            </a>
          ))}
        </nav>
      )}
      <main className="clerk-main">{content}</main>
    </div>
  );
}

function Screen({ route, ws, account }: { route: ClerkRoute; ws: Workspace; account: StaffSession['account'] }) {
  switch (route.page) {
    case 'dashboard':
      return <DashboardPage ws={ws} />;
    case 'calendar':
      return <CalendarPage ws={ws} view={route.view} day={route.day} />;
    case 'cases':
      return <CasesPage ws={ws} query={route.q} />;
    case 'case':
      return <CasePage key={route.caseId} ws={ws} caseId={route.caseId} />;
    case 'hearing':
      return <HearingPage key={route.hearingId} ws={ws} hearingId={route.hearingId} />;
    case 'sites':
      return <SitesPage ws={ws} />;
    case 'accounts':
      return <AccountsPage ws={ws} me={account} />;
  }
}
