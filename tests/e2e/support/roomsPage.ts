// The rooms of a hearing in the browser (client/src/components/RoomsPanel.tsx, SideRoom.tsx): the
// judge's consultation controls, a member's way back, and what a page really receives, read from
// RTCPeerConnection.getStats() by track (rtcStats.ts installs the peer-connection tracking).
import { expect, type Page } from '@playwright/test';
import type { Invitee } from './api.js';
import type { ParticipantPage } from './pages.js';

/** Inbound RTP packets of people's media received on this page: in all, and per remote track id. */
export interface Inbound {
  total: number;
  byTrack: Record<string, number>;
}

export async function inbound(page: Page): Promise<Inbound> {
  return page.evaluate(async () => {
    const out = { total: 0, byTrack: {} as Record<string, number> };
    for (const pc of (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs) {
      if (pc.connectionState === 'closed') continue;
      const stats = await pc.getStats();
      stats.forEach((s) => {
        // mediasoup's bandwidth probation (mid 'probator', ssrc 1234) is no one's media.
        if (s.type !== 'inbound-rtp' || s.mid === 'probator' || s.ssrc === 1234) return;
        const n = (s.packetsReceived as number | undefined) ?? 0;
        out.total += n;
        const track = s.trackIdentifier as string | undefined;
        if (track) out.byTrack[track] = (out.byTrack[track] ?? 0) + n;
      });
    }
    return out;
  });
}

/** The ids of the remote tracks that play `from` on this page now (their tile's video, their audio). */
export async function tracksOf(page: Page, from: Invitee): Promise<string[]> {
  return page.evaluate((pid) => {
    const ids: string[] = [];
    document
      .querySelectorAll<HTMLMediaElement>(`[data-participant-id="${pid}"] video, audio[data-participant-id="${pid}"]`)
      .forEach((el) => {
        const stream = el.srcObject as MediaStream | null;
        for (const t of stream?.getTracks() ?? []) ids.push(t.id);
      });
    return ids;
  }, from.id);
}

/** Packets on the given tracks (0 for a track whose receiver is gone). */
export function packetsOn(stats: Inbound, tracks: readonly string[]): number {
  return tracks.reduce((sum, id) => sum + (stats.byTrack[id] ?? 0), 0);
}

/**
 * The packets that arrive over `ms` after `settleMs` for packets in flight to land, per track and in
 * all: on `tracks` when given, else on the whole page.
 */
export async function growthOver(
  page: Page,
  { ms = 3000, settleMs = 1000, tracks }: { ms?: number; settleMs?: number; tracks?: string[] } = {},
) {
  await page.waitForTimeout(settleMs);
  const before = await inbound(page);
  await page.waitForTimeout(ms);
  const after = await inbound(page);
  const byTrack: Record<string, number> = {};
  for (const [id, n] of Object.entries(after.byTrack)) {
    if (tracks && !tracks.includes(id)) continue;
    const grew = n - (before.byTrack[id] ?? 0);
    if (grew !== 0) byTrack[id] = grew;
  }
  return { total: Object.values(byTrack).reduce((a, b) => a + b, 0), byTrack };
}

/** How many packets arrive over the window (growthOver), in all. */
export async function packetsOver(page: Page, options: { ms?: number; settleMs?: number; tracks?: string[] } = {}): Promise<number> {
  return (await growthOver(page, options)).total;
}

/** The presiding judge's consultation controls and a member's own view of the room. */
export class RoomsPage {
  constructor(readonly p: ParticipantPage) {}

  get panel() {
    return this.p.page.getByTestId('rooms-panel');
  }

  /** The judge picks counsel and their client(s) and opens a private room; they show up in it. */
  async openConsultation(people: Invitee[]): Promise<string> {
    for (const who of people) {
      await this.panel.locator(`[data-testid="consultation-pick"][data-participant-id="${who.id}"] input`).check();
    }
    await this.panel.getByTestId('consultation-open').click();
    const group = this.panel.locator('[data-testid="room-group"][data-room^="consultation-"]');
    for (const who of people) await expect(group.locator(`[data-testid="room-member"][data-participant-id="${who.id}"]`)).toBeVisible();
    return (await group.first().getAttribute('data-room')) ?? '';
  }

  /** The judge ends a consultation from the rooms panel: its members are back in the courtroom. */
  async endConsultation(room: string, people: Invitee[]): Promise<void> {
    await this.panel.locator(`[data-testid="room-group"][data-room="${room}"]`).getByTestId('consultation-end').click();
    for (const who of people) await expect(this.p.roomMember(who, 'courtroom')).toBeVisible();
  }

  /** Counsel, during a recess, asks for a consultation with `parties`; the request shows as sent. */
  async requestConsultation(parties: Invitee[]): Promise<void> {
    const box = this.p.page.getByTestId('consultation-request');
    for (const who of parties)
      await box.locator(`[data-testid="consultation-request-pick"][data-participant-id="${who.id}"] input`).check();
    await box.getByTestId('consultation-request-send').click();
    await expect(box).toHaveAttribute('data-pending', 'true');
  }

  /** The judge grants counsel's pending request as asked. */
  async grant(counsel: Invitee): Promise<void> {
    const entry = this.panel.locator(`[data-testid="consultation-request-entry"][data-participant-id="${counsel.id}"]`);
    await entry.getByTestId('consultation-grant').click();
    await expect(entry).toHaveCount(0);
  }

  /** The judge declines counsel's pending request. */
  async decline(counsel: Invitee): Promise<void> {
    const entry = this.panel.locator(`[data-testid="consultation-request-entry"][data-participant-id="${counsel.id}"]`);
    await entry.getByTestId('consultation-decline').click();
    await expect(entry).toHaveCount(0);
  }

  /** A member sees the consultation's banner. */
  async expectInConsultation(): Promise<void> {
    await expect(this.p.page.getByTestId('consultation-room')).toBeVisible();
  }
}
