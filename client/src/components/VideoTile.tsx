import type { TileModel } from '../core/tiles.js';
import { roleLabel, t } from '../i18n.js';
import { DeviceStatusBadge } from './DeviceStatusBadge.js';
import { Icon } from './Icon.js';
import { TrackVideo } from './TrackVideo.js';

/**
 * One participant's camera or screen share, with name, role and mute/speaker indicators. `lead`: the
 * tile the grid gives the space to (VideoGrid.tsx); our own camera is never it.
 */
export function VideoTile({ tile, lead = false }: { tile: TileModel; lead?: boolean }) {
  const { participant, source } = tile;
  const name = source === 'screen' ? t('courtroom.screenOf', { name: participant.displayName }) : participant.displayName;
  const what = t(source === 'screen' ? 'courtroom.source.screen' : tile.isSelf ? 'courtroom.source.self' : 'courtroom.source.camera');
  const label = t('courtroom.videoName', { name: participant.displayName, role: roleLabel(participant.role), source: what });
  const classes = [
    'tile',
    `tile-${source}`,
    lead ? 'featured' : '',
    tile.isSelf ? 'tile-self' : '',
    tile.activeSpeaker ? 'speaking' : '',
    participant.role === 'judge' ? 'tile-judge' : '',
  ].filter(Boolean);
  return (
    <figure
      className={classes.join(' ')}
      data-testid="tile"
      data-participant-id={participant.id}
      data-role={participant.role}
      data-source={source}
      data-self={String(tile.isSelf)}
      data-lead={String(lead)}
      data-audio-muted={String(tile.audioMuted)}
      data-active-speaker={String(tile.activeSpeaker)}
      data-held={String(tile.held)}
    >
      <TrackVideo track={tile.video} testId="tile-video" mirror={tile.isSelf && source === 'camera'} className="tile-video" label={label} />
      {!tile.video && (
        <div className="tile-placeholder" aria-hidden="true">
          <span className="avatar">{initials(participant.displayName)}</span>
        </div>
      )}
      <figcaption className="tile-caption">
        <span className="tile-name">
          {name}
          {tile.isSelf && <span className="you"> ({t('common.you')})</span>}
        </span>
        <span className="tile-role">{roleLabel(participant.role)}</span>
        {source === 'camera' && tile.audioMuted && (
          <span className="tile-muted" title={t('courtroom.muted')} role="img" aria-label={t('courtroom.muted')}>
            <Icon name="micOff" size={14} />
          </span>
        )}
        {participant.device && source === 'camera' && <DeviceStatusBadge status={participant.device.status} />}
        {!participant.connected && !tile.isSelf && !participant.device && <span className="tile-offline">{t('courtroom.offline')}</span>}
        {tile.held && <span className="tile-held">{t('courtroom.videoHeld')}</span>}
      </figcaption>
    </figure>
  );
}

function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  // Vietnamese names put the given name last: "Nguyễn Văn An" → "NA".
  const letters = words.filter((_, i) => i === 0 || i === words.length - 1);
  return letters.map((w) => w.charAt(0).toUpperCase()).join('');
}
