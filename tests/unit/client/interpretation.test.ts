// What a listener hears (client/src/core/interpretation.ts): the floor at full level by default; an
// interpretation channel at full level with the floor ducked underneath; an interpreter always the floor.
import { describe, expect, it } from 'vitest';
import { DUCKED_GAIN, effectiveChoice, gainFor, gainsFor, interpretationChannels } from '../../../client/src/core/interpretation.js';
import type { ParticipantView, Role } from '../../../core/protocol/model.js';
import { participantView } from '../../support/participantView.js';

const person = (id: string, role: Role, status: ParticipantView['status'] = 'admitted'): ParticipantView =>
  participantView(id, role, { status });

const judge = person('judge', 'judge');
const defendant = person('def', 'defendant');
const interpreterEn = person('int-en', 'interpreter');
const interpreterKm = person('int-km', 'interpreter');
const everyone = [judge, defendant, interpreterEn, interpreterKm];

describe('interpretationChannels()', () => {
  it("are the hearing's other admitted interpreters", () => {
    expect(interpretationChannels(everyone, 'def').map((p) => p.id)).toEqual(['int-en', 'int-km']);
    expect(interpretationChannels(everyone, 'int-en').map((p) => p.id)).toEqual(['int-km']);
    expect(interpretationChannels([judge, person('waiting', 'interpreter', 'lobby')], 'def')).toEqual([]);
  });
});

describe('effectiveChoice()', () => {
  it('is the floor until a channel is chosen, then that channel', () => {
    expect(effectiveChoice(null, everyone, defendant)).toBeNull();
    expect(effectiveChoice('int-en', everyone, defendant)).toBe('int-en');
  });

  it('falls back to the floor when the chosen interpreter has left or is not an interpreter', () => {
    expect(effectiveChoice('int-en', [judge, defendant, interpreterKm], defendant)).toBeNull();
    expect(effectiveChoice('judge', everyone, defendant)).toBeNull();
  });

  it('stays the floor for an interpreter, whatever was chosen', () => {
    expect(effectiveChoice('int-km', everyone, interpreterEn)).toBeNull();
  });
});

describe('gainFor()', () => {
  it('plays everyone at full level on the floor', () => {
    expect(gainsFor(['judge', 'int-en', 'int-km'], null)).toEqual({ judge: 1, 'int-en': 1, 'int-km': 1 });
  });

  it('plays the chosen interpreter at full level and everyone else ducked', () => {
    expect(gainFor('int-en', 'int-en')).toBe(1);
    expect(gainFor('judge', 'int-en')).toBe(DUCKED_GAIN);
    expect(gainsFor(['judge', 'int-en', 'int-km'], 'int-en')).toEqual({ judge: DUCKED_GAIN, 'int-en': 1, 'int-km': DUCKED_GAIN });
  });

  it('ducks the floor audibly, not to silence', () => {
    expect(DUCKED_GAIN).toBeGreaterThan(0);
    expect(DUCKED_GAIN).toBeLessThan(0.5);
  });
});
