// The network probe's figures from WebRTC statistics (client/src/core/networkStats.ts), fed plain
// objects shaped as Chromium's getStats() reports them.
import { describe, expect, it } from 'vitest';
import { readSample, summarize, type StatsSample } from '../../../client/src/core/networkStats.js';
import type { ProbeServerStats } from '../../../core/protocol/equipmentCheck.js';

function report(at: number, { rtt = 0.02, available = 1_500_000, sent = 100 * at, bytes = 150_000 * at, lost = 0 } = {}) {
  const stats = [
    { id: 'T01', type: 'transport', timestamp: at * 1000, selectedCandidatePairId: 'CP1' },
    {
      id: 'CP1',
      type: 'candidate-pair',
      timestamp: at * 1000,
      state: 'succeeded',
      nominated: true,
      currentRoundTripTime: rtt,
      availableOutgoingBitrate: available,
    },
    { id: 'CP2', type: 'candidate-pair', timestamp: at * 1000, state: 'failed', currentRoundTripTime: 9 },
    { id: 'OT1', type: 'outbound-rtp', timestamp: at * 1000, packetsSent: sent, bytesSent: bytes },
    { id: 'RI1', type: 'remote-inbound-rtp', timestamp: at * 1000, packetsLost: lost, roundTripTime: rtt + 0.005 },
  ];
  return new Map(stats.map((s) => [s.id, s]));
}

const SERVER: ProbeServerStats = { connected: true, packetsReceived: 400, packetsLost: 0, recvKbps: 1200, rttMs: null };

describe('readSample', () => {
  it('reads the selected pair, the outbound streams and the receiver reports', () => {
    expect(readSample(report(2))).toEqual({
      at: 2,
      rttMs: 20,
      availableKbps: 1500,
      packetsSent: 200,
      bytesSent: 300_000,
      remoteLost: 0,
      remoteRttMs: 25,
    });
  });

  it('reads a report with nothing in it as nothing known', () => {
    expect(readSample(new Map())).toMatchObject({ rttMs: null, availableKbps: null, packetsSent: 0 });
  });
});

describe('summarize', () => {
  const samples = (opts: Parameters<typeof report>[1] = {}): StatsSample[] => [1, 2, 3, 4, 5].map((s) => readSample(report(s, opts)));

  it('gives the median RTT, the last bandwidth estimate and the loss the server counted', () => {
    expect(summarize(samples(), { ...SERVER, packetsLost: 8 })).toEqual({ connected: true, rttMs: 20, lossPct: 2, uplinkKbps: 1500 });
  });

  it('takes the worse loss of the two sides (the browser hears of it through receiver reports)', () => {
    expect(summarize(samples({ lost: 50 }), SERVER).lossPct).toBe(10);
  });

  it('falls back to what was sent when the browser gives no bandwidth estimate', () => {
    const noEstimate = [1, 2, 3].map((s) => ({ ...readSample(report(s)), availableKbps: null }));
    expect(summarize(noEstimate, SERVER).uplinkKbps).toBe(1200); // 150 kB/s
  });

  it('is "not connected" when the server counted no RTP, even with ICE up', () => {
    expect(summarize(samples(), { ...SERVER, packetsReceived: 0 })).toEqual({
      connected: false,
      rttMs: null,
      lossPct: null,
      uplinkKbps: null,
    });
    expect(summarize([], null).connected).toBe(false);
  });
});
