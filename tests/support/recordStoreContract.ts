// What the recordings' and the staff sessions' SQL stores promise, on whichever database `open`
// gives (in-memory SQLite in the unit tests, PostgreSQL where one is configured): the capture's
// index, the records table with its requests and readers, the archive search, and the staff
// sessions with their one-time TOTP steps. The same tests on every engine: the SQL is shared.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../core/hearing/ports.js';
import type { HearingRecord } from '../../core/hearing/types.js';
import type { RecordRequestView } from '../../core/protocol/http.js';
import type { Db } from '../../server/store/sql/Db.js';
import { SqlRecordingIndex } from '../../server/store/SqlRecordingIndex.js';
import { SqlRecordStore } from '../../server/store/SqlRecordStore.js';
import { SqlStaffSessions } from '../../server/store/SqlStaffSessions.js';

export interface OpenedStore {
  db: Db;
  store: Store;
  close(): Promise<void>;
}

const T = 1_800_000_000_000;
const iso = (ms: number) => new Date(ms).toISOString();
const NOW = iso(T);

/** A case with two hearings: `h` in session (the capture's) and `h2` adjourned a day later. */
async function seed(store: Store): Promise<void> {
  await store.cases.insert({ id: 'c', number: 'HS-12/2026', title: 'Vụ trộm cắp tài sản', court: 'TAND Quận 1', createdAt: NOW });
  const hearing = (id: string, title: string, scheduledAt: string, state: HearingRecord['state']): HearingRecord => ({
    id,
    caseId: 'c',
    title,
    scheduledAt,
    state,
    stage: null,
    outcome: null,
    courtroomSiteId: null,
    createdAt: NOW,
    updatedAt: NOW,
  });
  await store.hearings.insert(hearing('h', 'First-instance hearing', iso(T), 'in_session'));
  await store.hearings.insert(hearing('h2', 'Appeal 100%_done', iso(T + 86_400_000), 'adjourned'));
}

const track = (id: string, hearingId: string, startedAtMs: number) =>
  ({ id, hearingId, participantId: 'p', kind: 'video', source: 'camera', codec: 'vp8', startedAtMs }) as const;

const request = (id: string, by = 'acc-a'): RecordRequestView => ({
  id,
  kind: 'shorten',
  retainUntil: '2030-01-01T00:00:00.000Z',
  reason: 'Đương sự yêu cầu',
  requestedBy: { accountId: by, username: by },
  requestedAt: NOW,
  status: 'pending',
  decidedBy: null,
  decidedAt: null,
  decisionReason: null,
});

