// Text messages (and email, if the gateway does both) through an SMS gateway's HTTP API: each
// invitation is POSTed as JSON to VCOURT_NOTIFIER_WEBHOOK_URL (with VCOURT_NOTIFIER_WEBHOOK_TOKEN
// as a bearer token when set); any 2xx within the timeout is taken as sent.
import { UnavailableError } from '../../core/hearing/errors.js';
import type { DeliveryReceipt, InvitationMessage, Notifier } from '../../core/hearing/ports.js';

export interface WebhookSettings {
  url: string;
  token?: string;
  timeoutMs?: number;
}

/** What the gateway receives: where, what, and which hearing it is about. */
export interface WebhookBody {
  channel: InvitationMessage['channel'];
  to: string;
  subject: string;
  text: string;
  link: string;
  hearingId: string;
  participantId: string;
  caseNumber: string;
  scheduledAt: string;
  expiresAt: string;
}

export class WebhookNotifier implements Notifier {
  readonly channels = ['sms', 'email'] as const;

  constructor(private readonly settings: WebhookSettings) {}

  async send(message: InvitationMessage): Promise<DeliveryReceipt> {
    const body: WebhookBody = {
      channel: message.channel,
      to: message.to,
      subject: message.subject,
      text: message.text,
      link: message.link,
      hearingId: message.hearingId,
      participantId: message.participantId,
      caseNumber: message.caseNumber,
      scheduledAt: message.scheduledAt,
      expiresAt: message.expiresAt,
    };
    let res: Response;
    try {
      res = await fetch(this.settings.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(this.settings.token ? { authorization: `Bearer ${this.settings.token}` } : {}),
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.settings.timeoutMs ?? 10_000),
        redirect: 'error',
      });
    } catch (error) {
      const why = (error as Error).name === 'TimeoutError' ? 'the gateway did not answer in time' : 'the gateway could not be reached';
      throw new UnavailableError(`The message to ${message.maskedTo} was not sent: ${why}`);
    }
    // The reply's body is the gateway's; only its status matters here (and it is read so the socket is freed).
    const reply = await res.text().catch(() => '');
    if (!res.ok) throw new UnavailableError(`The message to ${message.maskedTo} was not sent: the gateway answered ${res.status}`);
    const messageId = /"id"\s*:\s*"([^"]{1,100})"/.exec(reply)?.[1];
    return { notifier: 'webhook', ...(messageId ? { messageId } : {}) };
  }
}
