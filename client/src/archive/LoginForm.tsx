// Staff sign-in for the archive: POST /api/auth/login; the session is kept by ArchiveApp. An
// account with an authenticator is answered 401 'totp_required': the form then asks for the code.
import { useState, type FormEvent } from 'react';
import { errorMessage, RequestError } from '../core/RequestError.js';
import { t } from '../i18n.js';
import { archiveApi, type StaffSession } from './archiveApi.js';

export function LoginForm({ onSignedIn }: { onSignedIn: (session: StaffSession) => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [needsCode, setNeedsCode] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setPending(true);
    setError(null);
    try {
      onSignedIn(await archiveApi.login(username.trim(), password, needsCode ? code.trim() : undefined));
    } catch (e) {
      if (!needsCode && isTotpRequired(e)) setNeedsCode(true);
      else setError(errorMessage(e));
      setPending(false);
    }
  };

  return (
    <section className="card archive-login" data-testid="archive-login">
      <h1>{t('archive.login.title')}</h1>
      <p className="muted">{t('archive.login.intro')}</p>
      <form onSubmit={submit}>
        <div className="field">
          <label htmlFor="archive-username">{t('archive.login.username')}</label>
          <input
            id="archive-username"
            type="text"
            autoComplete="username"
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            required
          />
        </div>
        <div className="field">
          <label htmlFor="archive-password">{t('archive.login.password')}</label>
          <input
            id="archive-password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
          />
        </div>
        {needsCode && (
          <div className="field">
            <label htmlFor="archive-code">{t('archive.login.code')}</label>
            <input
              id="archive-code"
              data-testid="archive-login-code"
              type="text"
              inputMode="numeric"
              autoComplete="one-time-code"
              pattern="[0-9]{6}"
              maxLength={6}
              value={code}
              onChange={(e) => setCode(e.target.value)}
              autoFocus
              required
            />
            <p className="muted">{t('archive.login.codeHint')}</p>
          </div>
        )}
        {error && (
          <p className="notice error" role="alert" data-testid="archive-login-error">
            {error}
          </p>
        )}
        <button type="submit" className="primary large archive-submit" disabled={pending || !username || !password || (needsCode && !code)}>
          {t('archive.login.submit')}
        </button>
      </form>
    </section>
  );
}

function isTotpRequired(error: unknown): boolean {
  return error instanceof RequestError && (error.details as { reason?: unknown } | undefined)?.reason === 'totp_required';
}
