// The presiding judge's door, /bench: the judge signs in with their own staff account (and
// authenticator code), sees the hearings they preside and joins one. The courtroom link is made
// for this sign-in only, so nobody else (no clerk) can hand out a working judge's link.
import { useCallback, useEffect, useState } from 'react';
import { TopBar } from '../components/TopBar.js';
import { useLang } from '../hooks/useLang.js';
import { t } from '../i18n.js';
import { LoginForm } from '../staff/LoginForm.js';
import type { StaffSession } from '../staff/staffApi.js';
import { useStaffSession } from '../staff/useStaffSession.js';
import { BenchHearings } from './BenchHearings.js';
import './bench.css';

export function BenchApp() {
  useLang();
  const staff = useStaffSession();
  const { session, signOut } = staff;
  /** Why the sign-in form is back (the session ended elsewhere), shown above it. */
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    document.title = `${t('app.brand')} — ${t('bench.title')}`;
  });

  const signIn = (next: StaffSession) => {
    setNotice(null);
    staff.signIn(next);
  };
  /** A 401 anywhere: the session is over (signed out elsewhere, expired, disabled); sign in again. */
  const { forget } = staff;
  const onSignedOut = useCallback(() => {
    forget();
    setNotice(t('staff.error.signedOut'));
  }, [forget]);

  let content;
  if (!session) {
    content = (
      <>
        {notice && (
          <p className="notice warn bench-notice" role="status" data-testid="bench-notice">
            {notice}
          </p>
        )}
        <LoginForm title={t('bench.login.title')} intro={t('bench.login.intro')} idPrefix="bench" onSignedIn={signIn} />
      </>
    );
  } else if (session.account.role !== 'judge') {
    content = (
      <p className="notice error" role="alert" data-testid="bench-error">
        {t('bench.notJudge', { username: session.account.username })}
      </p>
    );
  } else {
    content = <BenchHearings token={session.token} onSignedOut={onSignedOut} />;
  }

  return (
    <div className="page bench">
      <TopBar>
        {session && (
          <>
            <span className="bench-user" data-testid="bench-user">
              {session.account.displayName} ({session.account.username})
            </span>
            <button type="button" className="lang-toggle" data-testid="bench-logout" onClick={signOut}>
              {t('staff.logout')}
            </button>
          </>
        )}
      </TopBar>
      <main className="bench-main">{content}</main>
    </div>
  );
}
