import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { SqliteStore } from '../../../server/store/SqliteStore.js';
import { SCHEMA_VERSION, migrate } from '../../../server/store/migrations.js';
import { GENESIS_HASH, auditHash, firstBrokenLink } from '../../../core/hearing/auditChain.js';
import type { AuditEvent } from '../../../core/hearing/types.js';

const chainOf = (events: AuditEvent[]) =>
  events.map((e) => ({
    prevHash: e.prevHash,
    hash: e.hash,
    fields: { hearingId: e.hearingId, at: e.at, actorJson: JSON.stringify(e.actor), type: e.type, dataJson: JSON.stringify(e.data) },
  }));
import { makeDomain, type Domain } from '../../support/domain.js';
import { must } from '../../support/must.js';

describe('SqliteStore', () => {
  let d: Domain | undefined;
  afterEach(() => d?.close());

  it('keeps the audit log append-only: the database refuses UPDATE and DELETE', () => {
    d = makeDomain();
    const first = must(d.store.audit.list(d.hearing.id)[0], 'the first audit event');
    expect(() => d!.store.db.prepare('UPDATE audit_events SET type = ? WHERE seq = ?').run('tampered', first.seq)).toThrow(/append-only/);
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
      expect(b.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      b.close();
      b.close(); // idempotent
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("chains each hearing's audit events: every event carries the previous hash, and recomputing them verifies", () => {
    d = makeDomain();
    d.store.audit.append({ hearingId: d.hearing.id, at: '2026-01-01T00:00:00.000Z', actor: { kind: 'system' }, type: 'x', data: { n: 1 } });
    const events = d.store.audit.list(d.hearing.id);
    expect(events.length).toBeGreaterThan(1);
    expect(events[0]!.prevHash).toBe(GENESIS_HASH);
    for (let i = 1; i < events.length; i++) expect(events[i]!.prevHash).toBe(events[i - 1]!.hash);
    expect(firstBrokenLink(chainOf(events))).toBe(-1);
  });

  it('audit chain verification finds the first edited, dropped or reordered event', () => {
    d = makeDomain();
    d.store.audit.append({ hearingId: d.hearing.id, at: '2026-01-01T00:00:00.000Z', actor: { kind: 'system' }, type: 'x', data: {} });
    d.store.audit.append({ hearingId: d.hearing.id, at: '2026-01-01T00:00:01.000Z', actor: { kind: 'system' }, type: 'y', data: {} });
    const chain = chainOf(d.store.audit.list(d.hearing.id));
    const edited = chain.map((e, i) => (i === 1 ? { ...e, fields: { ...e.fields, dataJson: '{"n":2}' } } : e));
    expect(firstBrokenLink(edited)).toBe(1);
    const e0 = must(chain[0], 'event 0');
    const e1 = must(chain[1], 'event 1');
    expect(firstBrokenLink([e0, ...chain.slice(2)])).toBe(1);
    expect(firstBrokenLink([e1, e0, ...chain.slice(2)])).toBe(0);
  });

  it('migrating a version-1 database chains the events it already had', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vcourt-migrate-'));
    try {
      const file = join(dir, 'old.sqlite');
      const old = new Database(file);
      old.pragma('foreign_keys = OFF');
      migrate(old, 1);
      old.exec(`INSERT INTO audit_events (hearing_id, at, actor, type, data) VALUES ('h', 't1', '{"kind":"system"}', 'a', '{}');
        INSERT INTO audit_events (hearing_id, at, actor, type, data) VALUES ('h', 't2', '{"kind":"system"}', 'b', '{}');`);
      old.close();
      const store = new SqliteStore(file);
      const rows = store.db.prepare('SELECT prev_hash, hash FROM audit_events ORDER BY seq').all() as { prev_hash: string; hash: string }[];
      store.close();
      const first = auditHash(GENESIS_HASH, { hearingId: 'h', at: 't1', actorJson: '{"kind":"system"}', type: 'a', dataJson: '{}' });
      expect(rows[0]).toEqual({ prev_hash: GENESIS_HASH, hash: first });
      expect(must(rows[1], 'the second row').prev_hash).toBe(first);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('migrating a version-5 database keeps its accounts and lets judges have one (accounts rebuilt for the new CHECK)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vcourt-migrate-'));
    try {
      const file = join(dir, 'old.sqlite');
      const old = new Database(file);
      migrate(old, 5);
      old.exec(`INSERT INTO accounts (id, username, display_name, role, password_hash, created_at)
                VALUES ('a1', 'admin', 'Admin', 'admin', 'h', 't'), ('c1', 'clerk', 'Clerk', 'clerk', 'h', 't')`);
      expect(() => old.exec(`INSERT INTO accounts VALUES ('j0', 'j', 'J', 'judge', 'h', 't')`)).toThrow(/CHECK/);
      old.close();
      const store = new SqliteStore(file);
      try {
        expect(store.accounts.list().map((a) => [a.username, a.role])).toEqual([
          ['admin', 'admin'],
          ['clerk', 'clerk'],
        ]);
        store.accounts.insert({ id: 'j1', username: 'judge', displayName: 'Judge', role: 'judge', passwordHash: 'h', createdAt: 't' });
        expect(store.accounts.get('j1')?.role).toBe('judge');
        expect(() =>
          store.db.exec(
            `INSERT INTO accounts (id, username, display_name, role, password_hash, created_at) VALUES ('x', 'x', 'X', 'janitor', 'h', 't')`,
          ),
        ).toThrow(/CHECK/);
      } finally {
        store.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
