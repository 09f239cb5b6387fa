// Search the case file: hearings by case number, case title or hearing title, with their record's state.
import { useEffect, useState, type FormEvent } from 'react';
import type { ArchiveHit } from '../core/protocol.js';
import { describeError } from '../errorText.js';
import { formatDateTime, stateLabel, t } from '../i18n.js';
import { archiveApi } from './archiveApi.js';
import { RecordStatusBadge } from './RecordStatusBadge.js';

interface Props {
  token: string;
  query: string;
  onSearch: (q: string) => void;
  onOpen: (hearingId: string) => void;
  onError: (error: unknown) => void;
}

export function SearchPage({ token, query, onSearch, onOpen, onError }: Props) {
  const [text, setText] = useState(query);
  const [hits, setHits] = useState<ArchiveHit[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  // The query lives in the URL (?q=), so Back from a record returns to the same results.
  useEffect(() => {
    let live = true;
    setError(null);
    archiveApi
      .search(token, query)
      .then((h) => live && setHits(h))
      .catch((e: unknown) => {
        if (!live) return;
        setError(describeError(e));
        onError(e);
      });
    return () => {
      live = false;
    };
  }, [token, query, onError]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSearch(text.trim());
  };

  return (
    <section className="archive-search" data-testid="archive-search">
      <h1>{t('archive.title')}</h1>
      <form className="archive-search-form" onSubmit={submit} role="search">
        <label htmlFor="archive-q" className="archive-search-label">
          {t('archive.search.label')}
        </label>
        <div className="archive-search-row">
          <input
            id="archive-q"
            type="text"
            data-testid="archive-query"
            value={text}
            placeholder={t('archive.search.placeholder')}
            onChange={(e) => setText(e.target.value)}
          />
          <button type="submit" className="primary">
            {t('archive.search.submit')}
          </button>
        </div>
      </form>
      {error && <p className="notice error">{t('archive.error', { message: error })}</p>}
      {hits === null && !error && <p className="muted">{t('common.loading')}</p>}
      {hits?.length === 0 && (
        <p className="muted" data-testid="archive-no-hits">
          {t('archive.search.none')}
        </p>
      )}
      {hits && hits.length > 0 && (
        <table className="archive-table" data-testid="archive-hits">
          <thead>
            <tr>
              <th>{t('archive.col.case')}</th>
              <th>{t('archive.col.hearing')}</th>
              <th>{t('archive.col.scheduled')}</th>
              <th>{t('archive.col.record')}</th>
            </tr>
          </thead>
          <tbody>
            {hits.map((h) => (
              <tr key={h.hearingId} data-testid="archive-hit">
                <td>
                  <span className="case-number">{h.caseNumber}</span>
                  <div className="small muted">{h.caseTitle}</div>
                </td>
                <td>
                  <a
                    href={`/archive/hearings/${encodeURIComponent(h.hearingId)}`}
                    onClick={(e) => {
                      e.preventDefault();
                      onOpen(h.hearingId);
                    }}
                  >
                    {h.hearingTitle}
                  </a>
                  <div className="small muted">{stateLabel(h.state as Parameters<typeof stateLabel>[0])}</div>
                </td>
                <td className="small">{formatDateTime(h.scheduledAt)}</td>
                <td>
                  <RecordStatusBadge record={h.record} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
