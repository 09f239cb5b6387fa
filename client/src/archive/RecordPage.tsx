// One hearing's record: its build progress (polled while building or while a retry is due), the
// composite and every track in players, the file list, the integrity check, the download, the
// retention date with its legal minimum and pending four-eyes request and, for admins, a rebuild of
// a failed or missing record.
import { useCallback, useEffect, useState } from 'react';
import type { RecordFileView, RecordView } from '../core/protocol.js';
import { describeError } from '../errorText.js';
import { formatDateTime, getLang, roleLabel, t, type MessageKey } from '../i18n.js';
import { archiveApi, formatBytes } from './archiveApi.js';
import { RecordStatusBadge } from './RecordStatusBadge.js';
import { RetentionPanel } from './RetentionPanel.js';
import { VerifyPanel } from './VerifyPanel.js';

interface Props {
  token: string;
  /** Admins may rebuild a failed or missing record (the server enforces it too). */
  isAdmin: boolean;
  /** The signed-in account: a second administrator decides a request, never its author. */
  accountId: string;
  hearingId: string;
  onBack: () => void;
  onError: (error: unknown) => void;
}

const POLL_MS = 1000;
/** While a failed build waits for its next attempt: slower, the attempt is seconds to minutes away. */
const RETRY_POLL_MS = 5000;

export function RecordPage({ token, isAdmin, accountId, hearingId, onBack, onError }: Props) {
  const [view, setView] = useState<RecordView | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setView(await archiveApi.record(token, hearingId));
      setError(null);
    } catch (e) {
      setError(describeError(e));
      onError(e);
    }
  }, [token, hearingId, onError]);

  useEffect(() => {
    void load();
  }, [load]);

  // While the record is being built, poll its row: progress and phase are written as it goes; and
  // while a retry is scheduled, so the page shows it start.
  const building = view?.record?.status === 'building';
  const retrying = Boolean(view?.record?.nextAttemptAt);
  useEffect(() => {
    if (!building && !retrying) return;
    const timer = setTimeout(() => void load(), building ? POLL_MS : RETRY_POLL_MS);
    return () => clearTimeout(timer);
  }, [building, retrying, view, load]);

  if (!view) {
    return (
      <section className="archive-record">
        {error ? <p className="notice error">{t('archive.error', { message: error })}</p> : <p className="muted">{t('common.loading')}</p>}
      </section>
    );
  }
  const record = view.record;
  const lang = getLang();
  const rebuildable = isAdmin && view.hearing.state === 'adjourned' && (!record || record.status === 'failed');

  return (
    <section className="archive-record" data-testid="archive-record">
      <button type="button" className="secondary small archive-back" onClick={onBack}>
        {t('archive.back')}
      </button>
      <header className="card archive-head">
        <div className="hearing-court">{view.case.court}</div>
        <h1>{view.hearing.title}</h1>
        <dl className="facts">
          <dt>{t('info.caseNumber')}</dt>
          <dd className="case-number">{view.case.number}</dd>
          <dt>{t('info.caseTitle')}</dt>
          <dd>{view.case.title}</dd>
          <dt>{t('info.scheduledAt')}</dt>
          <dd>{formatDateTime(view.hearing.scheduledAt)}</dd>
          <dt>{t('archive.col.record')}</dt>
          <dd>
            <RecordStatusBadge record={record} />
            {record?.completedAt && record.status === 'ready' && (
              <span className="small muted"> · {t('archive.record.completed', { date: formatDateTime(record.completedAt) })}</span>
            )}
          </dd>
        </dl>
      </header>

      {error && <p className="notice error">{t('archive.error', { message: error })}</p>}
      {!record && <p className="notice warn">{t('archive.record.none')}</p>}
      {record?.status === 'building' && <BuildProgress progress={record.progress} phase={record.phase} />}
      {record?.status === 'failed' && (
        <div className="notice error record-failed" data-testid="record-failed">
          <p>{t('archive.record.failed', { error: record.error ?? '' })}</p>
          {(record.nextAttemptAt || record.attempts > 0) && (
            <p className="small" data-testid="record-retry">
              {record.nextAttemptAt
                ? t('archive.record.retry', {
                    attempt: record.attempts + 1,
                    max: record.maxAttempts,
                    date: formatDateTime(record.nextAttemptAt),
                  })
                : t('archive.record.gaveUp', { attempts: record.attempts })}
            </p>
          )}
        </div>
      )}
      {record?.status === 'ready' && record.error && (
        <p className="notice warn" data-testid="record-rebuild-failed">
          {t('archive.record.rebuildFailed', { error: record.error })}
        </p>
      )}
      {rebuildable && <RebuildPanel token={token} hearingId={hearingId} onRebuilt={setView} onError={onError} />}
      {record?.status === 'deleted' && (
        <p className="notice warn">{t('archive.record.deleted', { date: formatDateTime(record.deletedAt ?? '') })}</p>
      )}

      {record?.status === 'ready' && (
        <>
          <Players files={record.files} />
          <section className="card archive-section">
            <div className="archive-section-head">
              <h2>{t('archive.files', { count: record.files.length, size: formatBytes(record.totalBytes, lang) })}</h2>
              {record.bundleUrl && (
                <a className="button primary" data-testid="download-bundle" href={record.bundleUrl} download>
                  {t('archive.download')}
                </a>
              )}
            </div>
            <FileTable files={record.files} />
          </section>
          <VerifyPanel token={token} hearingId={hearingId} fingerprint={view.publicKeyFingerprint} onError={onError} />
        </>
      )}
      {record && (record.status === 'ready' || record.status === 'failed') && (
        <RetentionPanel
          token={token}
          hearingId={hearingId}
          retainUntil={record.retainUntil}
          minRetainUntil={record.minRetainUntil}
          pendingRequest={record.pendingRequest}
          accountId={accountId}
          isAdmin={isAdmin}
          onChanged={load}
          onError={onError}
        />
      )}
    </section>
  );
}

