import { useState } from 'react';
import type { HearingSession } from '../core/HearingSession.js';
import type { HearingView, TransitionAction } from '../core/protocol.js';
import { canMove, PROCEDURE, PROCEDURE_ORDER } from '../core/transitions.js';
import type { ActionRunner } from '../hooks/useAction.js';
import { t } from '../i18n.js';
import { ConfirmDialog } from './ConfirmDialog.js';

interface Props {
  hearing: HearingView;
  session: HearingSession;
  runner: ActionRunner;
}

/**
 * The judge's procedural buttons, in the order of a Vietnamese hearing; only the moves that can
 * work from where the hearing is are shown. Suspension and postponement ask for the reason (it goes
 * into the minutes); closing the hearing asks first, since nobody can come back after it (a reason
 * may be given there too). Each asks through the one ConfirmDialog.
 */
export function TransitionBar({ hearing, session, runner }: Props) {
  const [asking, setAsking] = useState<TransitionAction | null>(null);
  const at = { state: hearing.state, stage: hearing.stage };
  const moves = PROCEDURE_ORDER.filter((a) => canMove(at, a));

  const choose = (action: TransitionAction) => {
    if (PROCEDURE[action].needsReason || action === 'adjourn') setAsking(action);
    else runner.run(() => session.transition(action));
  };
  const confirm = (action: TransitionAction, reason: string) => {
    setAsking(null);
    runner.run(() => session.transition(action, reason || undefined));
  };

  return (
    <section className="panel-section">
      <h3>{t('panel.progress')}</h3>
      <div className="transitions">
        {moves.map((action) => (
          <button
            key={action}
            type="button"
            className={`small ${action === 'adjourn' || action === 'postpone' ? 'danger' : 'primary'}`}
            data-testid={`transition-${action}`}
            disabled={runner.pending || asking !== null}
            onClick={() => choose(action)}
          >
            {t(`transition.${action}`)}
          </button>
        ))}
      </div>
      {asking && (
        <ConfirmDialog
          title={asking === 'adjourn' ? t('transition.confirmAdjourn') : t(`transition.${asking}`)}
          message={
            asking === 'adjourn'
              ? undefined
              : t(asking === 'postpone' ? 'transition.reasonPrompt.postpone' : 'transition.reasonPrompt.recess')
          }
          reason={{ label: t('transition.reasonLabel'), required: PROCEDURE[asking].needsReason, hint: t('safe.reasonMinutes') }}
          confirmLabel={t(`transition.${asking}`)}
          danger={asking !== 'recess'}
          disabled={runner.pending}
          onConfirm={(reason) => confirm(asking, reason)}
          onCancel={() => setAsking(null)}
          testIds={{ dialog: 'transition-dialog', reason: 'transition-reason', confirm: 'transition-confirm', cancel: 'transition-cancel' }}
        />
      )}
    </section>
  );
}
