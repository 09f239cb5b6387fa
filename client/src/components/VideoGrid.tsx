import { useLayoutEffect, useRef, useState, type RefObject } from 'react';
import type { TileModel } from '../core/tiles.js';
import { t } from '../i18n.js';
import { fitGrid, type GridSpace } from './fitGrid.js';
import { VideoTile } from './VideoTile.js';

const GAP = 10;

/**
 * The courtroom wall, fitted to the stage (fitGrid.ts): every tile stays above the controls. The
 * lead tile gets the space: a shared screen, else the presiding judge (for everyone but the judge),
 * else whoever speaks (kept until someone else does). Our own camera is never the lead and comes last.
 */
export function VideoGrid({ tiles }: { tiles: TileModel[] }) {
  const ref = useRef<HTMLDivElement>(null);
  const space = useStageSpace(ref);
  const lastLead = useRef<string | null>(null);

  const others = tiles.filter((tile) => !tile.isSelf);
  const lead =
    others.find((tile) => tile.source === 'screen') ??
    others.find((tile) => tile.participant.role === 'judge') ??
    others.find((tile) => tile.activeSpeaker) ??
    others.find((tile) => tile.key === lastLead.current) ??
    others[0] ??
    null;
  lastLead.current = lead?.key ?? null;
  const ordered = lead ? [lead, ...tiles.filter((tile) => tile !== lead && !tile.isSelf), ...tiles.filter((tile) => tile.isSelf)] : tiles;
  const fit = space ? fitGrid(ordered.length, !!lead, space) : null;

  return (
    <div className="video-grid-space" ref={ref}>
      {tiles.length === 0 ? (
        <div className="video-grid empty">{t('courtroom.nobody')}</div>
      ) : (
        <div
          className={`video-grid ${fit ? 'fitted' : ''}`}
          data-testid="video-grid"
          style={
            fit
              ? {
                  gridTemplateColumns: `repeat(${fit.cols}, minmax(0, 1fr))`,
                  gridTemplateRows: `repeat(${fit.rows}, minmax(0, 1fr))`,
                  gap: GAP,
                }
              : undefined
          }
        >
          {ordered.map((tile) => (
            <VideoTile key={tile.key} tile={tile} lead={tile === lead && (fit?.lead ?? true)} />
          ))}
        </div>
      )}
    </div>
  );
}

/** The stage's inner size, followed as the window, banners and panels change it. */
function useStageSpace(ref: RefObject<HTMLDivElement | null>): GridSpace | null {
  const [space, setSpace] = useState<GridSpace | null>(null);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    const measure = () => {
      const width = Math.floor(element.clientWidth);
      const height = Math.floor(element.clientHeight);
      setSpace((prev) => (prev && prev.width === width && prev.height === height ? prev : { width, height, gap: GAP }));
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref]);
  return space;
}
