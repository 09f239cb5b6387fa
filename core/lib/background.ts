// Work started and not awaited. In Node 20 a rejection nobody handles ends the process, so every
// fire-and-forget promise in the server goes through here: a failure is logged, never fatal.
export function background(work: Promise<unknown>, what: string): void {
  work.catch((error: unknown) => console.error(`[vcourt] ${what}:`, error));
}
