// How the courtroom wall fits its space: columns and rows chosen so that every tile is inside the
// stage (nothing under the controls, whatever the count and the screen), with the lead tile (the
// judge, a shared screen, the speaker) two columns by two rows when that leaves everyone big enough.

export interface GridSpace {
  width: number;
  height: number;
  gap: number;
}

export interface GridFit {
  cols: number;
  rows: number;
  /** The lead tile spans 2×2. */
  lead: boolean;
}

const ASPECT = 16 / 9;
/** A lead tile's picture counts this much more than another's: worth some shrinking of the rest. */
const LEAD_WEIGHT = 2.5;

/** The picture a 16:9 video shows inside a w×h cell (letterboxed, not cropped). */
function pictureArea(w: number, h: number): number {
  if (w <= 0 || h <= 0) return 0;
  const pw = Math.min(w, h * ASPECT);
  return pw * (pw / ASPECT);
}

/** The best grid for `count` tiles in `space`; `withLead` offers a 2×2 lead tile (the first). */
export function fitGrid(count: number, withLead: boolean, space: GridSpace): GridFit {
  if (count <= 1) return { cols: 1, rows: 1, lead: false };
  let best: GridFit = { cols: 1, rows: count, lead: false };
  let bestScore = -1;
  for (const lead of withLead ? [true, false] : [false]) {
    const cells = count + (lead ? 3 : 0);
    for (let cols = lead ? 2 : 1; cols <= cells; cols++) {
      const rows = Math.max(lead ? 2 : 1, Math.ceil(cells / cols));
      const cellW = (space.width - (cols - 1) * space.gap) / cols;
      const cellH = (space.height - (rows - 1) * space.gap) / rows;
      const one = pictureArea(cellW, cellH);
      const score = lead ? (count - 1) * one + LEAD_WEIGHT * pictureArea(2 * cellW + space.gap, 2 * cellH + space.gap) : count * one;
      if (score > bestScore) {
        bestScore = score;
        best = { cols, rows, lead };
      }
    }
  }
  return best;
}
