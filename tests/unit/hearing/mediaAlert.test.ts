// An exhausted media port range is reported by the SFU adapter (media/HearingRoom.ts) as a
// mediaUnavailable event; the domain tells the hearing's bench, and no one else.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeDomain, type Domain } from '../../support/domain.js';

let d: Domain;
beforeEach(async () => {
  d = await makeDomain();
});
afterEach(() => d.close());

describe('HearingService and media the server cannot set up', () => {
  it('tells the bench (media.alert with the participant and the cause)', async () => {
    await d.seat('defendant');
    d.media.emit({ type: 'mediaUnavailable', hearingId: d.hearing.id, participantId: d.people.defendant.id, cause: 'ports_exhausted' });
    await d.mediaSettled();
    expect(d.notifications.at(-1)).toMatchObject({
      hearingId: d.hearing.id,
      audience: 'bench',
      notification: { type: 'media.alert', cause: 'ports_exhausted', participantId: d.people.defendant.id, at: expect.any(String) },
    });
  });
});
