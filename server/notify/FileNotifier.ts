// The default notifier: nothing leaves the server. Each invitation is one JSON line appended to
// <dataDir>/outbox/invitations.jsonl, for the clerk (or a mail robot of the court's) to take from
// there; tests read invitations back from it. The lines hold live links: the file is 0600.
import { randomUUID } from 'node:crypto';
import { chmod, mkdir, open } from 'node:fs/promises';
import { join } from 'node:path';
import type { DeliveryReceipt, InvitationMessage, Notifier } from '../../core/hearing/ports.js';
import { KeyedQueue } from '../../core/lib/KeyedQueue.js';

/** One line of the outbox: the message as sent, with when and its id. */
export interface OutboxLine extends InvitationMessage {
  id: string;
  sentAt: string;
}

export class FileNotifier implements Notifier {
  readonly file: string;
  /** Appends one at a time, so lines never interleave. */
  readonly #queue = new KeyedQueue();

  constructor(dataDir: string) {
    this.file = join(dataDir, 'outbox', 'invitations.jsonl');
  }

  send(message: InvitationMessage): Promise<DeliveryReceipt> {
    return this.#queue.run('outbox', async () => {
      const line: OutboxLine = { id: randomUUID(), sentAt: new Date().toISOString(), ...message };
      await mkdir(join(this.file, '..'), { recursive: true, mode: 0o700 });
      const handle = await open(this.file, 'a', 0o600);
      try {
        // The mode given to open applies only when it creates the file: one copied in keeps its own.
        await chmod(this.file, 0o600);
        await handle.appendFile(JSON.stringify(line) + '\n', 'utf8');
      } finally {
        await handle.close();
      }
      return { notifier: 'file', messageId: line.id };
    });
  }
}
