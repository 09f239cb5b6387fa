// `media.restartIce`: new ICE credentials for one of the asker's own transports. Driven the way a
// socket drives it (the Request schema at the boundary, then the handler table) against the real
// domain on SQLite in memory; media is faked by FakeMediaRoomPort. The room's own guard (a
// transport of someone else is not_found) runs against mediasoup in tests/integration/ice-restart.test.ts.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DomainError } from '../../../core/hearing/errors.js';
import type { PersonRole } from '../../../core/protocol/model.js';
import { Request } from '../../../core/protocol/signaling.js';
import { Peer } from '../../../media/Peer.js';
import { DEFAULT_MEDIA_QUOTAS } from '../../../media/MediaQuotas.js';
import { handlers } from '../../../server/signaling/handlers.js';
import { makeDomain, type Domain } from '../../support/domain.js';

let d: Domain;

beforeEach(async () => {
  d = await makeDomain();
  await d.seat('judge', 'defendant');
  d.clear();
});
afterEach(() => d.close());

/** What a socket of `who` would get for this raw message: the schema first, then the handler. */
async function send(who: PersonRole, raw: unknown): Promise<{ ok: true; data: unknown } | { ok: false; code: string }> {
  const parsed = Request.safeParse(raw);
  if (!parsed.success) return { ok: false, code: 'invalid_input' };
  if (parsed.data.type !== 'media.restartIce') throw new Error('not a restartIce message');
  try {
    const data = await handlers['media.restartIce']({ ref: d.ref(who), service: d.service, media: d.media }, parsed.data);
    return { ok: true, data };
  } catch (error) {
    return { ok: false, code: (error as DomainError).code };
  }
}

describe('media.restartIce (real domain on SQLite; media faked)', () => {
  it('an admitted participant gets new ICE parameters, asked of the room for their own transports only', async () => {
    const reply = await send('defendant', { type: 'media.restartIce', transportId: 't-1' });
    expect(reply).toMatchObject({ ok: true, data: { iceParameters: { usernameFragment: expect.any(String) } } });
    // The participant id comes from the socket's invitation, never from the message.
    expect(d.media.callsOf('restartIce')).toEqual([[d.hearing.id, d.people.defendant.id, 't-1']]);
  });

  it('someone waiting in the lobby is refused, and the room is not asked', async () => {
    await d.service.join(d.ref('witness'));
    const reply = await send('witness', { type: 'media.restartIce', transportId: 't-1' });
    expect(reply).toEqual({ ok: false, code: 'invalid_state' });
    expect(d.media.callsOf('restartIce')).toEqual([]);
  });

  it('after the adjournment no one restarts anything', async () => {
    await d.bringTo('adjourned');
    expect(await send('defendant', { type: 'media.restartIce', transportId: 't-1' })).toMatchObject({ ok: false });
    expect(d.media.callsOf('restartIce')).toEqual([]);
  });

  it.each([
    ['no transport id', { type: 'media.restartIce' }],
    ['an empty one', { type: 'media.restartIce', transportId: '' }],
    ['a 65-character one', { type: 'media.restartIce', transportId: 'x'.repeat(65) }],
    ['a number', { type: 'media.restartIce', transportId: 7 }],
    ['an extra field', { type: 'media.restartIce', transportId: 't-1', participantId: 'someone-else' }],
  ])('%s is invalid_input before the domain sees it', async (_, raw) => {
    expect(await send('defendant', raw)).toEqual({ ok: false, code: 'invalid_input' });
    expect(d.media.callsOf('restartIce')).toEqual([]);
  });
});

describe('a participant’s media lost and back (SFU mediaLink events)', () => {
  it('tells the bench only, and writes participant.media_lost / media_back into the audit log', async () => {
    const participantId = d.people.defendant.id;
    d.media.emit({ type: 'mediaLink', hearingId: d.hearing.id, participantId, state: 'lost' });
    d.media.emit({ type: 'mediaLink', hearingId: d.hearing.id, participantId, state: 'back' });
    await d.mediaSettled();
    expect(d.notifications.map((n) => [n.audience, n.notification])).toEqual([
      ['bench', { type: 'participant.media', participantId, state: 'lost', at: expect.any(String) }],
      ['bench', { type: 'participant.media', participantId, state: 'back', at: expect.any(String) }],
    ]);
    const events = (await d.store.audit.list(d.hearing.id)).slice(-2);
    expect(events.map((e) => [e.type, e.data, e.actor])).toEqual([
      ['participant.media_lost', { participantId }, { kind: 'system' }],
      ['participant.media_back', { participantId }, { kind: 'system' }],
    ]);
  });
});

describe('Peer.linkChanged: a participant is lost when one direction drops, back when none is down', () => {
  it('reports only the participant’s changes', () => {
    const peer = new Peer(DEFAULT_MEDIA_QUOTAS);
    expect(peer.linkChanged('send', true)).toBeNull(); // first connection: nothing was lost
    expect(peer.linkChanged('send', false)).toBe('lost');
    expect(peer.linkChanged('recv', false)).toBeNull(); // still lost
    expect(peer.linkChanged('send', true)).toBeNull(); // the receive side is still down
    expect(peer.linkChanged('recv', true)).toBe('back');
    expect(peer.linkChanged('recv', true)).toBeNull();
  });
});
