// One staff account on the administrator's list: who, role (and site), state; and the changes,
// each asked first: disable or enable, change role, reset the password (a generated one shown
// once) or the authenticator. None on the administrator's own account: the server refuses them.
import { useState } from 'react';
import { RequestError } from '../core/RequestError.js';
import { t } from '../i18n.js';
import { accountRoleLabel } from './accountRoles.js';
import type { AccountRecord, AccountRole, SiteRecord } from './clerkApi.js';
import { clerkApi } from './clerkApi.js';
import { ConfirmButton } from './Confirm.js';
import { clerkErrorText } from './errors.js';
import { OneTimeSecret } from './OneTimeSecret.js';
import { RoleFields, roleBody } from './RoleFields.js';
import type { Workspace } from './workspace.js';

interface Props {
  ws: Workspace;
  account: AccountRecord;
  sites: SiteRecord[];
  isMe: boolean;
  onChanged: () => void;
}

export function AccountCard({ ws, account, sites, isMe, onChanged }: Props) {
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const [editingRole, setEditingRole] = useState(false);
  const name = account.displayName;
  const siteName = sites.find((s) => s.id === account.siteId)?.name ?? null;
  const headingId = `account-${account.id}`;

  /** Runs one change; `forbidden` says what a 403 means for it. */
  const act = async (change: () => Promise<void>, forbidden?: string) => {
    setError(null);
    setDone(null);
    try {
      await change();
      onChanged();
    } catch (e) {
      setError(forbidden && e instanceof RequestError && e.code === 'forbidden' ? forbidden : clerkErrorText(e));
      ws.onError(e);
    }
  };

  return (
    <article
      className="card clerk-card"
      aria-labelledby={headingId}
      data-testid="clerk-account"
      data-account-id={account.id}
      data-username={account.username}
      data-disabled={account.disabled}
    >
      <header className="clerk-card-head">
        <div>
          <h2 id={headingId} className="clerk-card-title">
            {name}
          </h2>
          <div className="small muted">
            <span data-testid="clerk-account-username">{account.username}</span> ·{' '}
            <span data-testid="clerk-account-role">{accountRoleLabel(account.role, siteName)}</span>
          </div>
        </div>
        <div className="clerk-person-state">
          <span className={`clerk-badge ${account.disabled ? 'account-disabled' : 'account-active'}`} data-testid="clerk-account-state">
            {t(account.disabled ? 'clerk.accounts.disabled' : 'clerk.accounts.active')}
          </span>
          {account.totpEnabled !== undefined && (
            <span className="clerk-badge">{t(account.totpEnabled ? 'clerk.accounts.totpOn' : 'clerk.accounts.totpOff')}</span>
          )}
          {isMe && <span className="clerk-badge">{t('clerk.accounts.you')}</span>}
        </div>
      </header>
      {error && (
        <p className="notice error" role="alert">
          {error}
        </p>
      )}
      {done && (
        <p className="notice" role="status">
          {done}
        </p>
      )}
      {secret && (
        <OneTimeSecret
          heading={t('clerk.accounts.newPassword', { username: account.username })}
          value={secret}
          copyLabel={t('clerk.accounts.copyPassword')}
          onClose={() => setSecret(null)}
          testId="clerk-account-secret"
        />
      )}
      {isMe ? (
        <p className="small muted">{t('clerk.accounts.selfHint')}</p>
      ) : (
        <div className="clerk-actions" role="group" aria-label={t('clerk.accounts.actions', { name })}>
          <ConfirmButton
            label={t(account.disabled ? 'clerk.accounts.enable' : 'clerk.accounts.disable')}
            ariaLabel={`${t(account.disabled ? 'clerk.accounts.enable' : 'clerk.accounts.disable')} — ${name}`}
            question={t(account.disabled ? 'clerk.accounts.enableConfirm' : 'clerk.accounts.disableConfirm', { name })}
            danger={!account.disabled}
            testId={account.disabled ? 'clerk-account-enable' : 'clerk-account-disable'}
            onConfirm={() => act(() => clerkApi.setDisabled(ws.token, account.id, !account.disabled))}
          />
          <ConfirmButton
            label={t('clerk.accounts.resetPassword')}
            ariaLabel={`${t('clerk.accounts.resetPassword')} — ${name}`}
            question={t('clerk.accounts.resetPasswordConfirm', { name })}
            testId="clerk-account-reset-password"
            onConfirm={() => act(async () => setSecret(await clerkApi.resetPassword(ws.token, account.id)))}
          />
          <ConfirmButton
            label={t('clerk.accounts.resetTotp')}
            ariaLabel={`${t('clerk.accounts.resetTotp')} — ${name}`}
            question={t('clerk.accounts.resetTotpConfirm', { name })}
            testId="clerk-account-reset-totp"
            onConfirm={() =>
              act(async () => {
                await clerkApi.resetTotp(ws.token, account.id);
                setDone(t('clerk.accounts.totpWasReset', { name }));
              }, t('clerk.accounts.needSecondFactor'))
            }
          />
          <button
            type="button"
            className="small secondary"
            aria-expanded={editingRole}
            aria-label={`${t('clerk.accounts.changeRole')} — ${name}`}
            data-testid="clerk-account-role-open"
            onClick={() => setEditingRole(!editingRole)}
          >
            {t('clerk.accounts.changeRole')}
          </button>
        </div>
      )}
      {!isMe && editingRole && (
        <RoleChange
          account={account}
          sites={sites}
          onSave={(role, siteId) =>
            act(async () => {
              const body = roleBody(role, siteId);
              if (body) await clerkApi.setRole(ws.token, account.id, body);
              setEditingRole(false);
            })
          }
        />
      )}
    </article>
  );
}

interface RoleChangeProps {
  account: AccountRecord;
  sites: SiteRecord[];
  onSave: (role: AccountRole, siteId: string) => Promise<void>;
}

function RoleChange({ account, sites, onSave }: RoleChangeProps) {
  const [role, setRole] = useState<AccountRole>(account.role);
  const [siteId, setSiteId] = useState(account.siteId ?? '');
  const body = roleBody(role, siteId);
  const unchanged = role === account.role && (body?.siteId ?? null) === account.siteId;
  const siteName = sites.find((s) => s.id === siteId)?.name ?? null;
  return (
    <div className="clerk-inline-form" data-testid="clerk-account-role-form">
      <div className="clerk-fields">
        <RoleFields
          idPrefix={`role-${account.id}`}
          roleLabel={t('clerk.accounts.newRole')}
          role={role}
          siteId={siteId}
          sites={sites}
          onRole={setRole}
          onSite={setSiteId}
        />
      </div>
      <ConfirmButton
        label={t('clerk.accounts.changeRole')}
        ariaLabel={`${t('clerk.accounts.changeRole')} — ${account.displayName}`}
        question={t('clerk.accounts.roleConfirm', { name: account.displayName, role: accountRoleLabel(role, siteName) })}
        danger={false}
        disabled={!body || unchanged}
        testId="clerk-account-role-save"
        onConfirm={() => onSave(role, siteId)}
      />
    </div>
  );
}
