// The integrity check: the server re-hashes every file, checks the signature and recomputes the
// audit chain; each file gets a row with its status. Also shows how to check a download by hand.
import { useState } from 'react';
import type { VerifyReport } from '../core/protocol.js';
import { describeError } from '../errorText.js';
import { formatDateTime, t } from '../i18n.js';
import { archiveApi } from './archiveApi.js';

interface Props {
  token: string;
  hearingId: string;
  fingerprint: string;
  onError: (error: unknown) => void;
}

// The README's commands ("Verifying a hearing record"), run inside the unpacked folder.
const SELF_CHECK = `sha256sum -c SHA256SUMS
openssl pkeyutl -verify -pubin -inkey court-public-key.pem -rawin -in SHA256SUMS -sigfile SHA256SUMS.sig
openssl pkey -pubin -in court-public-key.pem -outform DER | sha256sum`;

export function VerifyPanel({ token, hearingId, fingerprint, onError }: Props) {
  const [report, setReport] = useState<VerifyReport | null>(null);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const verify = async () => {
    setPending(true);
    setError(null);
    try {
      setReport(await archiveApi.verify(token, hearingId));
    } catch (e) {
      setError(describeError(e));
      onError(e);
    } finally {
      setPending(false);
    }
  };

  return (
    <section className="card archive-section" data-testid="verify-panel">
      <div className="archive-section-head">
        <h2>{t('archive.verify.title')}</h2>
        <button type="button" className="primary" data-testid="verify-button" onClick={verify} disabled={pending}>
          {pending ? t('archive.verify.running') : t('archive.verify.button')}
        </button>
      </div>
      {error && <p className="notice error">{t('archive.error', { message: error })}</p>}
      {report && (
        <div data-testid="verify-result" data-ok={report.ok}>
          <p className={`verify-summary ${report.ok ? 'verify-ok' : 'verify-bad'}`}>
            {report.ok ? t('archive.verify.ok') : t('archive.verify.bad')}
          </p>
          <dl className="facts">
            <dt>{t('archive.verify.signature')}</dt>
            <dd className={report.signature === 'valid' ? 'status-ok' : 'status-bad'}>{t(`archive.sig.${report.signature}`)}</dd>
            <dt>{t('archive.verify.audit')}</dt>
            <dd className={report.audit.status === 'ok' ? 'status-ok' : 'status-bad'}>
              {t(`archive.audit.${report.audit.status}`)}
              {report.audit.brokenAtLine !== null && ` (${t('archive.verify.brokenAt', { line: report.audit.brokenAtLine })})`}
            </dd>
          </dl>
          <table className="archive-table">
            <thead>
              <tr>
                <th>{t('archive.col.file')}</th>
                <th>{t('archive.col.status')}</th>
                <th>SHA-256</th>
              </tr>
            </thead>
            <tbody>
              {report.files.map((f) => (
                <tr key={f.path} data-testid="verify-row" data-status={f.status} data-path={f.path}>
                  <td>
                    <code>{f.path}</code>
                  </td>
                  <td className={f.status === 'ok' ? 'status-ok' : 'status-bad'}>{t(`archive.fileStatus.${f.status}`)}</td>
                  <td>
                    <code className="hash" title={f.expectedSha256 ?? ''}>
                      {(f.actualSha256 ?? f.expectedSha256 ?? '—').slice(0, 16)}…
                    </code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="small muted">{t('archive.verify.checkedAt', { date: formatDateTime(report.checkedAt) })}</p>
        </div>
      )}
      <div className="self-check">
        <p className="small">
          {t('archive.key')} <code className="hash">{fingerprint}</code> ·{' '}
          <a href="/api/court/public-key" download="court-public-key.pem">
            {t('archive.keyDownload')}
          </a>
        </p>
        <p className="small">{t('archive.selfCheck')}</p>
        <pre>{SELF_CHECK}</pre>
      </div>
    </section>
  );
}
