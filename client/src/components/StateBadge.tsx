import type { HearingState } from '../core/protocol.js';
import { stateLabel } from '../i18n.js';

/** The hearing's live state; `data-state` carries the raw value for tests and styling. */
export function StateBadge({ state }: { state: HearingState }) {
  return (
    <span className={`state-badge state-${state}`} data-testid="hearing-state" data-state={state}>
      {stateLabel(state)}
    </span>
  );
}
