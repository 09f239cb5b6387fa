import { useState, type ReactNode } from 'react';
import type { HearingSession } from '../core/HearingSession.js';
import type { ParticipantView } from '../core/protocol.js';
import { useAction, type ActionRunner } from '../hooks/useAction.js';
import { roleLabel, t } from '../i18n.js';
import { CheckBadge } from './CheckBadge.js';
import { ConfirmDialog } from './ConfirmDialog.js';
import { DepartureNotices } from './DepartureNotices.js';

interface Props {
  lobby: ParticipantView[];
  /**
   * Absent for the rest of the panel, who see the queue but do not decide. The clerk admits (after
   * checking who has come) but does not refuse anyone: `deny` is the presiding judge's.
   */
  actions?: { session: HearingSession; runner: ActionRunner; deny: boolean };
}

/** The lobby list's element id: the header's badge leads here. */
export const LOBBY_QUEUE_ID = 'lobby-queue';

/** People waiting to be admitted. */
export function LobbyQueue({ lobby, actions }: Props) {
  return (
    <section className="panel-section lobby-queue" id={LOBBY_QUEUE_ID} tabIndex={-1} aria-label={t('panel.lobby', { count: lobby.length })}>
      <h3>{t('panel.lobby', { count: lobby.length })}</h3>
      {lobby.length === 0 ? (
        <p className="muted small">{t('panel.lobbyEmpty')}</p>
      ) : (
        <ul className="rows">
          {lobby.map((p) => (
            <LobbyEntry key={p.id} participant={p} actions={actions} />
          ))}
        </ul>
      )}
    </section>
  );
}

/** One person waiting; the presiding judge refuses only after confirming, with a reason the person is shown. */
function LobbyEntry({ participant: p, actions }: { participant: ParticipantView; actions: Props['actions'] }) {
  const [denying, setDenying] = useState(false);
  return (
    <li className="row" data-testid="lobby-entry" data-participant-id={p.id}>
      <div className="row-who">
        <span className="row-name">{p.displayName}</span>
        <span className="row-role">
          {roleLabel(p.role)}
          {p.site && ` · ${p.site.name}`}
          {!p.connected && ` · ${t('panel.offline')}`}
        </span>
        <CheckBadge check={p.check} />
      </div>
      {actions && (
        <div className="row-actions">
          <button
            type="button"
            className="small primary"
            data-testid="admit-button"
            disabled={actions.runner.pending}
            onClick={() => actions.runner.run(() => actions.session.admit(p.id))}
          >
            {t('panel.admit')}
          </button>
          {actions.deny && (
            <button
              type="button"
              className="small secondary"
              data-testid="deny-button"
              disabled={actions.runner.pending || denying}
              onClick={() => setDenying(true)}
            >
              {t('panel.deny')}
            </button>
          )}
        </div>
      )}
      {actions?.deny && denying && (
        <ConfirmDialog
          title={t('safe.deny.title', { name: p.displayName })}
          message={t('safe.deny.message')}
          reason={{ label: t('safe.deny.reason'), required: true, hint: t('safe.reasonShown') }}
          confirmLabel={t('safe.deny.confirm')}
          danger
          disabled={actions.runner.pending}
          onConfirm={(reason) => {
            setDenying(false);
            actions.runner.run(() => actions.session.deny(p.id, reason));
          }}
          onCancel={() => setDenying(false)}
          testIds={{ dialog: 'deny-dialog', reason: 'deny-reason', confirm: 'confirm-deny-button', cancel: 'cancel-deny-button' }}
        />
      )}
    </li>
  );
}

/** The clerk's and the panel's side panel: the queue, with the clerk's admit button, and what else the role needs (`children`). */
export function BenchLobby({
  session,
  lobby,
  admits,
  children,
}: {
  session: HearingSession;
  lobby: ParticipantView[];
  admits: boolean;
  children?: ReactNode;
}) {
  const runner = useAction();
  return (
    <aside className="side-panel" data-testid="lobby-panel">
      {runner.error && (
        <p className="notice error small" role="alert">
          {t('panel.actionFailed', { message: runner.error })}
        </p>
      )}
      <DepartureNotices session={session} />
      <LobbyQueue lobby={lobby} actions={admits ? { session, runner, deny: false } : undefined} />
      {children}
    </aside>
  );
}
