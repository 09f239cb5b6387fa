// What the courtroom TV shows, as the judge chooses it (signaling `display.setLayout`): the active
// speaker large (the default), everyone equal, or one chosen participant large (the defendant,
// or whoever shares the evidence on screen). Shared by the server and the client.
import { z } from 'zod';

export const DISPLAY_MODES = ['speaker', 'grid', 'participant'] as const;

export const DisplayLayout = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('speaker') }).strict(),
  z.object({ mode: z.literal('grid') }).strict(),
  z.object({ mode: z.literal('participant'), participantId: z.string().min(1).max(64) }).strict(),
]);
export type DisplayLayout = z.infer<typeof DisplayLayout>;

export const DEFAULT_DISPLAY_LAYOUT: DisplayLayout = { mode: 'speaker' };
