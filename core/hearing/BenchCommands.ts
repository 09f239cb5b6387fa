// The presiding judge's powers over a live hearing: muting, removal, the procedure's transitions,
// and what the courtroom TV shows. Guards first (role, presence, state), then one transaction with
// its audit event, then the announcements.
import type { HearingState, MediaKind, TransitionAction } from '../protocol/model.js';
import type { DisplayLayout } from '../protocol/display.js';
import { InvalidStateError } from './errors.js';
import type { HearingContext } from './HearingContext.js';
import { nextState } from './transitions.js';
import { transitionMoves } from './deliberation.js';
import type { RoomCommands } from './RoomCommands.js';
import type { ParticipantRef } from './types.js';

export class BenchCommands {
  constructor(
    private readonly h: HearingContext,
    private readonly rooms: RoomCommands,
  ) {}

  setForcedMute(ref: ParticipantRef, targetId: string, kind: MediaKind, muted: boolean): Promise<void> {
    const { h } = this;
    return h.run(ref.hearingId, async () => {
      const { hearing, self } = await h.loadPresent(ref, 'mute');
      h.ensureNotEnded(hearing);
      const target = await h.target(hearing.id, targetId);
      if (target.id === self.id) throw new InvalidStateError('Use your own controls to mute yourself');
      if (target.status !== 'admitted') throw new InvalidStateError(`${target.displayName} is not in the hearing`);
      const field = kind === 'audio' ? 'forcedMuteAudio' : 'forcedMuteVideo';
      if (target[field] === muted) return;
      // Pause first: if the SFU refuses, nothing is recorded as changed. Lifting a mute does not
      // switch the microphone back on; the participant does that when ready.
      if (muted) await h.media.setKindPaused(hearing.id, target.id, kind, true);
      await h.update(hearing.id, target, { [field]: muted }, muted ? 'participant.muted' : 'participant.unmuted', self, { kind });
      await h.announce(hearing.id, target.id);
    });
  }

  remove(ref: ParticipantRef, targetId: string, reason?: string): Promise<void> {
    const { h } = this;
    return h.run(ref.hearingId, async () => {
      const { hearing, self } = await h.loadPresent(ref, 'remove');
      const target = await h.target(hearing.id, targetId);
      if (target.id === self.id) throw new InvalidStateError('The presiding judge cannot remove themselves');
      if (target.status === 'removed') throw new InvalidStateError(`${target.displayName} was already removed`);
      const why = h.reasonFor('a removal', reason);
      // Revoking the invitation is what keeps the same link from getting back in.
      await h.writeDeparture(h.stays.take(target.id));
      await h.update(hearing.id, target, { status: 'removed', invitationId: null }, 'participant.removed', self, { reason: why });
      h.media.closePeer(hearing.id, target.id);
      h.notify(hearing.id, { participantId: target.id }, { type: 'removed', reason: why });
      h.presence.disconnect(target.id);
      h.evict(target.id, 'removed');
      await h.announce(hearing.id, target.id, target.status === 'admitted');
      await h.departed(hearing.id, target.id, 'removed');
    });
  }

  /** Moves the hearing through its procedure (core/protocol/procedure.ts); suspension and postponement need a reason. */
  transition(ref: ParticipantRef, action: TransitionAction, reason?: string): Promise<HearingState> {
    const { h } = this;
    return h.run(ref.hearingId, async () => {
      const { hearing, self } = await h.loadPresent(ref, 'transition');
      const { state, stage, outcome } = nextState(hearing, action, reason);
      // The lobby's held departures belong before the adjournment in the record.
      if (state === 'adjourned') for (const d of h.stays.takeAll(hearing.id)) await h.writeDeparture(d);
      const at = h.now();
      const why = reason?.trim() ? { reason: reason.trim() } : {};
      // The panel withdraws to deliberate, and comes back, with the transition itself (deliberation.ts).
      const moves = await transitionMoves(h, hearing.id, hearing.state, state);
      // Who withdrew or came back is part of the transition's own event (no room.moved each).
      const moved = moves.length > 0 ? { moved: moves.map((m) => m.participant.id) } : {};
      await h.store.transaction(async () => {
        await h.store.hearings.setState(hearing.id, state, at, stage, outcome);
        const data = { from: hearing.state, to: state, stage, outcome, ...why, ...moved };
        await h.audit.append(hearing.id, h.actor(self), `hearing.${action}`, data, at);
        await this.rooms.write(hearing.id, moves, null, at);
      });
      h.notify(hearing.id, 'everyone', { type: 'hearing.state', state, stage, outcome, action, at, ...why });
      // The recorder learns of the state first: a panel withdrawing is not a gap in the session's record.
      h.stateChanged(hearing.id, state, hearing.state);
      if (state !== 'adjourned') await this.rooms.follow(hearing.id, moves);
      if (state === 'adjourned') await this.#end(hearing.id, at);
      return state;
    });
  }

  /** The judge chooses what the courtroom TV shows; everyone (the TV included) is told. */
  setDisplayLayout(ref: ParticipantRef, layout: DisplayLayout): Promise<void> {
    const { h } = this;
    return h.run(ref.hearingId, async () => {
      const { hearing, self } = await h.loadPresent(ref, 'arrangeDisplay');
      h.ensureNotEnded(hearing);
      await h.displays.set(hearing.id, layout, h.actor(self));
      h.notify(hearing.id, 'everyone', { type: 'display.layout', layout });
    });
  }

  /** The hearing ended: everyone is told, media closed, and the live state forgotten. */
  async #end(hearingId: string, at: string): Promise<void> {
    const { h } = this;
    h.notify(hearingId, 'everyone', { type: 'hearing.ended', at });
    h.media.closeRoom(hearingId);
    h.displays.forget(hearingId);
    h.quality.forgetHearing(hearingId);
    h.ended(hearingId);
    for (const p of await h.store.participants.listByHearing(hearingId)) {
      h.checks.forget(p.id);
      if (h.presence.forget(p.id)) h.evict(p.id, 'adjourned');
    }
  }
}
