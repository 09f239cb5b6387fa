// The store contract's audit log (append-only, one hash chain per hearing, appends never interleaved)
// and transactions (all or nothing, and every store call awaited inside one joins it).
import { beforeEach, describe, expect, it } from 'vitest';
import { GENESIS_HASH, firstBrokenLink } from '../../../core/hearing/auditChain.js';
import type { SqlStore } from '../../../server/store/SqlStore.js';
import { must } from '../must.js';
import { chainOf, system, type StoreContext } from './context.js';

export function auditContract(t: StoreContext): void {
  let store: SqlStore;
  let u: string;
  // storeContract's own beforeEach, declared first, has opened this test's store by now.
  beforeEach(() => {
    ({ store, u } = t);
  });
  const { fixture, dump } = t;

  describe('audit log', () => {
    it('is append-only: the database refuses UPDATE and DELETE', async () => {
      const { hearing } = await fixture();
      const first = must((await store.audit.list(hearing.id))[0], 'the first audit event');
      await expect(store.db.run('UPDATE audit_events SET type = ? WHERE seq = ?', ['tampered', first.seq])).rejects.toThrow(/append-only/);
      await expect(store.db.run('DELETE FROM audit_events WHERE seq = ?', [first.seq])).rejects.toThrow(/append-only/);
      expect((await store.audit.list(hearing.id))[0]).toEqual(first);
    });

    it("chains each hearing's events: each carries the previous hash, and recomputing them verifies", async () => {
      const { hearing } = await fixture();
      const other = await fixture(2);
      const appended = await store.audit.append({ hearingId: hearing.id, at: 't1', actor: system, type: 'x', data: { n: 1, s: 'Bị cáo' } });
      const events = await store.audit.list(hearing.id);
      expect(events).toHaveLength(2);
      expect(events[1]).toEqual(appended);
      expect(events[0]!.prevHash).toBe(GENESIS_HASH);
      expect(events[1]!.prevHash).toBe(events[0]!.hash);
      expect(firstBrokenLink(chainOf(events))).toBe(-1);
      // Another hearing's chain starts on its own.
      expect(must((await store.audit.list(other.hearing.id))[0], 'the other first event').prevHash).toBe(GENESIS_HASH);
    });

    it('verification finds the first edited, dropped or reordered event', async () => {
      const { hearing } = await fixture();
      await store.audit.append({ hearingId: hearing.id, at: 't1', actor: system, type: 'x', data: {} });
      await store.audit.append({ hearingId: hearing.id, at: 't2', actor: system, type: 'y', data: {} });
      const chain = chainOf(await store.audit.list(hearing.id));
      const edited = chain.map((e, i) => (i === 1 ? { ...e, fields: { ...e.fields, dataJson: '{"n":2}' } } : e));
      expect(firstBrokenLink(edited)).toBe(1);
      const e0 = must(chain[0], 'event 0');
      const e1 = must(chain[1], 'event 1');
      expect(firstBrokenLink([e0, ...chain.slice(2)])).toBe(1);
      expect(firstBrokenLink([e1, e0, ...chain.slice(2)])).toBe(0);
    });

    it('appends made at once keep one unbroken chain, in the order of their sequence numbers', async () => {
      const { hearing } = await fixture();
      const appended = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          store.audit.append({ hearingId: hearing.id, at: `t${i}`, actor: system, type: 'x', data: { i } }),
        ),
      );
      const events = await store.audit.list(hearing.id);
      expect(events).toHaveLength(13);
      expect(new Set(appended.map((e) => e.seq)).size).toBe(12);
      for (const e of appended) expect(events).toContainEqual(e);
      expect(events.map((e) => e.seq)).toEqual([...events.map((e) => e.seq)].sort((a, b) => a - b));
      expect(firstBrokenLink(chainOf(events))).toBe(-1);
    });
  });

  describe('transactions', () => {
    it('roll back the whole transaction when a step fails', async () => {
      const { hearing } = await fixture();
      const before = await dump(hearing.id);
      await expect(
        store.transaction(async () => {
          await store.hearings.setState(hearing.id, 'open', '2025-01-01T00:00:00.000Z');
          await store.audit.append({ hearingId: hearing.id, at: 'x', actor: system, type: 't', data: {} });
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await dump(hearing.id)).toBe(before);
    });

    it('a nested transaction joins the outer one: both commit, or neither', async () => {
      const { hearing } = await fixture();
      const before = await dump(hearing.id);
      await expect(
        store.transaction(async () => {
          const inner = await store.transaction(async () => {
            await store.hearings.setState(hearing.id, 'open', 'u1');
            return 'inner';
          });
          expect(inner).toBe('inner');
          throw new Error('outer fails');
        }),
      ).rejects.toThrow('outer fails');
      expect(await dump(hearing.id)).toBe(before);
      expect(await store.transaction(() => store.transaction(() => store.hearings.setState(hearing.id, 'open', 'u2')).then(() => 7))).toBe(
        7,
      );
      expect((await store.hearings.get(hearing.id))?.state).toBe('open');
    });

    it('work from outside never sees what a transaction wrote and then rolled back', async () => {
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const failed = store.transaction(async () => {
        await store.settings.set(`${u}-k`, 'uncommitted');
        await gate;
        throw new Error('rolled back');
      });
      const outside = store.settings.get(`${u}-k`);
      release();
      await expect(failed).rejects.toThrow('rolled back');
      expect(await outside).toBeUndefined();
      expect(await store.settings.get(`${u}-k`)).toBeUndefined();
    });
  });
}
