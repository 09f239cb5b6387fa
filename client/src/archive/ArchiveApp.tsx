// The clerk archive: /archive (search) and /archive/hearings/<id> (one hearing's record), behind a
// staff login. Its own small router (pushState + popstate): two pages do not need a library.
import { useCallback, useEffect, useState } from 'react';
import { TopBar } from '../components/TopBar.js';
import { RequestError } from '../core/RequestError.js';
import { useLang } from '../hooks/useLang.js';
import { t } from '../i18n.js';
import { LoginForm } from '../staff/LoginForm.js';
import { useStaffSession } from '../staff/useStaffSession.js';
import { ARCHIVE_PATH } from './paths.js';
import { RecordPage } from './RecordPage.js';
import { SearchPage } from './SearchPage.js';
import './archive.css';

function currentLocation() {
  return { path: location.pathname, query: new URLSearchParams(location.search).get('q') ?? '' };
}

export function ArchiveApp() {
  useLang();
  const { session, signIn, signOut } = useStaffSession();
  const [where, setWhere] = useState(currentLocation);

  useEffect(() => {
    document.title = `${t('app.brand')} — ${t('archive.title')}`;
    const onPop = () => setWhere(currentLocation());
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  });

  const navigate = useCallback((to: string, replace = false) => {
    if (replace) history.replaceState(null, '', to);
    else history.pushState(null, '', to);
    setWhere(currentLocation());
    window.scrollTo(0, 0);
  }, []);

  /** An expired or revoked session shows up as a 401 anywhere: back to the login form. */
  const onError = useCallback(
    (error: unknown) => {
      if (error instanceof RequestError && error.code === 'unauthorized') signOut();
    },
    [signOut],
  );

  const hearingId = /^\/archive\/hearings\/([^/]+)\/?$/.exec(where.path)?.[1];
  let content;
  if (!session)
    content = <LoginForm title={t('archive.login.title')} intro={t('archive.login.intro')} idPrefix="archive" onSignedIn={signIn} />;
  else if (hearingId) {
    content = (
      <RecordPage
        key={hearingId}
        token={session.token}
        isAdmin={session.account.role === 'admin'}
        accountId={session.account.id}
        hearingId={decodeURIComponent(hearingId)}
        onBack={() => (history.length > 1 ? history.back() : navigate(ARCHIVE_PATH))}
        onError={onError}
      />
    );
  } else {
    content = (
      <SearchPage
        token={session.token}
        query={where.query}
        onSearch={(q) => navigate(q ? `${ARCHIVE_PATH}?q=${encodeURIComponent(q)}` : ARCHIVE_PATH, true)}
        onOpen={(id) => navigate(`${ARCHIVE_PATH}/hearings/${encodeURIComponent(id)}`)}
        onError={onError}
      />
    );
  }

  return (
    <div className="page archive">
      <TopBar>
        {session && (
          <>
            <span className="archive-user" data-testid="archive-user">
              {session.account.displayName} ({session.account.username})
            </span>
            <button type="button" className="lang-toggle" data-testid="archive-logout" onClick={signOut}>
              {t('archive.logout')}
            </button>
          </>
        )}
      </TopBar>
      <main className="archive-main">{content}</main>
    </div>
  );
}
