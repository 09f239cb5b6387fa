// Attendance (điểm danh) in the courtroom, for the bench: every summoned participant with role,
// site, connection, attendance and identity checks. The clerk (and the presiding judge) marks
// present, with the identity document typed or the one on file confirmed, or absent with a reason;
// and admits from here whoever waits in the lobby. Prominent while the hearing is being opened,
// when the clerk reports attendance to the panel. Identity numbers arrive masked from the server.
import { useState, type FormEvent } from 'react';
import type { HearingSession } from '../core/HearingSession.js';
import type { AttendanceView, IdDocumentKind, ParticipantView } from '../core/protocol.js';
import type { SessionState } from '../core/sessionState.js';
import { useAction, type ActionRunner } from '../hooks/useAction.js';
import { formatTime, roleLabel, t } from '../i18n.js';
import './attendance.css';

interface Props {
  session: HearingSession;
  state: SessionState;
}

const KINDS: readonly IdDocumentKind[] = ['cccd', 'cmnd', 'passport'];
/** Who calls the attendance: the clerk, and the presiding judge (the server checks it too). */
const MARKERS = new Set(['judge', 'clerk']);

type Connection = 'in' | 'waiting' | 'offline';

function connectionOf(id: string, participants: ParticipantView[], lobby: ParticipantView[]): Connection {
  if (participants.some((p) => p.id === id && p.connected)) return 'in';
  if (lobby.some((p) => p.id === id)) return 'waiting';
  return 'offline';
}

