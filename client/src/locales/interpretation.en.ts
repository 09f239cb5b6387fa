// The interpretation channel in English: the same keys as interpretation.vi.ts (the type checker enforces it).
import type { interpretationVi } from './interpretation.vi.js';

export const interpretationEn: Record<keyof typeof interpretationVi, string> = {
  'interpretation.listen': 'Listen to',
  'interpretation.floor': 'The courtroom',
  'interpretation.channel': 'Interpretation: {name}',
  'interpretation.note': 'The courtroom is turned down while you listen to the interpretation.',
  'interpretation.from': 'Interprets from',
  'interpretation.to': 'Into',
  'interpretation.pickLanguage': '— Choose a language —',
};
