// A new staff account. The password is typed, or generated here (password.ts) and then shown once
// after the account is made, for the administrator to hand over in person.
import { useState, type FormEvent } from 'react';
import { t } from '../i18n.js';
import type { AccountRole, SiteRecord } from './clerkApi.js';
import { clerkApi } from './clerkApi.js';
import { clerkErrorText } from './errors.js';
import { OneTimeSecret } from './OneTimeSecret.js';
import { generatePassword, MIN_PASSWORD_LENGTH } from './password.js';
import { RoleFields, roleBody } from './RoleFields.js';
import type { Workspace } from './workspace.js';

export function NewAccount({ ws, sites, onCreated }: { ws: Workspace; sites: SiteRecord[]; onCreated: () => void }) {
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState<AccountRole>('clerk');
  const [siteId, setSiteId] = useState('');
  const [password, setPassword] = useState('');
  const [generated, setGenerated] = useState(false);
  const [shown, setShown] = useState<{ username: string; password: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  const roleAndSite = roleBody(role, siteId);
  const ready = username.trim() && displayName.trim() && password.length >= MIN_PASSWORD_LENGTH && roleAndSite !== null;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!ready || !roleAndSite) return;
    setError(null);
    setPending(true);
    try {
      const name = username.trim();
      await clerkApi.createAccount(ws.token, { username: name, displayName: displayName.trim(), password, ...roleAndSite });
      setShown(generated ? { username: name, password } : null);
      setUsername('');
      setDisplayName('');
      setPassword('');
      setGenerated(false);
      onCreated();
    } catch (e) {
      setError(clerkErrorText(e));
      ws.onError(e);
    } finally {
      setPending(false);
    }
  };

  return (
    <form className="card clerk-form" onSubmit={(e) => void submit(e)} aria-labelledby="clerk-new-account" data-testid="clerk-account-form">
      <h2 id="clerk-new-account">{t('clerk.accounts.new')}</h2>
      {shown && (
        <OneTimeSecret
          heading={t('clerk.accounts.newPassword', { username: shown.username })}
          value={shown.password}
          copyLabel={t('clerk.accounts.copyPassword')}
          onClose={() => setShown(null)}
          testId="clerk-account-created-secret"
        />
      )}
      <div className="clerk-fields">
        <div className="field">
          <label htmlFor="new-account-name">{t('clerk.accounts.displayName')}</label>
          <input
            id="new-account-name"
            type="text"
            value={displayName}
            maxLength={200}
            required
            autoComplete="off"
            onChange={(e) => setDisplayName(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="new-account-username">{t('clerk.accounts.username')}</label>
          <input
            id="new-account-username"
            type="text"
            value={username}
            maxLength={64}
            pattern="[a-z0-9._\-]{3,64}"
            required
            autoCapitalize="none"
            autoComplete="off"
            spellCheck={false}
            aria-describedby="new-account-username-hint"
            onChange={(e) => setUsername(e.target.value)}
          />
          <p id="new-account-username-hint" className="hint small muted">
            {t('clerk.accounts.usernameHint')}
          </p>
        </div>
        <RoleFields
          idPrefix="new-account"
          roleLabel={t('clerk.accounts.role')}
          role={role}
          siteId={siteId}
          sites={sites}
          onRole={setRole}
          onSite={setSiteId}
        />
        <div className="field">
          <label htmlFor="new-account-password">{t('clerk.accounts.password')}</label>
          <input
            id="new-account-password"
            type={generated ? 'text' : 'password'}
            value={password}
            minLength={MIN_PASSWORD_LENGTH}
            maxLength={256}
            required
            autoComplete="new-password"
            aria-describedby="new-account-password-hint"
            onChange={(e) => {
              setPassword(e.target.value);
              setGenerated(false);
            }}
          />
          <p id="new-account-password-hint" className="hint small muted">
            {t('clerk.accounts.passwordHint')}
          </p>
          <div className="clerk-actions">
            <button
              type="button"
              className="small secondary"
              onClick={() => {
                setPassword(generatePassword());
                setGenerated(true);
              }}
            >
              {t('clerk.accounts.generate')}
            </button>
          </div>
        </div>
      </div>
      {error && (
        <p className="notice error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="primary" disabled={!ready || pending} data-testid="clerk-account-create">
        {t('clerk.accounts.create')}
      </button>
    </form>
  );
}
