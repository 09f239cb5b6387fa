// Staff sign-in, for the archive and the bench: POST /api/auth/login; the session is kept by the
// app that shows the form. An account with an authenticator is answered 401 'totp_required': the
// form then asks for the code.
import { useState, type FormEvent } from 'react';
import { RequestError } from '../core/RequestError.js';
import { t } from '../i18n.js';
import { refusalReason, staffAuth, type StaffSession } from './staffApi.js';
import { staffErrorText } from './staffErrors.js';
import './staff.css';

interface Props {
  title: string;
  intro: string;
  /** Prefix of the element ids and test ids (`<prefix>-login`, `<prefix>-login-code`, …): one app, one prefix. */
  idPrefix: string;
  onSignedIn: (session: StaffSession) => void;
}

export function LoginForm({ title, intro, idPrefix, onSignedIn }: Props) {
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
      onSignedIn(await staffAuth.login(username.trim(), password, needsCode ? code.trim() : undefined));
    } catch (e) {
      if (!needsCode && refusalReason(e) === 'totp_required') setNeedsCode(true);
      else setError(loginErrorText(e, needsCode));
      setPending(false);
    }
  };

  const id = (name: string) => `${idPrefix}-${name}`;
  return (
    <section className="card staff-login" data-testid={id('login')}>
      <h1>{title}</h1>
      <p className="muted">{intro}</p>
      <form onSubmit={submit}>
        <div className="field">
          <label htmlFor={id('username')}>{t('staff.login.username')}</label>
          <input
            id={id('username')}
            type="text"
            autoComplete="username"
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            required
          />
        </div>
        <div className="field">
          <label htmlFor={id('password')}>{t('staff.login.password')}</label>
          <input
            id={id('password')}
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
          />
        </div>
        {needsCode && (
          <div className="field">
            <label htmlFor={id('code')}>{t('staff.login.code')}</label>
            <input
              id={id('code')}
              data-testid={id('login-code')}
              type="text"
              inputMode="numeric"
              autoComplete="one-time-code"
              pattern="[0-9]{6}"
              maxLength={6}
              value={code}
              onChange={(e) => setCode(e.target.value)}
              aria-describedby={id('code-hint')}
              autoFocus
              required
            />
            <p className="muted" id={id('code-hint')}>
              {t('staff.login.codeHint')}
            </p>
          </div>
        )}
        {error && (
          <p className="notice error" role="alert" data-testid={id('login-error')}>
            {error}
          </p>
        )}
        <button type="submit" className="primary large staff-submit" disabled={pending || !username || !password || (needsCode && !code)}>
          {t('staff.login.submit')}
        </button>
      </form>
    </section>
  );
}

/** The server's sign-in refusals are in English; the person reads their own language. */
function loginErrorText(error: unknown, withCode: boolean): string {
  if (error instanceof RequestError && error.code === 'unauthorized') {
    return t(withCode ? 'staff.login.wrongCode' : 'staff.login.wrongPassword');
  }
  return staffErrorText(error);
}
