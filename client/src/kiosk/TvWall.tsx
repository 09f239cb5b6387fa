import { useMemo, useRef } from 'react';
import type { HearingSession } from '../core/HearingSession.js';
import type { RemoteTracks } from '../core/MediaSessionTypes.js';
import type { ParticipantView } from '../core/protocol.js';
import { buildWall, isReconnecting } from '../core/wallLayout.js';
import { RemoteAudio } from '../components/RemoteAudio.js';
import { StateBadge } from '../components/StateBadge.js';
import { useStore } from '../hooks/useStore.js';
import { t } from '../i18n.js';
import { TvClock } from './TvClock.js';
import { TvTile } from './TvTile.js';

/** The hearing on the courtroom wall: particulars, state and clock above, the layout below. */
export function TvWall({ session }: { session: HearingSession }) {
  const state = useStore(session);
  const media = useStore(session.media);
  const everReady = useRef(false);
  if (media.status === 'ready') everReady.current = true;
  const wall = useMemo(
    () =>
      buildWall({
        selfId: state.self?.id ?? null,
        participants: state.participants,
        producers: state.producers,
        remote: media.remote,
        activeSpeakerId: state.activeSpeakerId,
        layout: state.displayLayout,
      }),
    [state, media.remote],
  );
  const audio = useMemo(() => otherSites(media.remote, state.participants, state.self), [media.remote, state.participants, state.self]);
  const reconnecting = isReconnecting(state.connected, media.status, everReady.current);
  const { hearing } = state;
  return (
    <div className="tv tv-live" data-testid="tv-wall" data-mode={wall.mode}>
      <header className="tv-header">
        <div className="tv-particulars">
          {hearing ? (
            <>
              <p className="tv-case">
                {t('info.caseNumber')}: <strong>{hearing.caseNumber}</strong> · {hearing.caseTitle}
              </p>
              <h1 className="tv-hearing-title">{hearing.title}</h1>
              <p className="tv-court">
                {hearing.court}
                {hearing.courtroom ? ` · ${hearing.courtroom.name}` : ''}
              </p>
            </>
          ) : (
            <h1 className="tv-hearing-title">{t('connecting.title')}</h1>
          )}
        </div>
        {hearing && <StateBadge hearing={hearing} />}
        <TvClock />
      </header>
      {reconnecting && (
        <div className="tv-banner" role="status" data-testid="tv-reconnecting">
          {t('connecting.reconnecting')}
        </div>
      )}
      {hearing?.state === 'recess' && (
        <div className="tv-banner tv-recess" role="status">
          {t('courtroom.recessBanner')}
        </div>
      )}
      {hearing?.state === 'deliberation' && (
        <div className="tv-banner tv-recess" role="status">
          {t('courtroom.deliberationBanner')}
        </div>
      )}
      <main className={`tv-stage tv-mode-${wall.mode}`}>
        {!wall.main && wall.others.length === 0 && <p className="tv-empty">{t('courtroom.nobody')}</p>}
        {wall.main && (
          <div className="tv-main-area">
            <TvTile tile={wall.main} main />
          </div>
        )}
        {wall.others.length > 0 && (
          <div className={wall.main ? 'tv-strip' : `tv-grid count-${Math.min(wall.others.length, 9)}`}>
            {wall.others.map((tile) => (
              <TvTile key={tile.key} tile={tile} main={false} />
            ))}
          </div>
        )}
      </main>
      <RemoteAudio remote={audio} />
    </div>
  );
}

/**
 * Sound from the other sites only: people in the same courtroom as the TV are heard in the room
 * already, and playing their microphones back through its speakers would feed back.
 */
function otherSites(remote: RemoteTracks, participants: ParticipantView[], self: ParticipantView | null): RemoteTracks {
  const site = self?.site?.id;
  if (!site) return remote;
  const here = new Set(participants.filter((p) => p.site?.id === site).map((p) => p.id));
  return Object.fromEntries(Object.entries(remote).filter(([id]) => !here.has(id)));
}
