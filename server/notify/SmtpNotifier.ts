// Email through the court's mail server (nodemailer over SMTP): VCOURT_SMTP_URL, e.g.
// smtps://user:pass@mail.toaan.gov.vn:465, and the sender VCOURT_SMTP_FROM. Plain text, in
// Vietnamese then English (core/hearing/invitationMessage.ts). Email only: SMS needs a gateway.
import nodemailer, { type Transporter } from 'nodemailer';
import { UnavailableError } from '../../core/hearing/errors.js';
import type { DeliveryReceipt, InvitationMessage, Notifier } from '../../core/hearing/ports.js';
import { redactSecrets } from '../../core/lib/redact.js';

export interface SmtpSettings {
  url: string;
  from: string;
  /** How long one message may take end to end (connect, greet, send). */
  timeoutMs?: number;
}

export class SmtpNotifier implements Notifier {
  readonly channels = ['email'] as const;
  readonly #transport: Transporter;

  constructor(private readonly settings: SmtpSettings) {
    const timeout = settings.timeoutMs ?? 15_000;
    // The URL's own settings (host, port, user, ?tls…) win; the timeouts apply where it sets none.
    this.#transport = nodemailer.createTransport({
      url: settings.url,
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout,
    });
  }

  async send(message: InvitationMessage): Promise<DeliveryReceipt> {
    if (message.channel !== 'email') throw new UnavailableError('The mail server sends email only');
    try {
      const info = await this.#transport.sendMail({
        from: this.settings.from,
        to: message.to,
        subject: message.subject,
        text: message.text,
      });
      return { notifier: 'smtp', messageId: info.messageId };
    } catch (error) {
      // The mail server's own words, without the URL's password should it quote it.
      throw new UnavailableError(`The email to ${message.maskedTo} was not sent: ${redactSecrets((error as Error).message)}`);
    }
  }

  close(): void {
    this.#transport.close();
  }
}
