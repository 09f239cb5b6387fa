import type { HearingView } from '../core/protocol.js';
import type { Phase } from '../core/sessionState.js';
import { explainError } from '../errorText.js';
import { t, type MessageKey } from '../i18n.js';
import { HearingInfo } from './HearingInfo.js';
import { StatusPage } from './StatusPage.js';

export type EndKind = Extract<Phase, 'ended' | 'removed' | 'denied' | 'left' | 'error'>;

interface Props {
  kind: EndKind;
  /** The judge's reason (removed, denied), or for an error the server's message (shown as a detail). */
  reason: string | null;
  /** An error's code (server or client): shown translated, the message only as its detail. */
  errorCode?: string | null;
  /** Ended: reached through a link to a hearing that had already ended (not ended while we were in it). */
  endedBefore?: boolean;
  onRejoin?: () => void;
  /** Where to sign in again (the presiding judge's link ended with their sign-in). */
  signInHref?: string;
  /** The hearing's particulars (case, state), where the invitation gave them. */
  hearing?: HearingView;
}

const TITLES: Record<EndKind, MessageKey> = {
  ended: 'end.ended.title',
  removed: 'end.removed.title',
  denied: 'end.denied.title',
  left: 'end.left.title',
  error: 'end.error.title',
};

/** Where a session ends: adjourned, removed, denied, left, or could not start. */
export function EndScreen({ kind, reason, errorCode, onRejoin, signInHref, endedBefore = false, hearing }: Props) {
  const error = kind === 'error' ? explainError(errorCode, reason) : null;
  return (
    <StatusPage
      testId={`${kind}-screen`}
      title={t(TITLES[kind])}
      tone={kind === 'error' || kind === 'removed' || kind === 'denied' ? 'error' : 'neutral'}
    >
      {kind === 'ended' && <p data-testid="ended-body">{t(endedBefore ? 'end.ended.link' : 'end.ended.body')}</p>}
      {error && (
        <>
          <p className="end-reason" data-testid="end-reason" data-code={errorCode ?? ''}>
            {error.text}
          </p>
          {error.detail && <p className="muted small end-detail">{t('error.detail', { message: error.detail })}</p>}
        </>
      )}
      {((kind === 'removed' && reason) || kind === 'denied' || (kind === 'ended' && reason)) && (
        <p className="end-reason" data-testid="end-reason">
          {reason ? t('end.reason', { reason }) : t('end.denied.noReason')}
        </p>
      )}
      {hearing && <HearingInfo hearing={hearing} />}
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
