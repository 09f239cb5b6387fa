// The site officer's page, /site: an officer of a detention facility or a component site (điểm cầu
// thành phần) signs in with their own staff account, sees today's and later hearings with the
// participants at their site, and attests who is in front of the camera (identity document
// checked). The bench of a live hearing sees the attestation at once.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { StaffPage } from '../staff/StaffPage.js';
import type { AttendanceView, IdDocumentKind, SiteHearing } from '../core/protocol.js';
import { RequestError } from '../core/RequestError.js';
import { useLang } from '../hooks/useLang.js';
import { formatDateTime, roleLabel, stateLabel, t } from '../i18n.js';
import { LoginForm } from '../staff/LoginForm.js';
import { staffErrorText } from '../staff/staffErrors.js';
import { useStaffSession } from '../staff/useStaffSession.js';
import { siteApi } from './siteApi.js';
import '../bench/bench.css';

export function SiteApp() {
  useLang();
  const staff = useStaffSession();
  const { session, signOut, forget } = staff;

  useEffect(() => {
    document.title = `${t('app.brand')} — ${t('site.title')}`;
  });

  let content;
  if (!session) {
    content = <LoginForm title={t('site.login.title')} intro={t('site.login.intro')} idPrefix="site" onSignedIn={staff.signIn} />;
  } else if (session.account.role !== 'site_officer') {
    content = (
      <p className="notice error" role="alert" data-testid="site-error">
        {t('site.notOfficer', { username: session.account.username })}
      </p>
    );
  } else {
    content = <SiteHearings token={session.token} onSignedOut={forget} />;
  }

  return (
    <StaffPage className="bench site" testIdPrefix="site" session={session} onSignOut={signOut}>
      {content}
    </StaffPage>
  );
}

function SiteHearings({ token, onSignedOut }: { token: string; onSignedOut: () => void }) {
  const [hearings, setHearings] = useState<SiteHearing[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reloads, setReloads] = useState(0);
  const reload = useCallback(() => setReloads((n) => n + 1), []);

  useEffect(() => {
    let live = true;
    siteApi.hearings(token).then(
      (list) => live && setHearings(list),
      (e: unknown) => {
        if (!live) return;
        if (e instanceof RequestError && e.code === 'unauthorized') onSignedOut();
        else setError(staffErrorText(e));
      },
    );
    return () => {
      live = false;
    };
  }, [token, reloads, onSignedOut]);

  /** One participant's new attendance, in place. */
  const attested = (hearingId: string, view: AttendanceView) =>
    setHearings(
      (list) =>
        list?.map((h) =>
          h.hearingId !== hearingId
            ? h
            : { ...h, participants: h.participants.map((p) => (p.participantId === view.participantId ? view : p)) },
        ) ?? null,
    );

  return (
    <section className="bench-hearings" data-testid="site-hearings" aria-busy={hearings === null}>
      <div className="bench-heading">
        <h1>{t('site.heading')}</h1>
        <button type="button" className="secondary" data-testid="site-refresh" onClick={reload}>
          {t('site.refresh')}
        </button>
      </div>
      {error && (
        <p className="notice error" role="alert" data-testid="site-error">
          {error}
        </p>
      )}
      {hearings === null && !error && <p className="muted">{t('common.loading')}</p>}
      {hearings?.length === 0 && (
        <p className="notice" data-testid="site-none">
          {t('site.none')}
        </p>
      )}
      {hearings?.map((h) => (
        <article key={h.hearingId} className="card" data-testid="site-hearing" data-hearing-id={h.hearingId}>
          <h2>
            {h.caseNumber} — {h.title}
          </h2>
          <p className="muted">
            {formatDateTime(h.scheduledAt)} · {stateLabel(h.state)} · {h.site.name}
          </p>
          <ul className="rows">
            {h.participants.map((p) => (
              <AttestEntry
                key={p.participantId}
                token={token}
                hearingId={h.hearingId}
                entry={p}
                onAttested={(v) => attested(h.hearingId, v)}
              />
            ))}
          </ul>
        </article>
      ))}
    </section>
  );
}

interface EntryProps {
  token: string;
  hearingId: string;
  entry: AttendanceView;
  onAttested: (view: AttendanceView) => void;
}

function AttestEntry({ token, hearingId, entry: p, onAttested }: EntryProps) {
  const [kind, setKind] = useState<IdDocumentKind>('cccd');
  const [number, setNumber] = useState('');
  const [note, setNote] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const id = (name: string) => `site-${p.participantId}-${name}`;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setPending(true);
    setError(null);
    try {
      onAttested(await siteApi.attest(token, hearingId, p.participantId, { kind, number: number.trim() }, note.trim() || undefined));
      setSaved(true);
      setNumber('');
    } catch (e) {
      setError(staffErrorText(e));
    } finally {
      setPending(false);
    }
  };

  return (
    <li className="row" data-testid="site-participant" data-participant-id={p.participantId}>
      <div className="row-who">
        <span className="row-name">{p.displayName}</span>
        <span className="row-role">{roleLabel(p.role)}</span>
        {p.attestation && (
          <span className="small" data-testid="site-attested">
            {t('site.attested')}: {p.attestation.idDocument.number} · {p.attestation.officer}
          </span>
        )}
      </div>
      <form className="row-confirm" onSubmit={submit}>
        <label htmlFor={id('kind')}>{t('attendance.form.kind')}</label>
        <select id={id('kind')} data-testid="site-id-kind" value={kind} onChange={(e) => setKind(e.target.value as IdDocumentKind)}>
          {(['cccd', 'cmnd', 'passport'] as const).map((k) => (
            <option key={k} value={k}>
              {t(`attendance.id.kind.${k}`)}
            </option>
          ))}
        </select>
        <label htmlFor={id('number')}>{t('attendance.form.number')}</label>
        <input
          id={id('number')}
          data-testid="site-id-number"
          autoComplete="off"
          maxLength={40}
          value={number}
          onChange={(e) => setNumber(e.target.value)}
          required
        />
        <label htmlFor={id('note')}>{t('attendance.form.note')}</label>
        <input id={id('note')} data-testid="site-note" maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} />
        {error && (
          <p className="notice error" role="alert" data-testid="site-attest-error">
            {error}
          </p>
        )}
        {saved && !error && (
          <p className="notice ok" role="status" data-testid="site-saved">
            {t('site.saved', { name: p.displayName })}
          </p>
        )}
        <button type="submit" className="primary" data-testid="site-attest" disabled={pending || !number.trim()}>
          {t('site.attest')}
        </button>
      </form>
    </li>
  );
}
