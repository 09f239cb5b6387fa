import { useState } from 'react';
import type { HearingSession } from '../core/HearingSession.js';
import type { SessionState } from '../core/sessionState.js';
import { useAction } from '../hooks/useAction.js';
import { t } from '../i18n.js';
import { ConfirmDialog } from './ConfirmDialog.js';
import { DepartureNotices } from './DepartureNotices.js';
import { DisplayLayoutControl } from './DisplayLayoutControl.js';
import { LobbyQueue } from './LobbyQueue.js';
import { ParticipantRow } from './ParticipantRow.js';
import { RoomsPanel } from './RoomsPanel.js';
import { TransitionBar } from './TransitionBar.js';

interface Props {
  session: HearingSession;
  state: SessionState;
}

/** The presiding judge's controls: hearing progress, the lobby, the participants, and who has the floor. */
export function JudgePanel({ session, state }: Props) {
  const runner = useAction();
  const [askingMuteAll, setAskingMuteAll] = useState(false);
  const [mutedCount, setMutedCount] = useState<number | null>(null);
  const hearing = state.hearing;
  if (!hearing) return null;
  const withCamera = new Set(state.producers.filter((pr) => pr.source === 'camera').map((pr) => pr.participantId));
  const muteAll = () => {
    setAskingMuteAll(false);
    setMutedCount(null);
    runner.run(async () => setMutedCount((await session.muteAll()).length));
  };
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
      <DepartureNotices session={session} />
      <TransitionBar hearing={hearing} session={session} runner={runner} />
      <LobbyQueue lobby={state.lobby} actions={{ session, runner, deny: true }} />
      <RoomsPanel session={session} state={state} />
      {state.participants.some((p) => p.device?.kind === 'display') && (
        <DisplayLayoutControl layout={state.displayLayout} participants={state.participants} session={session} runner={runner} />
      )}
      <section className="panel-section">
        <h3>{t('panel.participants', { count: state.participants.length })}</h3>
        <div className="row-actions">
          <button
            type="button"
            className="small secondary"
            data-testid="mute-all-button"
            disabled={runner.pending || askingMuteAll}
            onClick={() => setAskingMuteAll(true)}
          >
            {t('safe.muteAll')}
          </button>
          {mutedCount !== null && (
            <span className="small muted" role="status" data-testid="mute-all-result">
              {t('safe.muteAll.done', { count: mutedCount })}
            </span>
          )}
        </div>
        {askingMuteAll && (
          <ConfirmDialog
            title={t('safe.muteAll.title')}
            message={t('safe.muteAll.message')}
            confirmLabel={t('safe.muteAll')}
            disabled={runner.pending}
            onConfirm={muteAll}
            onCancel={() => setAskingMuteAll(false)}
            testIds={{ dialog: 'mute-all-dialog', confirm: 'confirm-mute-all-button', cancel: 'cancel-mute-all-button' }}
          />
        )}
        <ul className="rows">
          {state.participants.map((p) => (
            <ParticipantRow
              key={p.id}
              participant={p}
              isSelf={p.id === state.self?.id}
              mediaLost={state.mediaLost.includes(p.id)}
              quality={state.linkQuality[p.id]}
              hasCamera={withCamera.has(p.id)}
              session={session}
              runner={runner}
            />
          ))}
        </ul>
      </section>
    </aside>
  );
}
