// What the media layer reports (MediaRoomPort's listener), turned into notifications for the
// hearing and, for the events the record must keep, audit events. HearingService hands them over
// one at a time per hearing, so that they are told in the order the media layer reported them.
import type { MediaEvent } from './ports.js';
import type { HearingContext } from './HearingContext.js';
import { COURTROOM } from './rooms.js';
import { roomCarriesMedia } from '../protocol/rooms.js';
import { producerView } from './views.js';

export async function onMediaEvent(h: HearingContext, e: MediaEvent): Promise<void> {
  switch (e.type) {
    // A producer is told only to its own room (rooms.ts), and never in the witness room, where
    // nobody receives anything; a close to everyone, who drop what they hold of it.
    case 'producerAdded': {
      const room = await h.roomOf(e.producer.participantId);
      if (!roomCarriesMedia(room)) return;
      return h.notifyRoom(e.hearingId, room, {
        type: 'media.producerAdded',
        producer: producerView(e.producer),
      });
    }
    case 'producerClosed':
      return h.notify(e.hearingId, 'admitted', { type: 'media.producerClosed', producerId: e.producerId });
    case 'producerPaused': {
      const room = await h.roomOf(e.participantId);
      if (!roomCarriesMedia(room)) return;
      return h.notifyRoom(e.hearingId, room, {
        type: 'media.producerPaused',
        producerId: e.producerId,
        paused: e.paused,
      });
    }
    case 'consumerClosed':
      return h.notify(e.hearingId, { participantId: e.participantId }, { type: 'media.consumerClosed', consumerId: e.consumerId });
    case 'consumerHeld':
      return h.notify(
        e.hearingId,
        { participantId: e.participantId },
        { type: 'media.consumerHeld', consumerId: e.consumerId, held: e.held },
      );
    case 'activeSpeaker':
      // Who speaks in a side room is not the courtroom's business.
      if (e.participantId && (await h.roomOf(e.participantId)) !== COURTROOM) return;
      return h.notify(e.hearingId, 'admitted', { type: 'media.activeSpeaker', participantId: e.participantId });
    case 'peerMoved':
      return; // RoomCommands told everyone concerned already.
    case 'roomReset':
      await h.audit.append(e.hearingId, { kind: 'system' }, 'media.reset', { reason: e.reason });
      return h.notify(e.hearingId, 'admitted', { type: 'media.reset' });
    case 'mediaLink': {
      // Signaling may stay up while media is gone: the bench sees it, and it goes into the minutes.
      const type = e.state === 'lost' ? 'participant.media_lost' : 'participant.media_back';
      await h.audit.append(e.hearingId, { kind: 'system' }, type, { participantId: e.participantId });
      return h.notify(e.hearingId, 'bench', { type: 'participant.media', participantId: e.participantId, state: e.state, at: h.now() });
    }
    case 'linkStats':
      return h.quality.sample(e.hearingId, e.samples);
    case 'mediaUnavailable':
      // Staff read the server log; the bench learns why someone has no media.
      return h.notify(e.hearingId, 'bench', { type: 'media.alert', cause: e.cause, participantId: e.participantId, at: h.now() });
  }
}