export function AttendancePanel({ session, state }: Props) {
  const runner = useAction();
  const { hearing, self, attendance } = state;
  const preparing = hearing?.state === 'scheduled' || hearing?.state === 'open';
  const marks = self ? MARKERS.has(self.role) : false;
  // The clerk works from it throughout; for the judge it folds away once the session has started.
  const [expanded, setExpanded] = useState<boolean | null>(null);
  if (!hearing || !self) return null;
  const open = expanded ?? (preparing || self.role === 'clerk');
  const marked = attendance.filter((a) => a.status !== null).length;
  const canMark = marks && hearing.state !== 'scheduled' && hearing.state !== 'adjourned';
  return (
    <section
      className={`attendance-panel${preparing ? ' prominent' : ''}`}
      data-testid="attendance-panel"
      aria-label={t('attendance.title', { marked, count: attendance.length })}
    >
      <div className="attendance-head">
        <h2>{t('attendance.title', { marked, count: attendance.length })}</h2>
        <button type="button" className="small secondary" data-testid="attendance-toggle" onClick={() => setExpanded(!open)}>
          {open ? t('attendance.hide') : t('attendance.show')}
        </button>
      </div>
      {open && (
        <>
          <p className="muted small">{hearing.state === 'open' ? t('attendance.openHint') : t('attendance.intro')}</p>
          {runner.error && (
            <p className="notice error" role="alert" data-testid="attendance-error">
              {runner.error}
            </p>
          )}
          {attendance.length === 0 ? (
            <p className="muted small">{t('attendance.none')}</p>
          ) : (
            <ul className="rows attendance-rows">
              {attendance.map((a) => (
                <AttendanceEntry
                  key={a.participantId}
                  entry={a}
                  connection={connectionOf(a.participantId, state.participants, state.lobby)}
                  actions={canMark ? { session, runner } : undefined}
                />
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}

interface EntryProps {
  entry: AttendanceView;
  connection: Connection;
  actions?: { session: HearingSession; runner: ActionRunner };
}

function AttendanceEntry({ entry: a, connection, actions }: EntryProps) {
  const [form, setForm] = useState<'present' | 'absent' | null>(null);
  const status = a.status ?? 'unmarked';
  return (
    <li
      className={`row attendance-entry ${status}`}
      data-testid="attendance-entry"
      data-participant-id={a.participantId}
      data-status={status}
    >
      <div className="row-who">
        <span className="row-name">{a.displayName}</span>
        <span className="row-role">
          {roleLabel(a.role)}
          {a.site && ` · ${a.site.name}`}
          {' · '}
          <span data-testid="attendance-connection">{t(`attendance.conn.${connection}`)}</span>
        </span>
      </div>
      <span className={`attendance-status ${status}`} data-testid="attendance-status">
        {t(`attendance.status.${status}`)}
      </span>
      <div className="attendance-facts small">
        <IdentityLine entry={a} />
        {a.attestation && (
          <span className="attendance-attested" data-testid="attendance-attested">
            {t('attendance.attested', { officer: a.attestation.officer, site: a.attestation.site })}
          </span>
        )}
        {a.verifiedBy && <span>{t('attendance.verified', { provider: a.verifiedBy })}</span>}
        {a.reason && <span data-testid="attendance-reason">{t('attendance.reason', { reason: a.reason })}</span>}
        {a.markedBy && a.markedAt && (
          <span className="muted">{t('attendance.markedBy', { role: roleLabel(a.markedBy), time: formatTime(a.markedAt, false) })}</span>
        )}
      </div>
      {actions && form === null && (
        <div className="row-actions">
          {connection === 'waiting' && (
            <button
              type="button"
              className="small primary"
              data-testid="attendance-admit"
              disabled={actions.runner.pending}
              onClick={() => actions.runner.run(() => actions.session.admit(a.participantId))}
            >
              {t('attendance.admit')}
            </button>
          )}
          <button type="button" className="small secondary" data-testid="attendance-present" onClick={() => setForm('present')}>
            {t('attendance.markPresent')}
          </button>
          <button type="button" className="small secondary" data-testid="attendance-absent" onClick={() => setForm('absent')}>
            {t('attendance.markAbsent')}
          </button>
        </div>
      )}
      {actions && form !== null && <MarkForm entry={a} status={form} actions={actions} onDone={() => setForm(null)} />}
    </li>
  );
}

function IdentityLine({ entry: a }: { entry: AttendanceView }) {
  const doc = a.idDocument ?? a.attestation?.idDocument ?? null;
  if (!doc) return <span className="muted">{t('attendance.id.none')}</span>;
  return (
    <span data-testid="attendance-id">
      {t(`attendance.id.kind.${doc.kind}`)} {doc.number} · {a.idChecked ? t('attendance.id.checked') : t('attendance.id.unchecked')}
    </span>
  );
}

interface FormProps {
  entry: AttendanceView;
  status: 'present' | 'absent';
  actions: { session: HearingSession; runner: ActionRunner };
  onDone: () => void;
}

/** Present: the document typed, or left empty to confirm the one on file; absent: the reason, required. */
function MarkForm({ entry: a, status, actions, onDone }: FormProps) {
  const onFile = a.idDocument ?? a.attestation?.idDocument ?? null;
  const [kind, setKind] = useState<IdDocumentKind>(onFile?.kind ?? 'cccd');
  const [number, setNumber] = useState('');
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const id = (name: string) => `attendance-${a.participantId}-${name}`;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (status === 'absent' && !reason.trim()) return setProblem(t('attendance.form.reasonRequired'));
    const typed = status === 'present' && number.trim() ? { idDocument: { kind, number: number.trim() } } : {};
    actions.runner.run(async () => {
      await actions.session.request({
        type: 'attendance.mark',
        participantId: a.participantId,
        status,
        ...(reason.trim() ? { reason: reason.trim() } : {}),
        ...typed,
      });
      onDone();
    });
  };

  return (
    <form className="row-confirm attendance-form" data-testid="attendance-form" onSubmit={submit}>
      {status === 'present' && (
        <div className="attendance-id-fields">
          <label htmlFor={id('kind')}>{t('attendance.form.kind')}</label>
          <select id={id('kind')} data-testid="attendance-id-kind" value={kind} onChange={(e) => setKind(e.target.value as IdDocumentKind)}>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`attendance.id.kind.${k}`)}
              </option>
            ))}
          </select>
          <label htmlFor={id('number')}>{t('attendance.form.number')}</label>
          <input
            id={id('number')}
            data-testid="attendance-id-number"
            autoComplete="off"
            inputMode={kind === 'passport' ? 'text' : 'numeric'}
            maxLength={40}
            value={number}
            placeholder={onFile ? t('attendance.form.numberOnFile', { number: onFile.number }) : ''}
            onChange={(e) => setNumber(e.target.value)}
          />
        </div>
      )}
      <label htmlFor={id('reason')}>{status === 'absent' ? t('attendance.form.reason') : t('attendance.form.note')}</label>
      <input
        id={id('reason')}
        data-testid="attendance-reason-input"
        maxLength={500}
        value={reason}
        required={status === 'absent'}
        onChange={(e) => {
          setReason(e.target.value);
          setProblem(null);
        }}
      />
      {problem && (
        <p className="notice error small" role="alert">
          {problem}
        </p>
      )}
      <div className="row-actions">
        <button type="submit" className="small primary" data-testid="attendance-save" disabled={actions.runner.pending}>
          {t('attendance.form.save')} · {t(status === 'present' ? 'attendance.status.present' : 'attendance.status.absent')}
        </button>
        <button type="button" className="small secondary" onClick={onDone}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
