// The record's retention date (kept to the end of that day, Vietnam time), the legal minimum, and
// the four-eyes requests: a later date is saved at once; a shorter one, or the record's deletion,
// is a request with a reason that another administrator approves or refuses (the one who filed it
// may withdraw it). The server enforces every rule; this panel only offers what fits.
import { useState, type FormEvent } from 'react';
import type { RecordRequestView } from '../core/protocol.js';
import { describeError } from '../errorText.js';
import { formatDateTime, t } from '../i18n.js';
import { archiveApi, dayInVietnam } from './archiveApi.js';
import { ConfirmDialog } from '../components/ConfirmDialog.js';

/** The step waiting for its confirmation (ConfirmDialog), if any. */
type Asking = 'shorten' | 'delete' | 'approve' | 'refuse' | 'withdraw' | null;

interface Props {
  token: string;
  hearingId: string;
  retainUntil: string | null;
  minRetainUntil: string;
  pendingRequest: RecordRequestView | null;
  /** The signed-in account: no one decides their own request. */
  accountId: string;
  isAdmin: boolean;
  onChanged: () => void;
  onError: (error: unknown) => void;
}

export function RetentionPanel(props: Props) {
  const { token, hearingId, retainUntil, minRetainUntil, pendingRequest, accountId, isAdmin, onChanged, onError } = props;
  const current = retainUntil ? dayInVietnam(retainUntil) : '';
  const [day, setDay] = useState(current);
  const [reason, setReason] = useState('');
  const [message, setMessage] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);
  const [pending, setPending] = useState(false);
  const [asking, setAsking] = useState<Asking>(null);
  const shorter = Boolean(day && current && day < current);

  const act = async (action: () => Promise<unknown>, done: string | null) => {
    setPending(true);
    setMessage(null);
    try {
      await action();
      if (done) setMessage({ tone: 'ok', text: done });
      onChanged();
    } catch (e) {
      setMessage({ tone: 'error', text: t('archive.error', { message: describeError(e) }) });
      onError(e);
    } finally {
      setPending(false);
    }
  };

  const save = (event: FormEvent) => {
    event.preventDefault();
    if (!shorter) {
      void act(() => archiveApi.setRetention(token, hearingId, day), t('archive.retention.saved'));
      return;
    }
    setAsking('shorten');
  };
  /** Irreversible steps ask again (ConfirmDialog), with the reason the audit log keeps where one is needed. */
  const confirmed = (why: string) => {
    const step = asking;
    setAsking(null);
    if (step === 'shorten') {
      void act(
        () => archiveApi.fileRequest(token, hearingId, { kind: 'shorten', retainUntil: day, reason: reason.trim() }),
        t('archive.retention.requested'),
      );
    } else if (step === 'delete') {
      void act(() => archiveApi.fileRequest(token, hearingId, { kind: 'delete', reason: why }), t('archive.retention.requested'));
    } else if (step && pendingRequest) {
      const id = pendingRequest.id;
      void act(() => archiveApi.decideRequest(token, hearingId, id, step, step === 'withdraw' ? undefined : why), null);
    }
  };
  const decide = (decision: 'approve' | 'refuse' | 'withdraw') => setAsking(decision);
  const question: Record<NonNullable<Asking>, { title: string; message: string }> = {
    shorten: { title: t('safe.retention.shortenTitle'), message: t('archive.retention.confirmShorten', { date: day }) },
    delete: { title: t('safe.retention.deleteTitle'), message: t('archive.retention.confirmDelete') },
    approve: { title: t('safe.retention.approveTitle'), message: t('archive.request.confirmApprove') },
    refuse: { title: t('safe.retention.refuseTitle'), message: t('archive.request.confirmRefuse') },
    withdraw: { title: t('safe.retention.withdrawTitle'), message: '' },
  };

  const own = pendingRequest?.requestedBy.accountId === accountId;
  return (
    <section className="card archive-section" data-testid="retention-panel">
      <h2>{t('archive.retention.title')}</h2>
      {retainUntil && <p className="small">{t('archive.retention.current', { date: formatDateTime(retainUntil) })}</p>}
      <p className="small" data-testid="retention-minimum">
        {t('archive.retention.minimum', { date: formatDateTime(minRetainUntil) })}
      </p>
      {pendingRequest && (
        <div className="notice" data-testid="pending-request">
          <strong>{t('archive.request.title')}</strong>
          <p>
            {pendingRequest.kind === 'delete'
              ? t('archive.request.delete')
              : t('archive.request.shorten', { date: formatDateTime(pendingRequest.retainUntil ?? '') })}
          </p>
          <p className="small">
            {t('archive.request.by', { user: pendingRequest.requestedBy.username, at: formatDateTime(pendingRequest.requestedAt) })}
          </p>
          <p className="small">{t('archive.request.reason', { reason: pendingRequest.reason })}</p>
          {own ? (
            <>
              <p className="small muted">{t('archive.request.own')}</p>
              <button
                type="button"
                className="secondary"
                data-testid="request-withdraw"
                onClick={() => decide('withdraw')}
                disabled={pending}
              >
                {t('archive.request.withdraw')}
              </button>
            </>
          ) : isAdmin ? (
            <div className="retention-form">
              <button
                type="button"
                className="danger-outline"
                data-testid="request-approve"
                onClick={() => decide('approve')}
                disabled={pending}
              >
                {t('archive.request.approve')}
              </button>
              <button type="button" className="secondary" data-testid="request-refuse" onClick={() => decide('refuse')} disabled={pending}>
                {t('archive.request.refuse')}
              </button>
            </div>
          ) : (
            <p className="small muted">{t('archive.request.waiting')}</p>
          )}
        </div>
      )}
      <form className="retention-form" onSubmit={save}>
        <div className="field">
          <label htmlFor="retain-until">{t('archive.retention.until')}</label>
          <input
            id="retain-until"
            type="date"
            data-testid="retention-date"
            min={dayInVietnam(minRetainUntil)}
            value={day}
            onChange={(e) => setDay(e.target.value)}
            required
          />
        </div>
        {shorter && (
          <div className="field">
            <label htmlFor="retain-reason">{t('archive.retention.reason')}</label>
            <input
              id="retain-reason"
              data-testid="retention-reason"
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              required
              minLength={3}
            />
          </div>
        )}
        <button
          type="submit"
          className="secondary"
          data-testid="retention-save"
          disabled={pending || !day || (shorter && reason.trim().length < 3)}
        >
          {shorter ? t('archive.retention.requestShorten') : t('archive.retention.save')}
        </button>
        {!pendingRequest && (
          <button
            type="button"
            className="danger-outline"
            data-testid="record-delete"
            onClick={() => setAsking('delete')}
            disabled={pending}
          >
            {t('archive.retention.delete')}
          </button>
        )}
      </form>
      <p className="small muted">{t('archive.retention.hint')}</p>
      {message && <p className={`notice ${message.tone === 'error' ? 'error' : 'ok'}`}>{message.text}</p>}
      {asking && (
        <ConfirmDialog
          title={question[asking].title}
          message={question[asking].message || undefined}
          reason={
            asking === 'delete' || asking === 'approve' || asking === 'refuse'
              ? { label: t('safe.reason'), required: true, minLength: 3, hint: t('safe.retention.reasonAudit') }
              : undefined
          }
          confirmLabel={t('common.confirm')}
          danger={asking !== 'withdraw'}
          disabled={pending}
          onConfirm={confirmed}
          onCancel={() => setAsking(null)}
          testIds={{
            dialog: 'retention-dialog',
            reason: 'retention-confirm-reason',
            confirm: 'retention-confirm',
            cancel: 'retention-cancel',
          }}
        />
      )}
    </section>
  );
}
