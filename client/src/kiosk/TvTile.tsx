import type { WallTile } from '../core/wallLayout.js';
import { Icon } from '../components/Icon.js';
import { TrackVideo } from '../components/TrackVideo.js';
import { roleLabel, t } from '../i18n.js';

/** One camera or screen on the TV: large or small, always with the name and the role. */
export function TvTile({ tile, main }: { tile: WallTile; main: boolean }) {
  const { participant, source } = tile;
  const name = source === 'screen' ? t('courtroom.screenOf', { name: participant.displayName }) : participant.displayName;
  return (
    <figure
      className={['tv-tile', main ? 'tv-main' : '', tile.speaking ? 'speaking' : ''].filter(Boolean).join(' ')}
      data-testid="tv-tile"
      data-participant-id={participant.id}
      data-role={participant.role}
      data-source={source}
      data-main={String(main)}
      data-has-video={String(!!tile.video)}
    >
      <TrackVideo
        track={tile.video}
        testId="tv-video"
        className="tv-video"
        label={t('courtroom.videoName', {
          name: participant.displayName,
          role: roleLabel(participant.role),
          source: t(source === 'screen' ? 'courtroom.source.screen' : 'courtroom.source.camera'),
        })}
      />
      {!tile.video && (
        <div className="tv-placeholder" aria-hidden="true">
          {initials(participant.displayName)}
        </div>
      )}
      <figcaption className="tv-caption">
        <span className="tv-name">{name}</span>
        <span className="tv-role">{roleLabel(participant.role)}</span>
        {source === 'camera' && tile.audioMuted && (
          <span className="tv-muted" role="img" aria-label={t('courtroom.muted')}>
            <Icon name="micOff" size={16} />
          </span>
        )}
      </figcaption>
    </figure>
  );
}

function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.filter((_, i) => i === 0 || i === words.length - 1);
  return letters.map((w) => w.charAt(0).toUpperCase()).join('');
}
