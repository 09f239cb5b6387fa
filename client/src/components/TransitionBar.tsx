import { useState, type FormEvent } from 'react';
import type { HearingSession } from '../core/HearingSession.js';
import type { HearingView, TransitionAction } from '../core/protocol.js';
import { canMove, PROCEDURE, PROCEDURE_ORDER } from '../core/transitions.js';
import type { ActionRunner } from '../hooks/useAction.js';
import { t } from '../i18n.js';

interface Props {
  hearing: HearingView;
  session: HearingSession;
  runner: ActionRunner;
}

/**
 * The judge's procedural buttons, in the order of a Vietnamese hearing; only the moves that can
 * work from where the hearing is are shown. Suspension and postponement ask for the reason (it goes
 * into the minutes); closing the hearing asks first, since nobody can come back after it.
 */
export function TransitionBar({ hearing, session, runner }: Props) {
  const [asking, setAsking] = useState<TransitionAction | null>(null);
  const [reason, setReason] = useState('');
  const at = { state: hearing.state, stage: hearing.stage };
  const moves = PROCEDURE_ORDER.filter((a) => canMove(at, a));

  const needsReason = asking !== null && PROCEDURE[asking].needsReason;
  const choose = (action: TransitionAction) => {
    if (PROCEDURE[action].needsReason || action === 'adjourn') {
      setReason('');
      setAsking(action);
    } else runner.run(() => session.transition(action));
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!asking || (needsReason && !reason.trim())) return;
    const action = asking;
    setAsking(null);
    runner.run(() => session.transition(action, needsReason ? reason.trim() : undefined));
  };

  return (
    <section className="panel-section">
      <h3>{t('panel.progress')}</h3>
      {asking ? (
        <form className="transition-reason" onSubmit={submit} data-testid="transition-confirm-form">
          {needsReason ? (
            <>
              <label htmlFor="transition-reason">
                {t(asking === 'postpone' ? 'transition.reasonPrompt.postpone' : 'transition.reasonPrompt.recess')}
              </label>
              <textarea
                id="transition-reason"
                data-testid="transition-reason"
                value={reason}
                maxLength={500}
                rows={3}
                required
                autoFocus
                onChange={(e) => setReason(e.target.value)}
              />
            </>
          ) : (
            <p role="alert">{t('transition.confirmAdjourn')}</p>
          )}
          <div className="row-actions">
            <button
              type="submit"
              className="small danger"
              data-testid="transition-confirm"
              disabled={(needsReason && !reason.trim()) || runner.pending}
            >
              {t(`transition.${asking}`)}
            </button>
            <button type="button" className="small secondary" onClick={() => setAsking(null)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      ) : (
        <div className="transitions">
          {moves.map((action) => (
            <button
              key={action}
              type="button"
              className={`small ${action === 'adjourn' || action === 'postpone' ? 'danger' : 'primary'}`}
              data-testid={`transition-${action}`}
              disabled={runner.pending}
              onClick={() => choose(action)}
            >
              {t(`transition.${action}`)}
            </button>
          ))}
        </div>
      )}
    </section>
  );
}
