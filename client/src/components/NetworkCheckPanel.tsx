import type { NetworkCheckState } from '../hooks/useNetworkCheck.js';
import { t } from '../i18n.js';

/** The network verdict in plain words, the figures behind it, and a way to check again. */
export function NetworkCheckPanel({ status, result, onAgain }: NetworkCheckState & { onAgain: () => void }) {
  const grade = status === 'done' ? result?.grade : undefined;
  const figures = result?.figures;
  const tone = grade === 'good' ? 'ok' : grade === 'weak' ? 'warn' : grade ? 'error' : '';
  return (
    <div
      className="field network-check"
      data-testid="network-check"
      data-status={status}
      data-grade={grade ?? ''}
      data-took-ms={result?.tookMs}
    >
      <span className="label">{t('check.network')}</span>
      {status !== 'done' && (
        <p className="muted small" role="status">
          {status === 'running' ? t('check.running') : t('check.waiting')}
        </p>
      )}
      {grade && (
        <p className={`notice ${tone} small`} role="status" data-testid="network-result">
          {t(`check.${grade}`)}
        </p>
      )}
      {grade && figures?.connected && (
        <p className="muted small" data-testid="network-figures">
          {t('check.figures', {
            rtt: figures.rttMs === null ? '?' : Math.round(figures.rttMs),
            loss: figures.lossPct ?? '?',
            kbps: figures.uplinkKbps ?? '?',
          })}
        </p>
      )}
      {status === 'done' && (
        <button type="button" className="small secondary" data-testid="network-again" onClick={onAgain}>
          {t('check.again')}
        </button>
      )}
    </div>
  );
}
