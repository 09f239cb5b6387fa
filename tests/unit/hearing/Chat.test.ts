// Chat (core/hearing/Chat.ts) through HearingService, with the real SqliteStore(':memory:') and
// media faked by FakeMediaRoomPort: who may write to whom, who receives each message, what is
// refused (and then nothing is audited), and what a participant joining late reads.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HearingService } from '../../../core/hearing/HearingService.js';
import { InvalidStateError, NotFoundError, PermissionDeniedError, ValidationError } from '../../../core/hearing/errors.js';
import { CHAT_HISTORY_LIMIT } from '../../../core/protocol/chat.js';
import type { Notification } from '../../../core/protocol/signaling.js';
import { makeDomain, type Domain } from '../../support/domain.js';

let d: Domain;
beforeEach(async () => {
  d = await makeDomain();
  await d.seat('clerk', 'defendant', 'witness', 'counsel', 'observer');
  d.clear();
});
afterEach(() => d.close());

type Message = Extract<Notification, { type: 'chat.message' }>;
/** Who each chat.message went to: a participant's id, or the audience's name. */
const receivers = () =>
  d.notifications
    .filter((n): n is typeof n & { notification: Message } => n.notification.type === 'chat.message')
    .map((n) => (typeof n.audience === 'object' ? n.audience.participantId : n.audience));
const messages = async () => (await d.store.audit.list(d.hearing.id)).filter((e) => e.type === 'chat.message');

describe('writing to the clerk', () => {
  it('a witness’s message to the clerk reaches the clerk only (and the witness’s own screens)', async () => {
    const message = await d.service.sendChat(d.ref('witness'), 'clerk', '  Tôi không nghe rõ tiếng.  ');
    expect(message).toMatchObject({ fromId: d.people.witness.id, to: 'clerk', toId: null, text: 'Tôi không nghe rõ tiếng.' });
    expect(receivers().sort()).toEqual([d.people.clerk.id, d.people.witness.id].sort());
    expect(await messages()).toMatchObject([
      {
        actor: { kind: 'participant', participantId: d.people.witness.id },
        data: { participantId: d.people.witness.id, to: 'clerk', toId: null, text: 'Tôi không nghe rõ tiếng.' },
      },
    ]);
    expect(message.id).toBe(String((await messages())[0]!.seq));
  });

  it('an observer (the public) may write to the clerk', async () => {
    await d.service.sendChat(d.ref('observer'), 'clerk', 'Mất tiếng');
    expect(receivers()).toContain(d.people.clerk.id);
  });

  it('is refused to someone still waiting in the lobby', async () => {
    await d.service.join(d.ref('victim'));
    await expect(d.service.sendChat(d.ref('victim'), 'clerk', 'Hello')).rejects.toThrow(InvalidStateError);
    expect(await messages()).toEqual([]);
  });
});

describe('the clerk and the presiding judge write to anyone', () => {
  it('the clerk answers one participant: they and the clerk receive it, the judge does not', async () => {
    await d.service.sendChat(d.ref('clerk'), d.people.witness.id, 'Xin chờ, kỹ thuật viên sẽ hỗ trợ.');
    expect(receivers().sort()).toEqual([d.people.clerk.id, d.people.witness.id].sort());
    expect((await messages()).at(-1)).toMatchObject({ data: { to: 'participant', toId: d.people.witness.id } });
  });

  it('the judge writes to one participant: the clerk keeps that conversation too', async () => {
    await d.service.sendChat(d.ref('judge'), d.people.counsel.id, 'Please reconnect your camera.');
    expect(receivers().sort()).toEqual([d.people.judge.id, d.people.counsel.id, d.people.clerk.id].sort());
  });

  it('the clerk writes to everyone at any time: one broadcast to the hearing', async () => {
    await d.service.sendChat(d.ref('clerk'), 'everyone', 'Phiên tòa sẽ tiếp tục sau 5 phút.');
    expect(receivers()).toEqual(['admitted']);
  });

  it('a party may not write to another participant directly', async () => {
    await expect(d.service.sendChat(d.ref('defendant'), d.people.witness.id, 'psst')).rejects.toThrow(PermissionDeniedError);
    expect(await messages()).toEqual([]);
  });

  it('only to someone in the hearing: unknown, a device, or oneself are refused', async () => {
    await expect(d.service.sendChat(d.ref('clerk'), 'no-such-person', 'Hi')).rejects.toThrow(NotFoundError);
    await expect(d.service.sendChat(d.ref('clerk'), d.people.victim.id, 'Hi')).rejects.toThrow(InvalidStateError);
    await expect(d.service.sendChat(d.ref('clerk'), d.people.clerk.id, 'Hi')).rejects.toThrow(ValidationError);
    await expect(d.service.sendChat(d.ref('clerk'), 'clerk', 'Hi')).rejects.toThrow(ValidationError);
    expect(await messages()).toEqual([]);
  });
});

