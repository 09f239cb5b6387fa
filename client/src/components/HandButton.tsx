// Raise or lower one's own hand. Shown to those who may ask for the floor (not the presiding judge,
// who gives it; not observers or courtroom devices). The server decides; this only asks.
import type { HearingSession } from '../core/HearingSession.js';
import type { Role } from '../core/protocol.js';
import { useAction } from '../hooks/useAction.js';
import { useStore } from '../hooks/useStore.js';
import { t } from '../i18n.js';
import './handsChat.css';

const NO_HAND: readonly Role[] = ['judge', 'observer', 'device'];

export function HandButton({ session }: { session: HearingSession }) {
  const { self, hands } = useStore(session);
  const runner = useAction();
  if (!self || NO_HAND.includes(self.role)) return null;
  const raised = hands.some((h) => h.participantId === self.id);
  return (
    <div className="control">
      <button
        type="button"
        className={`control-button hand-button ${raised ? 'raised' : ''}`}
        data-testid="hand-button"
        data-raised={String(raised)}
        aria-pressed={raised}
        disabled={runner.pending}
        onClick={() => runner.run(() => session.setHand(!raised))}
      >
        {raised ? t('hand.lower') : t('hand.raise')}
      </button>
      {raised && <span className="control-note">{t('hand.raisedNote')}</span>}
      {runner.error && (
        <span className="control-note" role="alert">
          {runner.error}
        </span>
      )}
    </div>
  );
}
