// The participants.room column (server/store/migrations.ts): the store keeps where each participant
// was moved, and its CHECK takes exactly the rooms of core/protocol/rooms.ts, consultation-1…20 included.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RoomId } from '../../../core/protocol/model.js';
import { makeDomain, type Domain } from '../../support/domain.js';

let d: Domain;
beforeEach(() => (d = makeDomain()));
afterEach(() => d.close());

const put = (room: string) => d.store.participants.update({ ...d.participant('defendant'), room: room as RoomId });

describe('participants.room', () => {
  it.each(['courtroom', 'witness', 'deliberation', 'consultation-1', 'consultation-9', 'consultation-10', 'consultation-20'])(
    'keeps %s',
    (room) => {
      put(room);
      expect(d.participant('defendant').room).toBe(room);
    },
  );

  it.each(['consultation', 'consultation-0', 'consultation-21', 'consultation-1x', 'kitchen', 'Courtroom'])('refuses %s', (room) => {
    expect(() => put(room)).toThrow(/CHECK constraint/);
    expect(d.participant('defendant').room ?? null).toBeNull();
  });
});