export function recordStoreContract(open: () => Promise<OpenedStore>): void {
  let o: OpenedStore;
  let index: SqlRecordingIndex;
  let records: SqlRecordStore;
  let sessions: SqlStaffSessions;

  beforeEach(async () => {
    o = await open();
    await seed(o.store);
    index = new SqlRecordingIndex(o.db, '/data/recordings');
    records = new SqlRecordStore(o.db);
    sessions = new SqlStaffSessions(o.db);
  });
  afterEach(() => o.close());

  describe('SqlRecordingIndex', () => {
    it('keeps tracks, ends them once, and keeps segment paths relative to the recordings folder', async () => {
      await index.addTrack(track('t1', 'h', T));
      await index.addTrack(track('t1', 'h', T + 5)); // ignored
      const file = (seq: number) => `/data/recordings/h/tracks/t1/0-0000${seq}.mkv`;
      await index.addSegment({ trackId: 't1', seq: 1, file: file(1), startMs: T + 5000, endMs: T + 10000, bytes: 10 });
      await index.addSegment({ trackId: 't1', seq: 0, file: file(0), startMs: T + 100, endMs: T + 5000, bytes: 20 });
      await index.addSegment({ trackId: 't1', seq: 0, file: file(0), startMs: T + 999, endMs: T + 5000, bytes: 99 }); // ignored
      await index.endTrack('t1', T + 20_000);
      await index.endTrack('t1', T + 30_000); // the first end stands

      expect(await index.tracks('h')).toEqual([
        {
          id: 't1',
          hearingId: 'h',
          participantId: 'p',
          kind: 'video',
          source: 'camera',
          codec: 'vp8',
          startedAtMs: T,
          endedAtMs: T + 20_000,
        },
      ]);
      expect((await index.segments('h')).map((s) => [s.seq, s.file, s.startMs - T, s.endMs - T, s.bytes])).toEqual([
        [0, file(0), 100, 5000, 20],
        [1, file(1), 5000, 10000, 10],
      ]);
      const row = await o.db.get<{ file: string }>('SELECT file FROM recording_segments WHERE seq = ?', [0]);
      expect(row?.file).toBe('h/tracks/t1/0-00000.mkv');
    });

    it('lists the tracks never ended, of every hearing, in start order within each', async () => {
      await index.addTrack(track('b', 'h', T + 10));
      await index.addTrack(track('a', 'h', T + 10)); // same start: insertion order
      await index.addTrack(track('early', 'h', T));
      await index.addTrack(track('other', 'h2', T));
      await index.addTrack(track('done', 'h', T));
      await index.endTrack('done', T + 1);
      expect((await index.openTracks()).map((t) => t.id)).toEqual(['early', 'b', 'a', 'other']);
      expect((await index.tracks('h')).map((t) => t.id)).toEqual(['early', 'done', 'b', 'a']);
    });

    it('keeps gaps with their track’s participant, in time order', async () => {
      await index.addTrack({ ...track('t1', 'h', T), kind: 'audio', source: 'mic', codec: 'opus' });
      await index.addGap('h', { trackId: 't1', participantId: 'p', startMs: T + 9000, endMs: T + 9500, cause: 'producer_silent' });
      await index.addGap('h', { trackId: 't1', participantId: 'p', startMs: T + 1000, endMs: T + 1200, cause: 'recorder_exited' });
      await index.addGap('h', { trackId: null, participantId: null, startMs: T + 5000, endMs: null, cause: 'recorder_exited' });
      expect(await index.gaps('h')).toEqual([
        { trackId: 't1', participantId: 'p', startMs: T + 1000, endMs: T + 1200, cause: 'recorder_exited' },
        { trackId: null, participantId: null, startMs: T + 5000, endMs: null, cause: 'recorder_exited' },
        { trackId: 't1', participantId: 'p', startMs: T + 9000, endMs: T + 9500, cause: 'producer_silent' },
      ]);
      // The record store reads them in insertion order, for the bundle.
      expect((await records.gaps('h')).map((g) => g.startMs - T)).toEqual([9000, 1000, 5000]);
    });
  });

  describe('SqlRecordStore: builds', () => {
    const bundle = { dir: '/r/h2/record', manifestSha256: 'abc', completedAt: iso(T + 60_000), retainUntil: '2040-01-01T00:00:00.000Z' };

    it('begins once; a failed build is begun again; ready keeps the bundle', async () => {
      expect(await records.begin('h2', NOW)).toBe(true);
      expect(await records.begin('h2', NOW)).toBe(false); // already building
      await records.progress('h2', 1.7, 'composite');
      expect(await records.get('h2')).toMatchObject({ status: 'building', progress: 1, phase: 'composite', attempts: 1, dir: null });
      await records.failed('h2', 'x'.repeat(3000), iso(T + 1), iso(T + 2));
      const failed = await records.get('h2');
      expect(failed).toMatchObject({ status: 'failed', completedAt: iso(T + 1), nextAttemptAt: iso(T + 2) });
      expect(failed?.error).toHaveLength(2000);

      expect(await records.begin('h2', iso(T + 3), { attempt: 2 })).toBe(true);
      expect(await records.get('h2')).toMatchObject({
        status: 'building',
        attempts: 2,
        error: null,
        nextAttemptAt: null,
        createdAt: iso(T + 3),
      });
      await records.progress('h2', 0.5, 'tracks');
      await records.ready('h2', bundle);
      expect(await records.get('h2')).toEqual({
        hearingId: 'h2',
        status: 'ready',
        progress: 1,
        phase: 'done',
        dir: bundle.dir,
        manifestSha256: 'abc',
        createdAt: iso(T + 3),
        completedAt: bundle.completedAt,
        error: null,
        retainUntil: bundle.retainUntil,
        deletedAt: null,
        attempts: 2,
        nextAttemptAt: null,
      });
      await records.progress('h2', 0.2, 'late'); // only a building row moves
      expect((await records.get('h2'))?.phase).toBe('done');
      expect(await records.begin('h2', NOW)).toBe(false); // ready: only a forced rebuild
      expect(await records.get('nope')).toBeUndefined();
    });

    it('a forced rebuild keeps the earlier bundle until it succeeds; its failure leaves that bundle ready', async () => {
      await records.begin('h2', NOW);
      await records.ready('h2', bundle);
      expect(await records.begin('h2', iso(T + 5), { replaceReady: true })).toBe(true);
      expect(await records.get('h2')).toMatchObject({
        status: 'building',
        dir: bundle.dir,
        createdAt: NOW,
        completedAt: bundle.completedAt,
      });
      await records.failed('h2', 'ffmpeg exited', iso(T + 6));
      expect(await records.get('h2')).toMatchObject({
        status: 'ready',
        progress: 1,
        phase: 'done',
        dir: bundle.dir,
        completedAt: bundle.completedAt,
        error: 'ffmpeg exited',
      });
    });

    it('marks interrupted builds failed, keeping a rebuilt record’s bundle, and lists what start-up must build', async () => {
      await o.store.hearings.setState('h', 'adjourned', NOW, null, 'ended');
      expect((await records.pending()).map((p) => p.hearingId).sort()).toEqual(['h', 'h2']);
      await o.store.audit.append({ hearingId: 'h', at: NOW, actor: { kind: 'system' }, type: 'record.none', data: {} });
      expect(await records.pending()).toEqual([{ hearingId: 'h2', status: null, hasBundle: false }]);

      await records.begin('h', NOW);
      await records.ready('h', bundle);
      await records.begin('h', NOW, { replaceReady: true });
      await records.begin('h2', NOW);
      expect(await records.building()).toEqual(['h', 'h2']);
      // Only some hearings' builds (several nodes: those this node recovers), then the rest.
      expect(await records.failInterrupted(iso(T + 9), [])).toEqual([]);
      expect(await records.failInterrupted(iso(T + 9), ['h'])).toEqual(['h']);
      expect(await records.building()).toEqual(['h2']);
      expect(await records.failInterrupted(iso(T + 9))).toEqual(['h2']);
      expect(await records.get('h')).toMatchObject({ status: 'failed', dir: bundle.dir, completedAt: bundle.completedAt });
      expect(await records.get('h2')).toMatchObject({ status: 'failed', completedAt: iso(T + 9), error: expect.stringMatching(/stopped/) });
      expect(await records.failInterrupted(iso(T + 10))).toEqual([]);
      expect((await records.pending()).map((p) => [p.hearingId, p.status, p.hasBundle])).toEqual([
        ['h', 'failed', true],
        ['h2', 'failed', false],
      ]);
    });

    it('finds records whose retention ended, and keeps a deleted one as a note', async () => {
      await records.begin('h2', NOW);
      await records.ready('h2', bundle);
      expect(await records.expired('2039-12-31T23:59:59.999Z')).toEqual([]);
      await records.setRetention('h2', '2030-01-01T00:00:00.000Z');
      expect((await records.expired('2030-01-01T00:00:00.000Z')).map((r) => r.hearingId)).toEqual(['h2']);
      await records.deleted('h2', iso(T + 7));
      expect(await records.get('h2')).toMatchObject({ status: 'deleted', deletedAt: iso(T + 7), dir: null });
      expect(await records.expired('2031-01-01T00:00:00.000Z')).toEqual([]);
    });

    it('writes audit lines byte for byte as the events were hashed', async () => {
      const e = await o.store.audit.append({ hearingId: 'h', at: NOW, actor: { kind: 'system' }, type: 'hearing.opened', data: { n: 1 } });
      const lines = await records.auditLines('h');
      expect(lines).toHaveLength(1);
      expect(JSON.parse(lines[0]!)).toEqual(e);
      expect(await records.auditLines('h2')).toEqual([]);
    });
  });

  describe('SqlRecordStore: requests, readers and search', () => {
    it('keeps one pending request per record; a decision is taken once', async () => {
      expect(await records.addRequest('h2', request('q1'))).toBe(true);
      expect(await records.addRequest('h2', request('q2'))).toBe(false);
      expect(await records.addRequest('h', request('q3'))).toBe(true); // another record
      expect(await records.pendingRequest('h2')).toEqual(request('q1'));
      expect(await records.request('h', 'q1')).toBeUndefined(); // not this record's

      const decide = (status: 'approved' | 'refused') =>
        records.decideRequest('q1', { status, by: { accountId: 'acc-b', username: 'b' }, at: iso(T + 1), reason: status });
      // Two deciders at once: one conditional update, one winner.
      const outcomes = await Promise.all([decide('approved'), decide('refused')]);
      expect(outcomes.filter(Boolean)).toHaveLength(1);
      expect(await decide('refused')).toBe(false);
      const decided = await records.request('h2', 'q1');
      expect(decided).toMatchObject({ decidedBy: { accountId: 'acc-b', username: 'b' }, decidedAt: iso(T + 1) });
      expect(decided?.status).toBe(outcomes[0] ? 'approved' : 'refused');
      expect(await records.pendingRequest('h2')).toBeUndefined();
      expect(await records.addRequest('h2', request('q4'))).toBe(true);
    });

    it('a reader presided (a judge seat bound to the account) or was granted the record', async () => {
      await o.store.participants.insert({
        id: 'pj',
        hearingId: 'h',
        displayName: 'Judge',
        role: 'judge',
        siteId: null,
        status: 'invited',
        forcedMuteAudio: false,
        forcedMuteVideo: false,
        invitationId: null,
        deviceId: null,
        accountId: 'acc-judge',
        createdAt: NOW,
      });
      expect(await records.isReader('h', 'acc-judge')).toBe(true);
      expect(await records.isReader('h2', 'acc-judge')).toBe(false);
      await records.grant('h2', 'acc-judge', 'acc-clerk', NOW);
      await records.grant('h2', 'acc-judge', 'acc-clerk', iso(T + 1)); // granted already: kept
      expect(await records.isReader('h2', 'acc-judge')).toBe(true);
      expect(await records.isReader('h2', 'acc-other')).toBe(false);
      expect((await records.search(undefined, { readerId: 'acc-judge' })).map((x) => x.hearingId)).toEqual(['h2', 'h']);
      expect(await records.search(undefined, { readerId: 'acc-other' })).toEqual([]);
    });

    it('searches case numbers and titles and hearing titles, newest first, wildcards taken literally', async () => {
      await records.begin('h2', NOW);
      const all = await records.search('');
      expect(all.map((x) => x.hearingId)).toEqual(['h2', 'h']);
      expect(all[0]).toEqual({
        hearingId: 'h2',
        hearingTitle: 'Appeal 100%_done',
        scheduledAt: iso(T + 86_400_000),
        state: 'adjourned',
        caseId: 'c',
        caseNumber: 'HS-12/2026',
        caseTitle: 'Vụ trộm cắp tài sản',
        court: 'TAND Quận 1',
        record: { status: 'building', progress: 0, retainUntil: null },
      });
      expect(all[1]?.record).toBeNull();
      expect((await records.search('hs-12')).length).toBe(2); // case-insensitive
      expect((await records.search('trộm cắp')).length).toBe(2);
      expect((await records.search('  FIRST-instance ')).map((x) => x.hearingId)).toEqual(['h']);
      expect((await records.search('100%_')).map((x) => x.hearingId)).toEqual(['h2']);
      expect(await records.search('0%_d_ne')).toEqual([]); // `_` is no wildcard
      expect(await records.search('%')).toHaveLength(1);
      expect(await records.search('', { limit: 1 })).toHaveLength(1);
    });
  });

  describe('SqlStaffSessions', () => {
    beforeEach(async () => {
      await o.store.accounts.insert({ id: 'a', username: 'clerk.a', displayName: 'A', role: 'clerk', passwordHash: 'h', createdAt: NOW });
    });
    const at = '2026-01-01T00:00:00.000Z';
    const later = '2099-01-01T00:00:00.000Z';

    it('creates, reads, touches and revokes sessions; revokeAll spares the one it is told to and the expired', async () => {
      await sessions.create({ id: 's1', accountId: 'a', createdAt: at, expiresAt: later, secondFactor: false });
      await sessions.create({ id: 's2', accountId: 'a', createdAt: at, expiresAt: later, secondFactor: true });
      await sessions.create({ id: 's3', accountId: 'a', createdAt: at, expiresAt: later, secondFactor: false });
      await sessions.create({ id: 'old', accountId: 'a', createdAt: at, expiresAt: '2026-01-01T00:00:01.000Z', secondFactor: false });
      expect(await sessions.get('s2')).toEqual({
        id: 's2',
        accountId: 'a',
        createdAt: at,
        expiresAt: later,
        revokedAt: null,
        lastSeen: at,
        secondFactor: true,
      });
      await sessions.touch('s1', '2026-01-01T01:00:00.000Z');
      expect(await sessions.get('s1')).toMatchObject({ lastSeen: '2026-01-01T01:00:00.000Z', secondFactor: false });
      expect(await sessions.revoke('s1', at)).toBe(true);
      expect(await sessions.revoke('s1', at)).toBe(false);
      const now = '2026-06-01T00:00:00.000Z';
      expect(await sessions.revokeAll('a', now, 's3')).toBe(1);
      expect((await sessions.get('s2'))?.revokedAt).toBe(now);
      expect((await sessions.get('s3'))?.revokedAt).toBeNull();
      expect((await sessions.get('old'))?.revokedAt).toBeNull(); // expired already
      expect(await sessions.revokeAll('a', now)).toBe(1);
      expect((await sessions.get('s3'))?.revokedAt).toBe(now);
      expect(await sessions.revokeAll('a', now)).toBe(0);
      expect(await sessions.get('nope')).toBeNull();
    });

    it('keeps an account’s disabled flag, role, password hash and TOTP secret', async () => {
      expect(await sessions.security('a')).toEqual({ disabledAt: null, totpSecret: null, totpEnabledAt: null, totpLastStep: null });
      await sessions.setDisabled('a', 't');
      await sessions.setTotp('a', 'SECRET', 'u');
      expect(await sessions.security('a')).toEqual({ disabledAt: 't', totpSecret: 'SECRET', totpEnabledAt: 'u', totpLastStep: null });
      await sessions.setDisabled('a', null);
      await sessions.setRole('a', 'judge');
      await sessions.setPasswordHash('a', 'new-hash');
      expect(await o.store.accounts.get('a')).toMatchObject({ role: 'judge', passwordHash: 'new-hash' });
      expect((await sessions.security('a'))?.disabledAt).toBeNull();
      expect(await sessions.security('nobody')).toBeNull();
    });

    it('claims each TOTP step once, only later ones after it; a new secret forgets the step, the same one keeps it', async () => {
      await sessions.setTotp('a', 'SECRET', null);
      // Two sign-ins with the same code at once: one conditional update, one winner.
      expect((await Promise.all([sessions.claimTotpStep('a', 100), sessions.claimTotpStep('a', 100)])).filter(Boolean)).toHaveLength(1);
      expect(await sessions.claimTotpStep('a', 100)).toBe(false);
      expect(await sessions.claimTotpStep('a', 99)).toBe(false);
      expect(await sessions.claimTotpStep('a', 59_000_000)).toBe(true);
      await sessions.setTotp('a', 'SECRET', 'u');
      expect((await sessions.security('a'))?.totpLastStep).toBe(59_000_000);
      await sessions.setTotp('a', 'OTHER', 'u');
      expect((await sessions.security('a'))?.totpLastStep).toBeNull();
      await sessions.claimTotpStep('a', 5);
      await sessions.setTotp('a', null, null);
      expect((await sessions.security('a'))?.totpLastStep).toBeNull();
      expect(await sessions.claimTotpStep('nobody', 1)).toBe(false);
    });
  });
}
