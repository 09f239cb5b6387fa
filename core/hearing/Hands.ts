// Raised hands: who asks for the floor, in the order they asked. Live only (a restart forgets the
// queue; the bench asks again), but each raise and lower is audited, so the minutes list them with
// their times. The bench sees the whole queue; everyone else sees only their own hand.
import type { HandView } from '../protocol/chat.js';
import type { Notification } from '../protocol/signaling.js';
import type { HearingContext } from './HearingContext.js';
import { can } from './permissions.js';
import type { ParticipantRecord, ParticipantRef } from './types.js';

/** Why a hand came down without its owner or the judge lowering it. */
export type HandDeparture = 'left' | 'removed';

export class Hands {
  /** Per hearing, in raise order. */
  readonly #queues = new Map<string, HandView[]>();

  constructor(private readonly h: HearingContext) {}

  /** Raising a hand that is already up keeps its place (and its waiting time). */
  raise(ref: ParticipantRef): Promise<void> {
    const { h } = this;
    return h.run(ref.hearingId, async () => {
      const { hearing, self } = await h.loadPresent(ref, 'raiseHand');
      h.ensureNotEnded(hearing);
      const queue = this.#queue(hearing.id);
      if (queue.some((x) => x.participantId === self.id)) return;
      const at = h.now();
      await h.audit.append(hearing.id, h.actor(self), 'hand.raised', { participantId: self.id }, at);
      queue.push({ participantId: self.id, raisedAt: at });
      await this.#tell(hearing.id, self.id);
    });
  }

  /** Lowers the asker's own hand, or (the presiding judge) anyone's. A hand already down: nothing to do. */
  lower(ref: ParticipantRef, targetId: string = ref.participantId): Promise<void> {
    const { h } = this;
    return h.run(ref.hearingId, async () => {
      const own = targetId === ref.participantId;
      const { hearing, self } = await h.loadPresent(ref, own ? 'raiseHand' : 'lowerHands');
      h.ensureNotEnded(hearing);
      const target = own ? self : await h.target(hearing.id, targetId);
      await this.#take(hearing.id, target, own ? 'own' : 'judge', self);
    });
  }

  /**
   * The owner is no longer in the hearing (left, removed): their hand comes down, audited as the
   * system's act. Called on the hearing's queue, from the announcement of their new status.
   */
  async departed(hearingId: string, participantId: string, cause: HandDeparture): Promise<void> {
    const p = await this.h.store.participants.get(participantId);
    if (p) await this.#take(hearingId, p, cause, null);
  }

  /** The hearing ended: no queue any more (the end is in the record; the hands need no line each). */
  forget(hearingId: string): void {
    this.#queues.delete(hearingId);
  }

  /** The hands `viewer` may see: the whole queue for the bench, their own hand for anyone else. */
  visibleTo(hearingId: string, viewer: ParticipantRecord): HandView[] {
    const queue = this.#queues.get(hearingId) ?? [];
    return can(viewer.role, 'viewHands') ? [...queue] : queue.filter((x) => x.participantId === viewer.id);
  }

  async #take(
    hearingId: string,
    target: ParticipantRecord,
    cause: 'own' | 'judge' | HandDeparture,
    by: ParticipantRecord | null,
  ): Promise<void> {
    const { h } = this;
    const queue = this.#queues.get(hearingId);
    const index = queue?.findIndex((x) => x.participantId === target.id) ?? -1;
    if (!queue || index === -1) return;
    await h.audit.append(hearingId, by ? h.actor(by) : { kind: 'system' }, 'hand.lowered', { participantId: target.id, cause });
    queue.splice(index, 1);
    await this.#tell(hearingId, target.id);
  }

  /** The bench gets the whole queue; the owner their own hand (or none). */
  async #tell(hearingId: string, ownerId: string): Promise<void> {
    const queue = this.#queues.get(hearingId) ?? [];
    const whole: Notification = { type: 'hand.queue', hands: [...queue] };
    this.h.notify(hearingId, 'bench', whole);
    const owner = await this.h.store.participants.get(ownerId);
    if (owner && !can(owner.role, 'viewHands')) {
      this.h.notify(hearingId, { participantId: ownerId }, { type: 'hand.queue', hands: queue.filter((x) => x.participantId === ownerId) });
    }
  }

  #queue(hearingId: string): HandView[] {
    let queue = this.#queues.get(hearingId);
    if (!queue) this.#queues.set(hearingId, (queue = []));
    return queue;
  }
}
