// The client's side of connection quality: the bench's state keeps each participant's latest
// participant.quality (and forgets whoever is no longer in the hearing); the browser's own report
// (client/src/core/linkReport.ts) is read from getStats between two readings of one transport, one
// reading at a time, until stopped.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { HearingSnapshot, LinkQualityView, Notification, ParticipantView } from '../../../client/src/core/protocol.js';
import { INITIAL_STATE, applyNotification, fromSnapshot, type SessionState } from '../../../client/src/core/sessionState.js';
import { LINK_REPORT_MS, LinkReporter, linkReport } from '../../../client/src/core/linkReport.js';
import type { StatsSample } from '../../../client/src/core/networkStats.js';
import { participantView } from '../../support/participantView.js';

const person = (id: string, status: ParticipantView['status']): ParticipantView =>
  participantView(id, 'defendant', { displayName: id, status });
const judge = { ...person('judge', 'admitted'), role: 'judge' as const };
const start: SessionState = { ...INITIAL_STATE, phase: 'in_hearing', self: judge, participants: [judge, person('d', 'admitted')] };
const view = (participantId: string, grade: LinkQualityView['grade']): LinkQualityView => ({
  participantId,
  grade,
  rttMs: 40,
  lossPct: 0,
  downKbps: 1200,
  upKbps: null,
  sendLayer: 2,
  sendLayers: 3,
  recvLayer: 1,
  at: '2026-01-01T00:00:00Z',
});
const quality = (v: LinkQualityView): Notification => ({ type: 'participant.quality', ...v });

describe('SessionState.linkQuality', () => {
  it('keeps the latest figures per participant', () => {
    let s = applyNotification(start, quality(view('d', 'good')));
    s = applyNotification(s, quality(view('d', 'poor')));
    expect(s.linkQuality).toEqual({ d: view('d', 'poor') });
  });

  it('starts from the join snapshot’s readings (a bench that reconnects)', () => {
    const snapshot = { self: judge, hearing: null, participants: [], lobby: [], producers: [], activeSpeakerId: null };
    const s = fromSnapshot(start, {
      ...snapshot,
      hearing: { id: 'h', state: 'in_session' },
      displayLayout: { mode: 'speaker' },
      linkQuality: [view('d', 'fair')],
    } as unknown as HearingSnapshot);
    expect(s.linkQuality).toEqual({ d: view('d', 'fair') });
  });

  it('forgets someone who is no longer in the hearing', () => {
    const s = applyNotification(applyNotification(start, quality(view('d', 'fair'))), {
      type: 'participant.updated',
      participant: person('d', 'left'),
    });
    expect(s.linkQuality).toEqual({});
  });
});

const reading = (over: Partial<StatsSample>): StatsSample => ({
  at: 0,
  rttMs: 30,
  availableKbps: 1800,
  packetsSent: 1000,
  bytesSent: 0,
  remoteLost: 0,
  remoteRttMs: null,
  ...over,
});

describe('linkReport', () => {
  it('reports loss between two readings, the pair’s round trip, and the uplink only for a send transport', () => {
    const first = reading({ packetsSent: 1000, remoteLost: 10 });
    const next = reading({ packetsSent: 1950, remoteLost: 60, rttMs: 41.6 });
    expect(linkReport(first, next, true)).toEqual({ rttMs: 42, lossPct: 5, upKbps: 1800 });
    expect(linkReport(first, next, false).upKbps).toBeNull();
    expect(linkReport(null, reading({ packetsSent: 0, rttMs: null, remoteRttMs: 70 }), true)).toMatchObject({ rttMs: 70, lossPct: null });
  });
});

describe('LinkReporter', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const stats = (packetsSent: number, packetsLost: number) =>
    new Map<string, Record<string, unknown>>([
      ['o', { id: 'o', type: 'outbound-rtp', packetsSent, bytesSent: 0, timestamp: 1 }],
      ['r', { id: 'r', type: 'remote-inbound-rtp', packetsLost, timestamp: 1 }],
    ]) as unknown as RTCStatsReport;

  it('sends one report per period while there is a transport, none after stop()', async () => {
    const sent: unknown[] = [];
    let calls = 0;
    const transport = { getStats: () => Promise.resolve(stats(++calls * 100, calls === 2 ? 10 : 0)) };
    let available = false;
    const reporter = new LinkReporter({
      transport: () => (available ? { transport, sending: true } : null),
      send: async (r) => sent.push(r),
    });
    await vi.advanceTimersByTimeAsync(LINK_REPORT_MS * 2);
    expect(sent).toEqual([]); // no media yet
    available = true;
    await vi.advanceTimersByTimeAsync(LINK_REPORT_MS * 2);
    expect(sent).toEqual([
      { rttMs: null, lossPct: 0, upKbps: null },
      { rttMs: null, lossPct: 9.1, upKbps: null },
    ]);
    reporter.stop();
    await vi.advanceTimersByTimeAsync(LINK_REPORT_MS * 3);
    expect(sent).toHaveLength(2);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('waits for a slow reading before the next', async () => {
    let pending = 0;
    const transport = {
      getStats: () => {
        pending++;
        return new Promise<RTCStatsReport>(() => undefined); // never answers
      },
    };
    const reporter = new LinkReporter({ transport: () => ({ transport, sending: true }), send: () => Promise.resolve() });
    await vi.advanceTimersByTimeAsync(LINK_REPORT_MS * 5);
    expect(pending).toBe(1);
    reporter.stop();
  });

  it('goes on after a refused report (not admitted yet, rate limited)', async () => {
    let reads = 0;
    const transport = { getStats: () => (reads++, Promise.resolve(stats(100, 0))) };
    const reporter = new LinkReporter({
      transport: () => ({ transport, sending: true }),
      send: () => Promise.reject(new Error('refused')),
    });
    await vi.advanceTimersByTimeAsync(LINK_REPORT_MS * 3);
    expect(reads).toBe(3);
    reporter.stop();
  });
});
