// The clerk's workspace over the hearing domain of tests/support/domain.ts: its edits, calendar and
// invitations, wired as server/main.ts wires them, with a fake notifier (email and SMS cannot be
// sent from a test) that keeps what it was given and can be told to refuse.
import { Calendar } from '../../../core/hearing/Calendar.js';
import { CaseFileEdits } from '../../../core/hearing/CaseFileEdits.js';
import { UnavailableError } from '../../../core/hearing/errors.js';
import { Invitations } from '../../../core/hearing/Invitations.js';
import type { DeliveryReceipt, InvitationMessage, Notifier } from '../../../core/hearing/ports.js';
import { makeDomain } from '../../support/domain.js';

/** Fake: takes every message (or refuses while `down`), and keeps them. */
export class FakeNotifier implements Notifier {
  readonly sent: InvitationMessage[] = [];
  down = false;
  send(message: InvitationMessage): Promise<DeliveryReceipt> {
    if (this.down) return Promise.reject(new UnavailableError('the mail server is down'));
    this.sent.push(message);
    return Promise.resolve({ notifier: 'fake', messageId: `m-${this.sent.length}` });
  }
}

export async function makeWorkspace() {
  const d = await makeDomain();
  const isConnected = (id: string) => d.service.isConnected(id);
  const notifier = new FakeNotifier();
  const edits = new CaseFileEdits(d.store, d.clock, d.caseFile, isConnected);
  const calendar = new Calendar(d.store, d.clock, d.caseFile, isConnected);
  const invitations = new Invitations({
    store: d.store,
    clock: d.clock,
    caseFile: d.caseFile,
    issuer: d.issuer,
    notifier,
    linkOf: (token) => `https://toaan.example.vn/join#${token}`,
  });
  return { ...d, notifier, edits, calendar, invitations };
}

export type Workspace = Awaited<ReturnType<typeof makeWorkspace>>;
