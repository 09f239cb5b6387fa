import type { HearingSession } from '../core/HearingSession.js';
import type { HearingState } from '../core/protocol.js';
import { TRANSITION_ORDER, canTransition } from '../core/transitions.js';
import type { ActionRunner } from '../hooks/useAction.js';
import { t } from '../i18n.js';

interface Props {
  state: HearingState;
  session: HearingSession;
  runner: ActionRunner;
}

/** The judge's procedural buttons; only the legal next steps are enabled. */
export function TransitionBar({ state, session, runner }: Props) {
  return (
    <section className="panel-section">
      <h3>{t('panel.progress')}</h3>
      <div className="transitions">
        {TRANSITION_ORDER.map((action) => (
          <button
            key={action}
            type="button"
            className={`small ${action === 'adjourn' ? 'danger' : 'primary'}`}
            data-testid={`transition-${action}`}
            disabled={runner.pending || !canTransition(state, action)}
            onClick={() => runner.run(() => session.transition(action))}
          >
            {t(`transition.${action}`)}
          </button>
        ))}
      </div>
    </section>
  );
}