/** An admin's rebuild: the server queues it and the page polls the new build's progress. */
function RebuildPanel(props: { token: string; hearingId: string; onRebuilt: (view: RecordView) => void; onError: (e: unknown) => void }) {
  const { token, hearingId, onRebuilt, onError } = props;
  const [pending, setPending] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const rebuild = async () => {
    setPending(true);
    setMessage(null);
    try {
      onRebuilt(await archiveApi.rebuild(token, hearingId));
    } catch (e) {
      setMessage(t('archive.error', { message: describeError(e) }));
      onError(e);
    } finally {
      setPending(false);
    }
  };
  return (
    <section className="card archive-section" data-testid="rebuild-panel">
      <button type="button" className="primary" data-testid="record-rebuild" onClick={() => void rebuild()} disabled={pending}>
        {t('archive.rebuild.button')}
      </button>
      <p className="small muted">{t('archive.rebuild.hint')}</p>
      {message && <p className="notice error">{message}</p>}
    </section>
  );
}

function BuildProgress({ progress, phase }: { progress: number; phase: string }) {
  const percent = Math.floor(progress * 100);
  const phaseKey = `archive.phase.${phase}` as MessageKey;
  return (
    <section className="card archive-section" aria-live="polite">
      <h2>{t('archive.record.building')}</h2>
      <div
        className="record-progress"
        data-testid="record-progress"
        data-progress={progress}
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
      >
        <div className="record-progress-fill" style={{ width: `${percent}%` }} />
      </div>
      <p className="small muted">
        {percent}% · {t(phaseKey) === phaseKey ? phase : t(phaseKey)}
      </p>
    </section>
  );
}

function trackLabel(f: RecordFileView): string {
  if (!f.track) return f.path;
  const role = f.track.role ? roleLabel(f.track.role as Parameters<typeof roleLabel>[0]) : '';
  const source = t(`archive.source.${f.track.source}` as MessageKey);
  return `${f.track.displayName || f.track.participantId}${role ? ` (${role})` : ''} — ${source}`;
}

/** The composite first and large, then one player per captured track. */
function Players({ files }: { files: RecordFileView[] }) {
  const composite = files.find((f) => f.kind === 'composite');
  const tracks = files.filter((f) => f.kind === 'track');
  return (
    <section className="card archive-section">
      <h2>{t('archive.playback')}</h2>
      {composite && (
        <figure className="player player-composite">
          <video data-testid="record-player" data-kind="composite" controls preload="metadata" src={composite.url} />
          <figcaption>{t('archive.composite')}</figcaption>
        </figure>
      )}
      <div className="player-grid">
        {tracks.map((f) => (
          <figure key={f.path} className={`player ${f.track?.kind === 'audio' ? 'player-audio' : ''}`}>
            <video data-testid="record-player" data-kind={f.track?.kind ?? 'track'} controls preload="metadata" src={f.url} />
            <figcaption className="small">{trackLabel(f)}</figcaption>
          </figure>
        ))}
      </div>
    </section>
  );
}

function FileTable({ files }: { files: RecordFileView[] }) {
  const lang = getLang();
  return (
    <table className="archive-table" data-testid="record-files">
      <thead>
        <tr>
          <th>{t('archive.col.file')}</th>
          <th>{t('archive.col.kind')}</th>
          <th className="num">{t('archive.col.size')}</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {files.map((f) => (
          <tr key={f.path} data-testid="record-file">
            <td>
              <code>{f.path}</code>
              {f.track && <div className="small muted">{trackLabel(f)}</div>}
            </td>
            <td className="small">{t(`archive.kind.${f.kind}` as MessageKey)}</td>
            <td className="num small" title={`${f.bytes} B`}>
              {formatBytes(f.bytes, lang)}
            </td>
            <td>
              <a href={f.url} target="_blank" rel="noreferrer">
                {t('archive.open')}
              </a>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
