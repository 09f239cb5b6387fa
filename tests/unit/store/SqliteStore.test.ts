import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../../server/store/SqliteStore.js';
import { makeDomain, type Domain } from '../../support/domain.js';

describe('SqliteStore', () => {
  let d: Domain | undefined;
  afterEach(() => d?.close());

  it('keeps the audit log append-only: the database refuses UPDATE and DELETE', () => {
    d = makeDomain();
    const [first] = d.store.audit.list(d.hearing.id);
    expect(() => d!.store.db.prepare('UPDATE audit_events SET type = ? WHERE seq = ?').run('tampered', first.seq)).toThrow(
      /append-only/,
    );
    expect(() => d!.store.db.prepare('DELETE FROM audit_events WHERE seq = ?').run(first.seq)).toThrow(/append-only/);
    expect(d.store.audit.list(d.hearing.id)[0]).toEqual(first);
  });

  it('rolls back the whole transaction when a step fails', () => {
    d = makeDomain();
    const before = d.dump();
    expect(() =>
      d!.store.transaction(() => {
        d!.store.hearings.setState(d!.hearing.id, 'open', '2025-01-01T00:00:00.000Z');
        d!.store.audit.append({ hearingId: d!.hearing.id, at: 'x', actor: { kind: 'system' }, type: 't', data: {} });
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(d.dump()).toBe(before);
  });

  it('round-trips participant records, booleans and nulls included', () => {
    d = makeDomain();
    const p = d.participant('defendant');
    d.store.participants.update({ ...p, forcedMuteAudio: true, invitationId: 'inv-9', status: 'lobby' });
    expect(d.participant('defendant')).toEqual({ ...p, forcedMuteAudio: true, invitationId: 'inv-9', status: 'lobby' });
  });

  it('update() cannot move a participant to another hearing', () => {
    d = makeDomain();
    const other = d.otherHearing();
    const p = d.participant('defendant');
    d.store.participants.update({ ...p, hearingId: other.hearing.id, status: 'admitted' });
    expect(d.participant('defendant')).toEqual(p);
  });

  it('search() treats % and _ literally', () => {
    d = makeDomain();
    d.caseFile.createCase('50%_OFF', 'Odd number');
    expect(d.store.cases.search('%', 10).map((c) => c.number)).toEqual(['50%_OFF']);
    expect(d.store.cases.search('_', 10).map((c) => c.number)).toEqual(['50%_OFF']);
    expect(d.store.cases.search(undefined, 10)).toHaveLength(2);
  });

  it('migrates a file database once and reopens it with its data', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vcourt-store-'));
    try {
      const file = join(dir, 'nested', 'vcourt.sqlite');
      const a = new SqliteStore(file);
      a.settings.set('k', 'v1');
      a.settings.set('k', 'v2');
      a.close();
      const b = new SqliteStore(file);
      expect(b.settings.get('k')).toBe('v2');
      expect(b.db.pragma('user_version', { simple: true })).toBe(1);
      b.close();
      b.close(); // idempotent
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
