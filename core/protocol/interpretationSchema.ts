// The interpreter's language pair as HTTP bodies take it (AddParticipantBody, UpdateParticipantBody):
// two known ISO 639-1 codes (interpretation.ts), different from each other.
import { z } from 'zod';
import { LANGUAGE_CODES, type LanguageCode, type LanguagePair as Pair } from './interpretation.js';

export const LanguageCodeSchema = z.enum(LANGUAGE_CODES as [LanguageCode, ...LanguageCode[]], {
  error: () => `not a known language: one of ${LANGUAGE_CODES.join(', ')}`,
});

export const LanguagePair = z
  .object({ from: LanguageCodeSchema, to: LanguageCodeSchema })
  .strict()
  .refine((p) => p.from !== p.to, { message: 'an interpreter works between two different languages', path: ['to'] });
export type LanguagePair = Pair;

/** Only an interpreter has a language pair. */
export const LANGUAGES_ONLY_FOR_INTERPRETERS = 'languages are set only for an interpreter';
