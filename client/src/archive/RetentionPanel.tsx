// The record's retention date (kept to the end of that day, Vietnam time) and, once it has passed,
// deletion. The server enforces both rules (clerks only extend; nothing goes before its date).
import { useState, type FormEvent } from 'react';
import { errorMessage } from '../core/RequestError.js';
import { formatDateTime, t } from '../i18n.js';
import { archiveApi, dayInVietnam } from './archiveApi.js';

interface Props {
  token: string;
  hearingId: string;
  retainUntil: string | null;
  onChanged: () => void;
  onError: (error: unknown) => void;
}

export function RetentionPanel({ token, hearingId, retainUntil, onChanged, onError }: Props) {
  const [day, setDay] = useState(retainUntil ? dayInVietnam(retainUntil) : '');
  const [message, setMessage] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);
  const [pending, setPending] = useState(false);
  const expired = retainUntil !== null && new Date(retainUntil).getTime() <= Date.now();

  const act = async (action: () => Promise<void>, done: string | null) => {
    setPending(true);
    setMessage(null);
    try {
      await action();
      if (done) setMessage({ tone: 'ok', text: done });
      onChanged();
    } catch (e) {
      setMessage({ tone: 'error', text: t('archive.error', { message: errorMessage(e) }) });
      onError(e);
    } finally {
      setPending(false);
    }
  };

  const save = (event: FormEvent) => {
    event.preventDefault();
    void act(() => archiveApi.setRetention(token, hearingId, day), t('archive.retention.saved'));
  };
  const remove = () => {
    if (!window.confirm(t('archive.retention.confirmDelete'))) return;
    void act(() => archiveApi.remove(token, hearingId), null);
  };

  return (
    <section className="card archive-section" data-testid="retention-panel">
      <h2>{t('archive.retention.title')}</h2>
      {retainUntil && <p className="small">{t('archive.retention.current', { date: formatDateTime(retainUntil) })}</p>}
      <form className="retention-form" onSubmit={save}>
        <div className="field">
          <label htmlFor="retain-until">{t('archive.retention.until')}</label>
          <input id="retain-until" type="date" data-testid="retention-date" value={day} onChange={(e) => setDay(e.target.value)} required />
        </div>
        <button type="submit" className="secondary" data-testid="retention-save" disabled={pending || !day}>
          {t('archive.retention.save')}
        </button>
        {expired && (
          <button type="button" className="danger-outline" data-testid="record-delete" onClick={remove} disabled={pending}>
            {t('archive.retention.delete')}
          </button>
        )}
      </form>
      <p className="small muted">{t('archive.retention.hint')}</p>
      {message && <p className={`notice ${message.tone === 'error' ? 'error' : 'ok'}`}>{message.text}</p>}
    </section>
  );
}
