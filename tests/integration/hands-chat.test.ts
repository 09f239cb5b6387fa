// Raise hand and chat over the real server (HTTP API, socket.io, SQLite file) with real socket.io
// clients: who receives each hand.queue and chat.message, what is refused and how, the rate limit
// on chat.send, and the audit log that the minutes are built from.
import { describe, expect, it } from 'vitest';
import type { Role } from '../../core/protocol/model.js';
import { type AuditLog, createHearing, type TestClient } from '../support/server.js';
import { useTestServer } from '../support/useTestServer.js';

const CHAT_LIMIT = 6;
const ctx = useTestServer({ limits: { chat: { perParticipant: { points: CHAT_LIMIT, windowMs: 60_000 } } } });

type Seated = Record<'judge' | 'clerk' | 'defendant' | 'witness' | 'counsel', TestClient> & {
  ids: Record<string, string>;
  hearingId: string;
};

/** A hearing with the judge, the clerk, and a defendant, a witness and counsel admitted and joined again. */
async function seated(): Promise<Seated> {
  const roles: Role[] = ['judge', 'clerk', 'defendant', 'witness', 'counsel'];
  const { hearing, seats } = await createHearing(ctx.server, roles as ('judge' | 'clerk' | 'defendant' | 'witness' | 'counsel')[]);
  const judge = (await ctx.join(seats.judge.token)).client;
  const clerk = (await ctx.join(seats.clerk.token)).client;
  const parties: Record<string, TestClient> = {};
  for (const role of ['defendant', 'witness', 'counsel'] as const) {
    const { client } = await ctx.join(seats[role].token);
    const mark = client.mark();
    await judge.ok({ type: 'lobby.admit', participantId: seats[role].participant.id });
    await client.waitFor('lobby.admitted', undefined, { after: mark });
    await client.ok({ type: 'join' });
    parties[role] = client;
  }
  const ids = Object.fromEntries(roles.map((r) => [r, seats[r as keyof typeof seats].participant.id]));
  return { judge, clerk, defendant: parties.defendant!, witness: parties.witness!, counsel: parties.counsel!, ids, hearingId: hearing.id };
}

/**
 * Notifications to one socket arrive in the order the server sent them: once `client` has the
 * clerk's broadcast sent after the message in question, anything for it before is there too.
 */
async function barrier(h: Seated, ...clients: TestClient[]): Promise<void> {
  const text = `barrier ${Math.random()}`;
  await h.clerk.ok({ type: 'chat.send', to: 'everyone', text });
  for (const c of clients) await c.waitFor('chat.message', (n) => n.message.text === text);
}

const texts = (c: TestClient) => c.received('chat.message').map((n) => n.message.text);

describe('raise hand over the real server', () => {
  it('a defendant raises a hand: judge and clerk see the queue, counsel nothing; the judge lowers it', async () => {
    const h = await seated();
    await h.defendant.ok({ type: 'hand.raise' });
    for (const bench of [h.judge, h.clerk]) {
      await bench.waitFor('hand.queue', (n) => n.hands.length === 1 && n.hands[0]!.participantId === h.ids.defendant);
    }
    await h.defendant.waitFor('hand.queue', (n) => n.hands.length === 1);

    const denied = await h.counsel.request({ type: 'hand.lower', participantId: h.ids.defendant });
    expect(denied).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    const mark = h.judge.mark();
    await h.judge.ok({ type: 'hand.lower', participantId: h.ids.defendant });
    await h.judge.waitFor('hand.queue', (n) => n.hands.length === 0, { after: mark });
    await h.defendant.waitFor('hand.queue', (n) => n.hands.length === 0);
    await barrier(h, h.counsel);
    expect(h.counsel.received('hand.queue')).toEqual([]);

    const audit = await ctx.server.api<AuditLog>('GET', `/api/hearings/${h.hearingId}/audit`);
    expect(audit.body.events.filter((e) => e.type.startsWith('hand.'))).toMatchObject([
      { type: 'hand.raised', data: { participantId: h.ids.defendant } },
      { type: 'hand.lowered', data: { participantId: h.ids.defendant, cause: 'judge' } },
    ]);
  });

  it('a hand comes down when its owner leaves: the bench is told', async () => {
    const h = await seated();
    await h.witness.ok({ type: 'hand.raise' });
    await h.judge.waitFor('hand.queue', (n) => n.hands.length === 1);
    const mark = h.judge.mark();
    await h.witness.ok({ type: 'leave' });
    await h.judge.waitFor('hand.queue', (n) => n.hands.length === 0, { after: mark });
  });
});

