// The court administrator's staff accounts: every account with its role, site and state, a new
// account (a site officer with its site; the password typed or generated here and shown once),
// and per account the changes the API allows, each asked first (AccountCard.tsx). A clerk who
// opens the address is told this is for administrators; the server refuses them anyway.
import { useCallback } from 'react';
import { t } from '../i18n.js';
import type { StaffSession } from '../staff/staffApi.js';
import { AccountCard } from './AccountCard.js';
import { clerkApi, type AccountRecord, type SiteRecord } from './clerkApi.js';
import { NewAccount } from './NewAccount.js';
import { useLoad } from './useLoad.js';
import type { Workspace } from './workspace.js';

export function AccountsPage({ ws, me }: { ws: Workspace; me: StaffSession['account'] }) {
  if (me.role !== 'admin') {
    return (
      <section className="clerk-page" data-testid="clerk-accounts">
        <h1>{t('clerk.accounts.title')}</h1>
        <p className="notice warn" role="status" data-testid="clerk-accounts-admin-only">
          {t('clerk.accounts.adminOnly')}
        </p>
      </section>
    );
  }
  return <AccountsList ws={ws} me={me} />;
}

function AccountsList({ ws, me }: { ws: Workspace; me: StaffSession['account'] }) {
  const { token, onError } = ws;
  const load = useCallback(() => Promise.all([clerkApi.accounts(token), clerkApi.sites(token)]), [token]);
  const { data, error, reload } = useLoad(load, onError);
  const [accounts, sites]: [AccountRecord[], SiteRecord[]] = data ?? [[], []];

  return (
    <section className="clerk-page" data-testid="clerk-accounts">
      <h1>{t('clerk.accounts.title')}</h1>
      {error && (
        <p className="notice error" role="alert">
          {error}
        </p>
      )}
      {!data && !error && <p className="muted">{t('common.loading')}</p>}
      {data && accounts.length === 0 && <p className="muted">{t('clerk.accounts.none')}</p>}
      {accounts.map((account) => (
        <AccountCard key={account.id} ws={ws} account={account} sites={sites} isMe={account.id === me.id} onChanged={reload} />
      ))}
      {data && <NewAccount ws={ws} sites={sites} onCreated={reload} />}
    </section>
  );
}
