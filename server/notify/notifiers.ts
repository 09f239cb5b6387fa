// The notifier the server uses, built from VCOURT_NOTIFIER (NotifierConfig.ts): one adapter, or
// several routed by channel (email through SMTP, SMS through a gateway).
import { UnavailableError } from '../../core/hearing/errors.js';
import type { DeliveryReceipt, InvitationChannel, InvitationMessage, Notifier } from '../../core/hearing/ports.js';
import { FileNotifier } from './FileNotifier.js';
import type { NotifierConfig, NotifierKind } from './NotifierConfig.js';
import { SmtpNotifier } from './SmtpNotifier.js';
import { WebhookNotifier } from './WebhookNotifier.js';

export interface ServerNotifier extends Notifier {
  close(): void;
}

interface Route {
  kind: NotifierKind;
  channels: readonly InvitationChannel[];
  notifier: Notifier;
}

export function createNotifier(config: NotifierConfig, dataDir: string): ServerNotifier {
  const smtp = config.smtp && config.kinds.includes('smtp') ? new SmtpNotifier(config.smtp) : undefined;
  const routes: Route[] = config.kinds.map((kind) => {
    if (kind === 'smtp') {
      if (!smtp) throw new Error('VCOURT_NOTIFIER=smtp without its settings');
      return { kind, channels: smtp.channels, notifier: smtp };
    }
    if (kind === 'webhook') {
      if (!config.webhook) throw new Error('VCOURT_NOTIFIER=webhook without its settings');
      const webhook = new WebhookNotifier(config.webhook);
      return { kind, channels: webhook.channels, notifier: webhook };
    }
    return { kind, channels: ['email', 'sms'], notifier: new FileNotifier(dataDir) };
  });
  return {
    send(message: InvitationMessage): Promise<DeliveryReceipt> {
      const route = routes.find((r) => r.channels.includes(message.channel));
      if (!route) {
        const what = message.channel === 'sms' ? 'text messages (SMS)' : 'email';
        return Promise.reject(new UnavailableError(`This server sends no ${what} (VCOURT_NOTIFIER=${config.kinds.join(',')})`));
      }
      return route.notifier.send(message);
    },
    close: () => smtp?.close(),
  };
}
