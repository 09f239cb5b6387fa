// The bench's queue of raised hands, in the order they were raised, with how long each has waited.
// The presiding judge lowers a hand (after giving the floor); the rest of the bench sees the queue.
import { useEffect, useState } from 'react';
import type { HearingSession } from '../core/HearingSession.js';
import type { SessionState } from '../core/sessionState.js';
import { useAction } from '../hooks/useAction.js';
import { roleLabel, t } from '../i18n.js';
import './handsChat.css';

interface Props {
  session: HearingSession;
  state: SessionState;
}

export function HandQueue({ session, state }: Props) {
  const now = useNow(state.hands.length > 0);
  const runner = useAction();
  const presiding = state.self?.role === 'judge';
  if (state.hands.length === 0) return null;
  return (
    <section className="hand-queue" data-testid="hand-queue" aria-label={t('hand.queue', { count: state.hands.length })}>
      <h3>{t('hand.queue', { count: state.hands.length })}</h3>
      {runner.error && (
        <p className="notice error" role="alert">
          {runner.error}
        </p>
      )}
      <ol className="hand-list">
        {state.hands.map((h) => {
          const p = state.participants.find((x) => x.id === h.participantId);
          const name = p?.displayName ?? t('hand.someone');
          return (
            <li key={h.participantId} className="hand-entry" data-testid="hand-entry" data-participant-id={h.participantId}>
              <span className="hand-who">
                <span className="row-name">{name}</span>
                {p && <span className="row-role"> · {roleLabel(p.role)}</span>}
              </span>
              <span className="hand-waited" data-testid="hand-waited">
                {t('hand.waited', { time: waited(now - Date.parse(h.raisedAt)) })}
              </span>
              {presiding && (
                <button
                  type="button"
                  className="small"
                  data-testid="lower-hand-button"
                  aria-label={t('hand.lowerFor', { name })}
                  disabled={runner.pending}
                  onClick={() => runner.run(() => session.setHand(false, h.participantId))}
                >
                  {t('hand.lower')}
                </button>
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

/** The time now, re-read every second while `ticking`. */
function useNow(ticking: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!ticking) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [ticking]);
  return now;
}

/** m:ss (h:mm:ss past an hour); a clock slightly behind the server's never shows a negative wait. */
function waited(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const mm = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return s >= 3600 ? `${Math.floor(s / 3600)}:${String(mm).padStart(2, '0')}:${ss}` : `${mm}:${ss}`;
}
