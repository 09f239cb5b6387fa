// An adjourned hearing with a realistic audit log, a recording gap and real tiny captured media
// (VP8 and Opus Matroska segments made by ffmpeg), for the record bundle's unit tests. The
// composite is the one thing faked: `fakeCompositor` writes a tiny real MP4 of a test pattern
// instead of composing the tracks, so tests using it say "fake compositor output" in their names.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CaseFile } from '../../../core/hearing/CaseFile.js';
import type { Actor, ParticipantRecord } from '../../../core/hearing/types.js';
import { SqliteStore } from '../../../server/store/SqliteStore.js';
import { CourtKey } from '../../../recordings/CourtKey.js';
import { RecordArchive } from '../../../recordings/archive/RecordArchive.js';
import { RecordBundle, type CompositeWriter } from '../../../recordings/RecordBundle.js';
import { SqlRecordStore } from '../../../server/store/SqlRecordStore.js';
import type { HearingTimeline } from '../../../recordings/types.js';

export const T0 = Date.parse('2026-03-02T01:00:00.000Z'); // 08:00 in Hà Nội

function ffmpeg(args: string[]): void {
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...args]);
}

// The media are encoded once per test worker and copied into each fixture: many fixtures, few ffmpeg runs.
let templates: { cam: string; mic: string; mp4: string } | undefined;
function media() {
  if (templates) return templates;
  const dir = mkdtempSync(join(tmpdir(), 'vcourt-bundle-media-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  const t = { cam: join(dir, 'cam.mkv'), mic: join(dir, 'mic.mkv'), mp4: join(dir, 'composite.mp4') };
  ffmpeg(['-f', 'lavfi', '-i', 'testsrc=size=160x120:rate=15', '-t', '1', '-c:v', 'libvpx', '-b:v', '100k', t.cam]);
  ffmpeg(['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000', '-t', '1', '-c:a', 'libopus', t.mic]);
  ffmpeg(['-f', 'lavfi', '-i', 'testsrc=size=160x120:rate=10', '-t', '1', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-f', 'mp4', t.mp4]);
  return (templates = t);
}

export const fakeCompositor: CompositeWriter = {
  async finish(_timeline, outFile, onProgress) {
    onProgress?.(0.5);
    copyFileSync(media().mp4, outFile);
    onProgress?.(1);
  },
};

export async function makeFixture(compositor: CompositeWriter = fakeCompositor) {
  const root = mkdtempSync(join(tmpdir(), 'vcourt-bundle-'));
  const store = new SqliteStore(join(root, 'vcourt.sqlite'));
  let now = T0;
  const clock = { now: () => new Date(now) };
  const setNow = (ms: number) => (now = ms);
  const clerk: Actor = { kind: 'account', accountId: 'acc-clerk', username: 'thuky' };
  const caseFile = new CaseFile(store, clock, 'Tòa án nhân dân quận Hoàn Kiếm');
  const kase = await caseFile.createCase('12/2026/HS-ST', 'Vụ án Nguyễn Văn A — trộm cắp tài sản');
  const hearing = await caseFile.createHearing(clerk, {
    caseId: kase.id,
    title: 'Phiên tòa sơ thẩm',
    scheduledAt: new Date(T0).toISOString(),
  });
  const hid = hearing.id;
  // The presiding judge's seat is bound to a judge account (its password is never checked here).
  await store.accounts.insert({
    id: 'acc-presiding',
    username: 'tranthibinh',
    displayName: 'Trần Thị Bình',
    role: 'judge',
    passwordHash: 'unused',
    createdAt: new Date(T0).toISOString(),
  });
  const judge = await caseFile.addParticipant(clerk, hid, { displayName: 'Trần Thị Bình', role: 'judge', accountId: 'acc-presiding' });
  const defendant = await caseFile.addParticipant(clerk, hid, { displayName: 'Nguyễn Văn A', role: 'defendant' });
  const counsel = await caseFile.addParticipant(clerk, hid, { displayName: 'Lê <b>Đức</b>', role: 'counsel' });

  const by = (p: ParticipantRecord): Actor => ({ kind: 'participant', participantId: p.id, role: p.role });
  const at = (min: number) => new Date(T0 + min * 60_000).toISOString();
  const ev = (min: number, actor: Actor, type: string, data: Record<string, unknown>) =>
    store.audit.append({ hearingId: hid, at: at(min), actor, type, data });
  await ev(1, by(judge), 'participant.joined', { participantId: judge.id });
  await ev(2, by(defendant), 'lobby.entered', { participantId: defendant.id });
  await ev(2.5, by(judge), 'lobby.admitted', { participantId: defendant.id });
  await ev(3, by(judge), 'hearing.open', { from: 'scheduled', to: 'open' });
  await ev(4, by(judge), 'hearing.start', { from: 'open', to: 'in_session' });
  await ev(10, by(judge), 'participant.muted', { participantId: counsel.id, kind: 'audio' });
  await ev(20, by(judge), 'hearing.recess', { from: 'in_session', to: 'recess' });
  await ev(30, by(judge), 'hearing.resume', { from: 'recess', to: 'in_session' });
  await ev(35, by(judge), 'participant.removed', { participantId: counsel.id, reason: 'Gây rối trật tự phiên tòa' });
  await ev(40, by(judge), 'hearing.adjourn', { from: 'in_session', to: 'adjourned' });
  await store.hearings.setState(hid, 'adjourned', at(40));
  await store.participants.update({ ...counsel, status: 'removed', invitationId: null });
  await store.participants.update({ ...judge, status: 'admitted' });
  await store.participants.update({ ...defendant, status: 'admitted' });

  // Captured media: a camera in two segments (a reconnect between them) and a microphone.
  const hearingDir = join(root, 'recordings', hid);
  const seg = (track: string, n: number) => join(hearingDir, 'tracks', track, `0-0000${n}.mkv`);
  mkdirSync(join(hearingDir, 'tracks', 'prod-cam'), { recursive: true });
  mkdirSync(join(hearingDir, 'tracks', 'prod-mic'), { recursive: true });
  copyFileSync(media().cam, seg('prod-cam', 0));
  copyFileSync(media().cam, seg('prod-cam', 1));
  copyFileSync(media().mic, seg('prod-mic', 0));
  await store.db.run(
    'INSERT INTO recording_tracks (id, hearing_id, participant_id, kind, source, codec, started_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ['prod-cam', hid, defendant.id, 'video', 'camera', 'vp8', at(4)],
  );
  await store.db.run(
    'INSERT INTO recording_gaps (hearing_id, track_id, started_at, ended_at, cause) VALUES (?, ?, ?, ?, ?)',
    [hid, 'prod-cam', at(12), at(12.5), 'participant_reconnected'], // ISO, as RecordingIndex writes them
  );

  const timeline: HearingTimeline = {
    hearingId: hid,
    sessions: [
      { startMs: T0 + 4 * 60_000, endMs: T0 + 20 * 60_000 },
      { startMs: T0 + 30 * 60_000, endMs: T0 + 40 * 60_000 },
    ],
    participants: [
      {
        participantId: judge.id,
        displayName: judge.displayName,
        role: 'judge',
        present: [{ startMs: T0 + 60_000, endMs: T0 + 40 * 60_000 }],
      },
      {
        participantId: defendant.id,
        displayName: defendant.displayName,
        role: 'defendant',
        present: [{ startMs: T0 + 4 * 60_000, endMs: T0 + 40 * 60_000 }],
      },
    ],
    tracks: [
      {
        trackId: 'prod-cam',
        participantId: defendant.id,
        kind: 'video',
        source: 'camera',
        codec: 'vp8',
        segments: [
          { file: seg('prod-cam', 1), startMs: T0 + 12.5 * 60_000, endMs: T0 + 12.5 * 60_000 + 1000 },
          { file: seg('prod-cam', 0), startMs: T0 + 4 * 60_000, endMs: T0 + 4 * 60_000 + 1000 },
        ],
      },
      {
        trackId: 'prod-mic',
        participantId: judge.id,
        kind: 'audio',
        source: 'mic',
        codec: 'opus',
        segments: [{ file: seg('prod-mic', 0), startMs: T0 + 4 * 60_000, endMs: T0 + 4 * 60_000 + 1000 }],
      },
    ],
  };

  const key = CourtKey.loadOrCreate(root);
  const records = new SqlRecordStore(store.db);
  const bundle = new RecordBundle({ store, records, key, clock, recordingsDir: join(root, 'recordings'), compositorFor: () => compositor });
  const archive = new RecordArchive({ store, records, bundle, key, clock, retentionDays: 30, retentionMinDays: 20, log: () => {} });
  return {
    root,
    store,
    clock,
    setNow,
    kase,
    hearing,
    hid,
    judge,
    defendant,
    counsel,
    timeline,
    key,
    records,
    bundle,
    archive,
    hearingDir,
    cleanup: async () => {
      await store.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

export type Fixture = Awaited<ReturnType<typeof makeFixture>>;
