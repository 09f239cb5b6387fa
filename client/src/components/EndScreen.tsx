import type { Phase } from '../core/sessionState.js';
import { t, type MessageKey } from '../i18n.js';
import { StatusPage } from './StatusPage.js';

export type EndKind = Extract<Phase, 'ended' | 'removed' | 'denied' | 'left' | 'error'>;

interface Props {
  kind: EndKind;
  /** The server's reason or message, shown as given. */
  reason: string | null;
  /** Client-side error codes get a translated explanation instead of a raw message. */
  errorCode?: string | null;
  onRejoin?: () => void;
  /** Where to sign in again (the presiding judge's link ended with their sign-in). */
  signInHref?: string;
}

const TITLES: Record<EndKind, MessageKey> = {
  ended: 'end.ended.title',
  removed: 'end.removed.title',
  denied: 'end.denied.title',
  left: 'end.left.title',
  error: 'end.error.title',
};

const CLIENT_ERRORS: Record<string, MessageKey> = {
  no_token: 'error.noToken',
  network: 'error.network',
  timeout: 'error.timeout',
  disconnected: 'error.serverDisconnect',
  bench_sign_in: 'error.benchSignIn',
};

/** Where a session ends: adjourned, removed, denied, left, or could not start. */
export function EndScreen({ kind, reason, errorCode, onRejoin, signInHref }: Props) {
  const clientError = errorCode ? CLIENT_ERRORS[errorCode] : undefined;
  const detail = clientError ? t(clientError) : reason;
  return (
    <StatusPage
      testId={`${kind}-screen`}
      title={t(TITLES[kind])}
      tone={kind === 'error' || kind === 'removed' || kind === 'denied' ? 'error' : 'neutral'}
    >
      {kind === 'ended' && <p>{t('end.ended.body')}</p>}
      {detail && (
        <p className="end-reason" data-testid="end-reason">
          {kind === 'error' ? detail : t('end.reason', { reason: detail })}
        </p>
      )}
      {kind === 'error' && !detail && <p>{t('error.unknown')}</p>}
      {onRejoin && (
        <button type="button" className="primary" data-testid="rejoin-button" onClick={onRejoin}>
          {t('end.left.rejoin')}
        </button>
      )}
      {signInHref && (
        <a className="button primary" href={signInHref} data-testid="bench-sign-in-link">
          {t('bench.signInAgain')}
        </a>
      )}
    </StatusPage>
  );
}