describe('chat over the real server', () => {
  it('a witness’s message to the clerk reaches the clerk only; the clerk’s answer reaches the witness only', async () => {
    const h = await seated();
    const sent = await h.witness.ok({ type: 'chat.send', to: 'clerk', text: 'Tôi không nghe rõ <b>tiếng</b>' });
    expect(sent.message).toMatchObject({ fromId: h.ids.witness, to: 'clerk', text: 'Tôi không nghe rõ <b>tiếng</b>' });
    await h.clerk.waitFor('chat.message', (n) => n.message.id === sent.message.id);

    const answer = await h.clerk.ok({ type: 'chat.send', to: h.ids.witness, text: 'Đã chỉnh âm lượng' });
    await h.witness.waitFor('chat.message', (n) => n.message.id === answer.message.id);

    await barrier(h, h.judge, h.defendant, h.counsel, h.witness);
    for (const other of [h.judge, h.defendant, h.counsel]) expect(texts(other)).toEqual([expect.stringMatching(/^barrier/)]);
  });

  it('open chat is refused until the judge allows it; then a defendant reaches everyone', async () => {
    const h = await seated();
    const refused = await h.defendant.request({ type: 'chat.send', to: 'everyone', text: 'Xin chào' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await h.clerk.request({ type: 'chat.setOpen', open: true })).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    await h.judge.ok({ type: 'chat.setOpen', open: true });
    for (const c of [h.judge, h.clerk, h.defendant, h.witness, h.counsel]) await c.waitFor('chat.open', (n) => n.open);
    await h.defendant.ok({ type: 'chat.send', to: 'everyone', text: 'Xin chào mọi người' });
    for (const c of [h.judge, h.clerk, h.witness, h.counsel])
      await c.waitFor('chat.message', (n) => n.message.text === 'Xin chào mọi người');
  });

  it('a participant joining late (or again) reads their part of the conversation from the join snapshot', async () => {
    const h = await seated();
    await h.witness.ok({ type: 'chat.send', to: 'clerk', text: 'from the witness' });
    await h.clerk.ok({ type: 'chat.send', to: 'everyone', text: 'to everyone' });
    const witness = await h.witness.ok({ type: 'join' });
    expect(witness.chat?.messages.map((m) => m.text)).toEqual(['from the witness', 'to everyone']);
    const counsel = await h.counsel.ok({ type: 'join' });
    expect(counsel.chat).toMatchObject({ open: false, messages: [{ text: 'to everyone' }] });
  });

  it('refuses a message over 1000 characters (invalid_input), and one over the schema’s bound before the domain sees it', async () => {
    const h = await seated();
    const long = await h.witness.request({ type: 'chat.send', to: 'clerk', text: 'x'.repeat(1001) });
    expect(long).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringMatching(/1000/) } });
    const huge = await h.witness.request({ type: 'chat.send', to: 'clerk', text: 'x'.repeat(4001) });
    expect(huge).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const audit = await ctx.server.api<AuditLog>('GET', `/api/hearings/${h.hearingId}/audit`);
    expect(audit.body.events.filter((e) => e.type === 'chat.message')).toEqual([]);
  });

  it(`rate-limits chat.send per participant (${CHAT_LIMIT} a minute here): rate_limited, not audited, others unaffected`, async () => {
    const h = await seated();
    for (let i = 0; i < CHAT_LIMIT; i++) await h.defendant.ok({ type: 'chat.send', to: 'clerk', text: `message ${i}` });
    const over = await h.defendant.request({ type: 'chat.send', to: 'clerk', text: 'one too many' });
    expect(over).toMatchObject({ ok: false, error: { code: 'rate_limited', details: { retryAfterMs: expect.any(Number) } } });
    // Other requests of the same participant, and others' messages, still go through.
    await h.defendant.ok({ type: 'hand.raise' });
    await h.witness.ok({ type: 'chat.send', to: 'clerk', text: 'still fine' });
    const audit = await ctx.server.api<AuditLog>('GET', `/api/hearings/${h.hearingId}/audit`);
    const messages = audit.body.events.filter((e) => e.type === 'chat.message');
    expect(messages).toHaveLength(CHAT_LIMIT + 1);
    expect(messages.map((e) => e.data.text)).not.toContain('one too many');
  });
});
