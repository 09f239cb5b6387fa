import type { HearingSession } from '../core/HearingSession.js';
import type { SessionState } from '../core/sessionState.js';
import { useAction } from '../hooks/useAction.js';
import { t } from '../i18n.js';
import { DisplayLayoutControl } from './DisplayLayoutControl.js';
import { LobbyQueue } from './LobbyQueue.js';
import { ParticipantRow } from './ParticipantRow.js';
import { TransitionBar } from './TransitionBar.js';

interface Props {
  session: HearingSession;
  state: SessionState;
}

/** The presiding judge's controls: hearing progress, the lobby, and the participants. */
export function JudgePanel({ session, state }: Props) {
  const runner = useAction();
  const hearing = state.hearing;
  if (!hearing) return null;
  return (
    <aside className="side-panel" data-testid="judge-panel" aria-label={t('panel.title')}>
      <h2>{t('panel.title')}</h2>
      {runner.error && (
        <p className="notice error" role="alert" data-testid="action-error">
          {t('panel.actionFailed', { message: runner.error })}
          <button type="button" className="link" onClick={runner.clearError} aria-label={t('common.cancel')}>
            ×
          </button>
        </p>
      )}
      <TransitionBar hearing={hearing} session={session} runner={runner} />
      <LobbyQueue lobby={state.lobby} actions={{ session, runner, deny: true }} />
      {state.participants.some((p) => p.device?.kind === 'display') && (
        <DisplayLayoutControl layout={state.displayLayout} participants={state.participants} session={session} runner={runner} />
      )}
      <section className="panel-section">
        <h3>{t('panel.participants', { count: state.participants.length })}</h3>
        <ul className="rows">
          {state.participants.map((p) => (
            <ParticipantRow
              key={p.id}
              participant={p}
              isSelf={p.id === state.self?.id}
              mediaLost={state.mediaLost.includes(p.id)}
              quality={state.linkQuality[p.id]}
              session={session}
              runner={runner}
            />
          ))}
        </ul>
      </section>
    </aside>
  );
}
