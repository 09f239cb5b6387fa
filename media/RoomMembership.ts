// Which room of the hearing each participant's media belongs to (core/protocol/rooms.ts), as the
// domain placed them; absent: the courtroom. Kept apart from the peers so that a reconnection stays
// where it was. All rooms share the hearing's one router: HearingRoom asks here before it lets a
// consumer exist, and closes the ones a placement makes cross rooms.
import type { RoomPlacement } from '../core/hearing/ports.js';
import { PermissionDeniedError } from '../core/hearing/errors.js';
import { COURTROOM, roomCarriesMedia, type RoomId } from '../core/protocol/rooms.js';

export class RoomMembership {
  readonly #rooms = new Map<string, RoomId>();

  roomOf(participantId: string): RoomId {
    return this.#rooms.get(participantId) ?? COURTROOM;
  }

  /** Places everyone at once; answers who actually changed room, and where to. */
  place(placements: readonly RoomPlacement[]): Map<string, RoomId> {
    const moved = new Map<string, RoomId>();
    for (const { participantId, room } of placements) {
      if (this.roomOf(participantId) === room) continue;
      if (room === COURTROOM) this.#rooms.delete(participantId);
      else this.#rooms.set(participantId, room);
      moved.set(participantId, room);
    }
    return moved;
  }

  /** Whether two participants receive each other's media: the same room, and not the witness room (each witness waits alone). */
  shareMedia(a: string, b: string): boolean {
    const room = this.roomOf(a);
    return room === this.roomOf(b) && roomCarriesMedia(room);
  }

  /** Refuses a consumer of `ownerId`'s media for `participantId` across rooms. */
  ensureShared(participantId: string, ownerId: string): void {
    if (!this.shareMedia(participantId, ownerId)) throw new PermissionDeniedError('That media belongs to another room of the hearing');
  }
}
