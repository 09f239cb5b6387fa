// The hearings this judge presides (not ended, soonest first), each with its "Join hearing"
// button: POST join makes a courtroom link for this sign-in, and the browser goes there.
import { useCallback, useEffect, useState } from 'react';
import { courtZoneLabel } from '../../../core/lib/courtLocale.js';
import type { BenchHearing } from '../core/protocol.js';
import { RequestError } from '../core/RequestError.js';
import { formatDateTime, roleLabel, stateLabel, t } from '../i18n.js';
import { refusalReason } from '../staff/staffApi.js';
import { staffErrorText } from '../staff/staffErrors.js';
import { benchApi } from './benchApi.js';

interface Props {
  token: string;
  /** The session is over (401): back to the sign-in form. */
  onSignedOut: () => void;
}

export function BenchHearings({ token, onSignedOut }: Props) {
  const [hearings, setHearings] = useState<BenchHearing[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [joining, setJoining] = useState<string | null>(null);
  const [reloads, setReloads] = useState(0);
  const reload = useCallback(() => setReloads((n) => n + 1), []);

  useEffect(() => {
    let live = true;
    benchApi.hearings(token).then(
      (list) => live && setHearings(list),
      (e: unknown) => {
        if (!live) return;
        if (isSignedOut(e)) onSignedOut();
        else setError(benchErrorText(e));
      },
    );
    return () => {
      live = false;
    };
  }, [token, reloads, onSignedOut]);

  const join = async (hearing: BenchHearing) => {
    setJoining(hearing.hearingId);
    setError(null);
    try {
      const invitation = await benchApi.join(token, hearing.hearingId);
      // The courtroom takes the token from the fragment; this page is left behind (Back returns here).
      location.assign(invitation.url);
    } catch (e) {
      setJoining(null);
      if (isSignedOut(e)) return onSignedOut();
      setError(benchErrorText(e));
      // The list was stale (hearing ended, seat gone): show what stands now.
      if (e instanceof RequestError && (e.code === 'not_found' || e.code === 'invalid_state' || e.code === 'forbidden')) reload();
    }
  };

  return (
    <section className="bench-hearings" data-testid="bench-hearings" aria-busy={hearings === null}>
      <div className="bench-heading">
        <h1>{t('bench.heading')}</h1>
        <button
          type="button"
          className="secondary"
          onClick={() => {
            setError(null);
            reload();
          }}
          data-testid="bench-refresh"
        >
          {t('bench.refresh')}
        </button>
      </div>
      <p className="muted">{t('bench.intro')}</p>
      {error && (
        <p className="notice error" role="alert" data-testid="bench-error">
          {error}
        </p>
      )}
      {hearings === null && !error && <p className="muted">{t('common.loading')}</p>}
      {hearings?.length === 0 && (
        <p className="notice" data-testid="bench-none">
          {t('bench.none')}
        </p>
      )}
      {hearings && hearings.length > 0 && (
        <ul className="bench-list">
          {hearings.map((h) => (
            <li key={h.hearingId} className="card bench-item" data-testid="bench-hearing" data-hearing-id={h.hearingId}>
              <div className="bench-item-info">
                <p className="bench-case">
                  <span className="bench-case-number">{h.caseNumber}</span> · {h.caseTitle}
                </p>
                <h2 className="bench-title">{h.title}</h2>
                <p className="bench-seat" data-testid="bench-seat" data-role={h.role}>
                  {roleLabel(h.role)}
                </p>
                <p className="bench-when">
                  <time dateTime={h.scheduledAt}>{formatDateTime(h.scheduledAt)}</time>{' '}
                  <span className="muted">({t('bench.timezone', { zone: courtZoneLabel(Date.parse(h.scheduledAt) || Date.now()) })})</span>
                </p>
                <span className={`state-badge state-${h.state}`} data-testid="bench-state" data-state={h.state}>
                  {stateLabel(h.state)}
                </span>
              </div>
              <button
                type="button"
                className="primary large bench-join"
                data-testid="bench-join"
                aria-label={t('bench.joinLabel', { title: h.title, caseNumber: h.caseNumber })}
                disabled={joining !== null}
                onClick={() => void join(h)}
              >
                {joining === h.hearingId ? t('bench.joining') : t('bench.join')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function isSignedOut(error: unknown): boolean {
  return error instanceof RequestError && error.code === 'unauthorized';
}

/** The server's refusals are English; the judge reads their own language. */
function benchErrorText(error: unknown): string {
  if (error instanceof RequestError) {
    // A sign-in without an authenticator code, where the court requires one for the bench.
    if (error.code === 'forbidden' && refusalReason(error) === 'second_factor') {
      return t('bench.secondFactor');
    }
    if (error.code === 'forbidden') return t('bench.notPresiding');
    if (error.code === 'not_found') return t('bench.notFound');
    if (error.code === 'invalid_state') return t('bench.ended');
  }
  return staffErrorText(error);
}
