// The courtroom screens' pure parts: the wall's fit (every tile inside the stage, the lead 2×2 when
// it helps), the court's time formatting (GMT+7 whatever the machine's zone), and errors by code.
import { describe, expect, it } from 'vitest';
import { fitGrid } from '../../../client/src/components/fitGrid.js';
import { courtDay, formatCourtDateTime, formatCourtTime } from '../../../client/src/courtTime.js';
import { RequestError } from '../../../client/src/core/RequestError.js';
import { describeError, explainError } from '../../../client/src/errorText.js';

/** Tile size the grid gives in a w×h stage: both must be inside it. */
function cells(count: number, lead: boolean, width: number, height: number, gap = 10) {
  const fit = fitGrid(count, lead, { width, height, gap });
  const cellW = (width - (fit.cols - 1) * gap) / fit.cols;
  const cellH = (height - (fit.rows - 1) * gap) / fit.rows;
  const needed = count + (fit.lead ? 3 : 0);
  return { fit, cellW, cellH, room: fit.cols * fit.rows >= needed };
}

describe('fitGrid', () => {
  it('has room for every tile, at a laptop and a phone size, from 1 to 12 people', () => {
    for (const [w, h] of [
      [990, 560],
      [374, 560],
    ] as const) {
      for (let n = 1; n <= 12; n++) {
        for (const lead of [true, false]) {
          const { room, cellW, cellH } = cells(n, lead, w, h);
          expect(room, `${n} tiles in ${w}×${h}`).toBe(true);
          expect(cellW).toBeGreaterThan(0);
          expect(cellH).toBeGreaterThan(0);
        }
      }
    }
  });

  it('gives eight people on a laptop at least three columns, with the lead 2×2', () => {
    const { fit } = cells(8, true, 990, 560);
    expect(fit.cols).toBeGreaterThanOrEqual(3);
    expect(fit.lead).toBe(true);
  });

  it('stacks on a tall phone: two columns at most for eight', () => {
    expect(cells(8, true, 374, 560).fit.cols).toBeLessThanOrEqual(2);
  });

  it('never leads with a single tile', () => {
    expect(fitGrid(1, true, { width: 800, height: 600, gap: 10 })).toEqual({ cols: 1, rows: 1, lead: false });
  });
});

describe('court time', () => {
  const at = '2026-11-29T04:28:05Z'; // 11:28:05 in Hà Nội

  it('prints the court zone’s wall time with its label, in both languages', () => {
    expect(formatCourtTime(at, 'vi')).toBe('11:28:05 GMT+7');
    expect(formatCourtTime(at, 'en', false)).toBe('11:28 GMT+7');
  });

  it('puts the time first, so "lúc {date}" reads once', () => {
    const vi = formatCourtDateTime(at, 'vi');
    expect(vi.startsWith('11:28 GMT+7, ')).toBe(true);
    expect(vi).not.toContain('lúc');
    expect(formatCourtDateTime(at, 'en')).toBe('11:28 GMT+7, Sunday, 29 November 2026');
  });

  it('takes the calendar day in the court zone, not UTC', () => {
    expect(courtDay('2026-11-29T18:30:00Z')).toBe('2026-11-30');
  });

  it('returns what it cannot read unchanged', () => {
    expect(formatCourtTime('not a time', 'vi')).toBe('not a time');
  });
});

describe('errors by code', () => {
  it('translates a server code and keeps the English message as a detail', () => {
    expect(explainError('invalid_state', 'Cannot start: the hearing is not open')).toEqual({
      text: 'Không thể thực hiện việc này ở giai đoạn hiện tại của phiên tòa.',
      detail: 'Cannot start: the hearing is not open',
    });
    expect(describeError(new RequestError('forbidden', 'Only the presiding judge may do this'))).toBe(
      'Bạn không có quyền thực hiện việc này. (Chi tiết: Only the presiding judge may do this)',
    );
  });

  it('shows a message without a known code as it is, and nothing as "unknown"', () => {
    expect(explainError('toString', 'boom')).toEqual({ text: 'boom', detail: null });
    expect(explainError(null, '')).toEqual({ text: 'Đã xảy ra lỗi không xác định.', detail: null });
  });
});
