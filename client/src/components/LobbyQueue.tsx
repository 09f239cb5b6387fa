import type { HearingSession } from '../core/HearingSession.js';
import type { ParticipantView } from '../core/protocol.js';
import type { ActionRunner } from '../hooks/useAction.js';
import { roleLabel, t } from '../i18n.js';

interface Props {
  lobby: ParticipantView[];
  /** Absent for the clerk, who sees the queue but does not decide. */
  actions?: { session: HearingSession; runner: ActionRunner };
}

/** People waiting to be admitted. */
export function LobbyQueue({ lobby, actions }: Props) {
  return (
    <section className="panel-section">
      <h3>{t('panel.lobby', { count: lobby.length })}</h3>
      {lobby.length === 0 ? (
        <p className="muted small">{t('panel.lobbyEmpty')}</p>
      ) : (
        <ul className="rows">
          {lobby.map((p) => (
            <li key={p.id} className="row" data-testid="lobby-entry" data-participant-id={p.id}>
              <div className="row-who">
                <span className="row-name">{p.displayName}</span>
                <span className="row-role">
                  {roleLabel(p.role)}
                  {p.site && ` · ${p.site.name}`}
                  {!p.connected && ` · ${t('panel.offline')}`}
                </span>
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
                  <button
                    type="button"
                    className="small secondary"
                    data-testid="deny-button"
                    disabled={actions.runner.pending}
                    onClick={() => actions.runner.run(() => actions.session.deny(p.id))}
                  >
                    {t('panel.deny')}
                  </button>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
