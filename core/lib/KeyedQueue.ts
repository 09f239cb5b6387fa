// Runs async tasks one at a time per key, so two commands on one hearing (two admits, an admit and
// an adjourn) never interleave. Different keys run concurrently.
import { background } from './background.js';

export class KeyedQueue {
  readonly #tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T> | T): Promise<T> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.catch(() => undefined);
    this.#tails.set(key, tail);
    background(
      tail.then(() => {
        if (this.#tails.get(key) === tail) this.#tails.delete(key);
      }),
      'keyed queue',
    );
    return result;
  }
}
