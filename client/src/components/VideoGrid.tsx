import type { TileModel } from '../core/tiles.js';
import { t } from '../i18n.js';
import { VideoTile } from './VideoTile.js';

/** The courtroom wall: featured tiles (judge, screen shares) span two columns and rows. */
export function VideoGrid({ tiles }: { tiles: TileModel[] }) {
  if (tiles.length === 0) return <div className="video-grid empty">{t('courtroom.nobody')}</div>;
  return (
    <div className={`video-grid count-${Math.min(tiles.length, 9)}`}>
      {tiles.map((tile) => (
        <VideoTile key={tile.key} tile={tile} />
      ))}
    </div>
  );
}
