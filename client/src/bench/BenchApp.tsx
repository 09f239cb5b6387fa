// The bench's door, /bench: a judge or the clerk of a hearing signs in with their own staff account
// (and authenticator code), sees the hearings where they have a seat and joins one. The courtroom
// link is made for this sign-in only, so nobody else can hand out a working bench link.
import { useCallback, useEffect, useState } from 'react';
import { useLang } from '../hooks/useLang.js';
import { t } from '../i18n.js';
import { LoginForm } from '../staff/LoginForm.js';
import type { StaffSession } from '../staff/staffApi.js';
import { StaffPage } from '../staff/StaffPage.js';
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
  } else if (session.account.role !== 'judge' && session.account.role !== 'clerk') {
    content = (
      <p className="notice error" role="alert" data-testid="bench-error">
        {t('bench.notJudge', { username: session.account.username })}
      </p>
    );
  } else {
    content = <BenchHearings token={session.token} onSignedOut={onSignedOut} />;
  }

  return (
    <StaffPage className="bench" testIdPrefix="bench" session={session} onSignOut={signOut}>
      {content}
    </StaffPage>
  );
}
