// The frame of every staff page (bench, site, archive): the top bar with who is signed in and a
// sign-out button, and the page's content below.
import type { ReactNode } from 'react';
import { TopBar } from '../components/TopBar.js';
import { t } from '../i18n.js';
import type { StaffSession } from './staffApi.js';

export function StaffPage({
  className,
  testIdPrefix,
  session,
  onSignOut,
  children,
}: {
  className: string;
  /** `bench` → data-testid bench-user, bench-logout (the e2e page objects find them by these). */
  testIdPrefix: string;
  session: StaffSession | null;
  onSignOut: () => void;
  children: ReactNode;
}) {
  return (
    <div className={`page ${className}`}>
      <TopBar>
        {session && (
          <>
            <span className="bench-user" data-testid={`${testIdPrefix}-user`}>
              {session.account.displayName} ({session.account.username})
            </span>
            <button type="button" className="lang-toggle" data-testid={`${testIdPrefix}-logout`} onClick={onSignOut}>
              {t('staff.logout')}
            </button>
          </>
        )}
      </TopBar>
      <main className="bench-main">{children}</main>
    </div>
  );
}
