import type { HearingView } from '../core/protocol.js';
import { stateLabel, t } from '../i18n.js';

/**
 * Where the hearing is: its state, and in session its stage (xét hỏi, tranh luận…) or once ended
 * its outcome. `data-state` and `data-stage` carry the raw values for tests and styling.
 */
export function StateBadge({ hearing }: { hearing: Pick<HearingView, 'state' | 'stage' | 'outcome'> }) {
  const { state, stage, outcome } = hearing;
  const detail = state === 'in_session' && stage ? t(`stage.${stage}`) : state === 'adjourned' && outcome ? t(`outcome.${outcome}`) : null;
  return (
    <span className={`state-badge state-${state}`} data-testid="hearing-state" data-state={state} data-stage={stage ?? ''}>
      {stateLabel(state)}
      {detail && ` · ${detail}`}
    </span>
  );
}