describe('open chat', () => {
  it('open chat is refused until the judge allows it, and again once closed', async () => {
    await expect(d.service.sendChat(d.ref('defendant'), 'everyone', 'Hello all')).rejects.toThrow(PermissionDeniedError);
    await d.service.setChatOpen(d.ref('judge'), true);
    expect(d.notifications.at(-1)).toMatchObject({ audience: 'admitted', notification: { type: 'chat.open', open: true } });
    await d.service.sendChat(d.ref('defendant'), 'everyone', 'Hello all');
    expect(receivers()).toEqual(['admitted']);
    await d.service.setChatOpen(d.ref('judge'), false);
    await expect(d.service.sendChat(d.ref('defendant'), 'everyone', 'Again')).rejects.toThrow(PermissionDeniedError);
    expect((await d.auditTypes()).filter((t) => t.startsWith('chat.'))).toEqual(['chat.opened', 'chat.message', 'chat.closed']);
  });

  it('only the presiding judge allows it; asking for the state it is in audits nothing', async () => {
    await expect(d.service.setChatOpen(d.ref('clerk'), true)).rejects.toThrow(PermissionDeniedError);
    await d.service.setChatOpen(d.ref('judge'), false);
    expect((await d.auditTypes()).filter((t) => t.startsWith('chat.'))).toEqual([]);
  });

  it('is for those who take part: the public still writes to the clerk only', async () => {
    await d.service.setChatOpen(d.ref('judge'), true);
    await expect(d.service.sendChat(d.ref('observer'), 'everyone', 'Hi')).rejects.toThrow(PermissionDeniedError);
  });

  it('is remembered from the audit log after a restart', async () => {
    await d.service.setChatOpen(d.ref('judge'), true);
    const restarted = new HearingService(d.store, d.media, d.clock);
    const snapshot = await restarted.join(d.ref('defendant'));
    expect(snapshot.chat?.open).toBe(true);
  });
});

describe('what a message may be', () => {
  it('a message of 1001 characters is refused and nothing is audited; 1000 are fine', async () => {
    const before = await d.dump();
    await expect(d.service.sendChat(d.ref('witness'), 'clerk', 'a'.repeat(1001))).rejects.toThrow(ValidationError);
    expect(await d.dump()).toBe(before);
    expect(receivers()).toEqual([]);
    await d.service.sendChat(d.ref('witness'), 'clerk', 'ầ'.repeat(1000));
    expect(await messages()).toHaveLength(1);
  });

  it('an empty or blank message is refused', async () => {
    await expect(d.service.sendChat(d.ref('witness'), 'clerk', '')).rejects.toThrow(ValidationError);
    await expect(d.service.sendChat(d.ref('witness'), 'clerk', ' \n\t ')).rejects.toThrow(ValidationError);
    expect(await messages()).toEqual([]);
  });

  it('<script> is kept as text: stored and delivered exactly as written', async () => {
    const text = '<script>alert("x")</script> & <b>bold</b>';
    const message = await d.service.sendChat(d.ref('witness'), 'clerk', text);
    expect(message.text).toBe(text);
    expect((await messages())[0]!.data.text).toBe(text);
  });

  it('is refused once the hearing has ended', async () => {
    await d.bringTo('adjourned');
    await expect(d.service.sendChat(d.ref('clerk'), 'everyone', 'Bye')).rejects.toThrow(InvalidStateError);
  });
});

describe('joining late', () => {
  it('a participant sees the messages to them or to everyone since the hearing opened; not others’ conversations', async () => {
    await d.service.sendChat(d.ref('witness'), 'clerk', 'from the witness');
    await d.service.sendChat(d.ref('clerk'), d.people.witness.id, 'to the witness');
    await d.service.sendChat(d.ref('clerk'), 'everyone', 'to everyone');
    await d.service.sendChat(d.ref('defendant'), 'clerk', 'from the defendant');
    const texts = async (role: 'witness' | 'defendant' | 'counsel' | 'clerk' | 'judge') =>
      (await d.service.join(d.ref(role))).chat?.messages.map((m) => m.text);
    expect(await texts('witness')).toEqual(['from the witness', 'to the witness', 'to everyone']);
    expect(await texts('defendant')).toEqual(['to everyone', 'from the defendant']);
    expect(await texts('counsel')).toEqual(['to everyone']);
    expect(await texts('judge')).toEqual(['to everyone']);
    expect(await texts('clerk')).toEqual(['from the witness', 'to the witness', 'to everyone', 'from the defendant']);
  });

  it(`gets at most the latest ${CHAT_HISTORY_LIMIT}`, async () => {
    for (let i = 0; i < CHAT_HISTORY_LIMIT + 5; i++) await d.service.sendChat(d.ref('clerk'), 'everyone', `notice ${i}`);
    const { chat } = await d.service.join(d.ref('counsel'));
    expect(chat?.messages).toHaveLength(CHAT_HISTORY_LIMIT);
    expect(chat?.messages.at(-1)?.text).toBe(`notice ${CHAT_HISTORY_LIMIT + 4}`);
    expect(chat?.messages[0]?.text).toBe('notice 5');
  });
});
