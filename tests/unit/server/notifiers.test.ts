// The notifiers that carry invitations out of the server (server/notify): their configuration,
// the outbox file, and the SMS gateway's webhook against a real HTTP server on loopback.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UnavailableError } from '../../../core/hearing/errors.js';
import type { InvitationMessage } from '../../../core/hearing/ports.js';
import { FileNotifier } from '../../../server/notify/FileNotifier.js';
import { loadNotifierConfig } from '../../../server/notify/NotifierConfig.js';
import { createNotifier } from '../../../server/notify/notifiers.js';
import { WebhookNotifier } from '../../../server/notify/WebhookNotifier.js';

const message = (over: Partial<InvitationMessage> = {}): InvitationMessage => ({
  channel: 'sms',
  to: '+84912345789',
  maskedTo: '*** *** 789',
  subject: 'Mời tham gia phiên tòa trực tuyến',
  text: 'Đường dẫn: https://toaan.example.vn/join#t',
  link: 'https://toaan.example.vn/join#t',
  hearingId: 'h1',
  participantId: 'p1',
  caseNumber: 'HS-1/2031',
  hearingTitle: 'Phiên tòa sơ thẩm',
  scheduledAt: '2031-03-01T02:00:00.000Z',
  expiresAt: '2031-03-08T02:00:00.000Z',
  ...over,
});

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'vcourt-notify-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('VCOURT_NOTIFIER', () => {
  it('is the outbox file by default', () => {
    expect(loadNotifierConfig({})).toEqual({ kinds: ['file'] });
  });

  it('reads smtp and webhook settings, and refuses what is missing or unknown at start', () => {
    expect(
      loadNotifierConfig({
        VCOURT_NOTIFIER: 'smtp,webhook',
        VCOURT_SMTP_URL: 'smtp://mail:587',
        VCOURT_SMTP_FROM: 'Tòa án <a@b.vn>',
        VCOURT_NOTIFIER_WEBHOOK_URL: 'https://sms.example.vn/send',
        VCOURT_NOTIFIER_WEBHOOK_TOKEN: 'k',
      }),
    ).toEqual({
      kinds: ['smtp', 'webhook'],
      smtp: { url: 'smtp://mail:587', from: 'Tòa án <a@b.vn>' },
      webhook: { url: 'https://sms.example.vn/send', token: 'k', timeoutMs: 10_000 },
    });
    expect(() => loadNotifierConfig({ VCOURT_NOTIFIER: 'pigeon' })).toThrow(/VCOURT_NOTIFIER/);
    expect(() => loadNotifierConfig({ VCOURT_NOTIFIER: 'smtp', VCOURT_SMTP_URL: 'smtp://mail' })).toThrow(/VCOURT_SMTP_FROM/);
    expect(() => loadNotifierConfig({ VCOURT_NOTIFIER: 'webhook' })).toThrow(/VCOURT_NOTIFIER_WEBHOOK_URL/);
    expect(() =>
      loadNotifierConfig({ VCOURT_NOTIFIER: 'webhook', VCOURT_NOTIFIER_WEBHOOK_URL: 'http://x', VCOURT_NOTIFIER_WEBHOOK_TIMEOUT_MS: '5' }),
    ).toThrow(/TIMEOUT/);
  });
});

describe('FileNotifier', () => {
  it('appends one JSON line per message to outbox/invitations.jsonl, readable by the server only', async () => {
    const notifier = new FileNotifier(dir);
    const receipts = await Promise.all([notifier.send(message()), notifier.send(message({ participantId: 'p2' }))]);
    expect(receipts.map((r) => r.notifier)).toEqual(['file', 'file']);
    const file = join(dir, 'outbox', 'invitations.jsonl');
    const lines = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as InvitationMessage);
    expect(lines.map((l) => l.participantId)).toEqual(['p1', 'p2']);
    expect(lines[0]).toMatchObject({ link: 'https://toaan.example.vn/join#t', to: '+84912345789' });
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });
});

describe('WebhookNotifier (an SMS gateway)', () => {
  let gateway: Server;
  let url: string;
  let answer: (req: IncomingMessage, body: string) => { status: number; body?: string; hang?: boolean };
  const seen: { auth: string | undefined; body: Record<string, unknown> }[] = [];

  beforeEach(async () => {
    seen.length = 0;
    gateway = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen.push({ auth: req.headers.authorization, body: JSON.parse(body) as Record<string, unknown> });
        const a = answer(req, body);
        if (a.hang) return;
        res.writeHead(a.status, { 'content-type': 'application/json' }).end(a.body ?? '{}');
      });
    });
    await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/send`;
  });
  afterEach(async () => {
    gateway.closeAllConnections();
    await new Promise((resolve) => gateway.close(resolve));
  });

  it('POSTs the message as JSON with the bearer token; a 2xx is sent, with the gateway’s id', async () => {
    answer = () => ({ status: 202, body: '{"id":"sms-42"}' });
    const receipt = await new WebhookNotifier({ url, token: 'secret' }).send(message());
    expect(receipt).toEqual({ notifier: 'webhook', messageId: 'sms-42' });
    expect(seen[0]).toMatchObject({
      auth: 'Bearer secret',
      body: { channel: 'sms', to: '+84912345789', link: 'https://toaan.example.vn/join#t' },
    });
  });

  it('a refusal or no answer in time is UnavailableError naming the masked number only', async () => {
    answer = () => ({ status: 500 });
    await expect(new WebhookNotifier({ url }).send(message())).rejects.toThrow(/\*\*\* \*\*\* 789.*500/);
    answer = () => ({ status: 200, hang: true });
    const slow = new WebhookNotifier({ url, timeoutMs: 200 }).send(message());
    await expect(slow).rejects.toThrow(UnavailableError);
    await expect(slow).rejects.toThrow(/in time/);
  });

  it('routed by channel: SMS to the gateway, email refused when nothing carries it', async () => {
    answer = () => ({ status: 200 });
    const notifier = createNotifier({ kinds: ['webhook'], webhook: { url, timeoutMs: 2000 } }, dir);
    await expect(notifier.send(message())).resolves.toMatchObject({ notifier: 'webhook' });
    const smtpOnly = createNotifier({ kinds: ['smtp'], smtp: { url: 'smtp://127.0.0.1:1', from: 'a@b.vn' } }, dir);
    await expect(smtpOnly.send(message())).rejects.toThrow(/no text messages/);
    smtpOnly.close();
  });
});
