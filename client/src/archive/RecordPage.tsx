// One hearing's record: its build progress (polled while building), the composite and every
// track in players, the file list, the integrity check, the download and the retention date.
import { useCallback, useEffect, useState } from 'react';
import type { RecordFileView, RecordView } from '../core/protocol.js';
import { errorMessage } from '../core/RequestError.js';
import { formatDateTime, getLang, roleLabel, t, type MessageKey } from '../i18n.js';
import { archiveApi, formatBytes } from './archiveApi.js';
import { RecordStatusBadge } from './RecordStatusBadge.js';
import { RetentionPanel } from './RetentionPanel.js';
import { VerifyPanel } from './VerifyPanel.js';

interface Props {
  token: string;
  hearingId: string;
  onBack: () => void;
  onError: (error: unknown) => void;
}

const POLL_MS = 1000;

export function RecordPage({ token, hearingId, onBack, onError }: Props) {
  const [view, setView] = useState<RecordView | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setView(await archiveApi.record(token, hearingId));
      setError(null);
    } catch (e) {
      setError(errorMessage(e));
      onError(e);
    }
  }, [token, hearingId, onError]);

  useEffect(() => {
    void load();
  }, [load]);

  // While the record is being built, poll its row: progress and phase are written as it goes.
  const building = view?.record?.status === 'building';
  useEffect(() => {
    if (!building) return;
    const timer = setTimeout(() => void load(), POLL_MS);
    return () => clearTimeout(timer);
  }, [building, view, load]);

  if (!view) {
    return (
      <section className="archive-record">
        {error ? <p className="notice error">{t('archive.error', { message: error })}</p> : <p className="muted">{t('common.loading')}</p>}
      </section>
    );
  }
  const record = view.record;
  const lang = getLang();

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
        <p className="notice error" data-testid="record-failed">
          {t('archive.record.failed', { error: record.error ?? '' })}
        </p>
      )}
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
        <RetentionPanel token={token} hearingId={hearingId} retainUntil={record.retainUntil} onChanged={load} onError={onError} />
      )}
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
