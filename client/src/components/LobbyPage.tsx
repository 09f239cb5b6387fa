import type { HearingSession } from '../core/HearingSession.js';
import type { SessionState } from '../core/sessionState.js';
import { roleLabel, t } from '../i18n.js';
import { HearingInfo } from './HearingInfo.js';
import { TopBar } from './TopBar.js';

interface Props {
  session: HearingSession;
  state: SessionState;
}

/** Waiting to be admitted by the judge. */
export function LobbyPage({ session, state }: Props) {
  return (
    <div className="page">
      <TopBar />
      <main className="lobby" data-testid="lobby">
        <section className="card lobby-card">
          <div className="lobby-wait" role="status">
            <span className="spinner" aria-hidden="true" />
            <div>
              <h1>{t('lobby.title')}</h1>
              <p>{t('lobby.waiting')}</p>
              {state.self && (
                <p className="muted">
                  {state.self.displayName} — {roleLabel(state.self.role)}
                </p>
              )}
            </div>
          </div>
          {!state.connected && <p className="notice warn">{t('connecting.reconnecting')}</p>}
          {state.hearing && <HearingInfo hearing={state.hearing} />}
          <button type="button" className="secondary" data-testid="leave-button" onClick={() => void session.leave()}>
            {t('lobby.leave')}
          </button>
        </section>
      </main>
    </div>
  );
}
