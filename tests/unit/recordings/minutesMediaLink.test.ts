// A participant's media lost and back (participant.media_lost / media_back, written by
// HearingService from the SFU's mediaLink events) appear in the minutes' course of the hearing,
// Vietnamese first, with the participant's name.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeDomain, type Domain } from '../../support/domain.js';
import { minutesOf } from '../../support/minutes.js';

let d: Domain;
beforeEach(async () => {
  d = await makeDomain();
  await d.seat('judge', 'defendant');
});
afterEach(() => d.close());

describe('the minutes and a media outage', () => {
  it('list the loss and the return, named', async () => {
    const participantId = d.people.defendant.id;
    d.media.emit({ type: 'mediaLink', hearingId: d.hearing.id, participantId, state: 'lost' });
    d.media.emit({ type: 'mediaLink', hearingId: d.hearing.id, participantId, state: 'back' });
    await d.mediaSettled();
    const html = await minutesOf(d);
    const name = (await d.store.participants.get(participantId))!.displayName;
    expect(html).toMatch(new RegExp(`${name}[^]*Mất kết nối hình/tiếng<span class="en">Media lost`));
    expect(html).toContain('Có lại hình/tiếng<span class="en">Media back');
  });
});
