// One mediasoup worker per core. A worker that dies is an event, not an exit: the pool replaces it
// and tells its owner, who rebuilds the hearings that lived on it.
import * as mediasoup from 'mediasoup';
import type { types } from 'mediasoup';
import { TypedEmitter } from '../core/lib/TypedEmitter.js';
import type { MediaConfig } from './MediaConfig.js';

export type WorkerPoolEvents = {
  workerDied: [worker: types.Worker, error: Error];
  workerAdded: [worker: types.Worker];
};

export class WorkerPool extends TypedEmitter<WorkerPoolEvents> {
  readonly #workers: types.Worker[] = [];
  /** Replacements being started for workers that died. */
  readonly #replacing = new Set<Promise<types.Worker>>();
  /** Routers each worker holds: its load, when a hearing's edge router is placed (pickOther). */
  readonly #routers = new WeakMap<types.Worker, number>();
  #next = 0;
  #closed = false;

  private constructor(private readonly config: MediaConfig) {
    super();
  }

  static async create(config: MediaConfig): Promise<WorkerPool> {
    const pool = new WorkerPool(config);
    await Promise.all(Array.from({ length: Math.max(1, config.workers) }, () => pool.#spawn()));
    return pool;
  }

  get workers(): readonly types.Worker[] {
    return this.#workers;
  }

  /** The worker for a new router: round robin over the live workers. */
  pick(): types.Worker {
    const live = this.#workers.filter((w) => !w.died && !w.closed);
    if (live.length === 0) throw new Error('No mediasoup worker is running');
    const worker = live[this.#next++ % live.length]!; // live is not empty
    return worker;
  }

  /**
   * A live worker other than `exclude` (a hearing's origin and its edges' workers), the one
   * holding the fewest routers; undefined when there is none.
   */
  pickOther(exclude: readonly types.Worker[]): types.Worker | undefined {
    const load = (w: types.Worker) => this.#routers.get(w) ?? 0;
    const free = this.#workers.filter((w) => !w.died && !w.closed && !exclude.includes(w));
    return free.sort((a, b) => load(a) - load(b))[0];
  }

  /**
   * Like pick(), but when every worker has just died it waits for a replacement instead of
   * failing: clients rebuild their media the moment they hear of the reset.
   */
  async acquire(): Promise<types.Worker> {
    const live = this.#workers.some((w) => !w.died && !w.closed);
    if (!live && this.#replacing.size > 0) await Promise.any(this.#replacing).catch(() => undefined);
    return this.pick();
  }

  async #spawn(): Promise<types.Worker> {
    const worker = await mediasoup.createWorker({ logLevel: this.config.logLevel });
    worker.on('died', (error) => this.#onDied(worker, error));
    worker.observer.on('newrouter', (router) => {
      this.#routers.set(worker, (this.#routers.get(worker) ?? 0) + 1);
      router.observer.once('close', () => this.#routers.set(worker, (this.#routers.get(worker) ?? 1) - 1));
    });
    this.#workers.push(worker);
    this.safeEmit('workerAdded', worker);
    return worker;
  }

  #onDied(worker: types.Worker, error: Error): void {
    console.error(`[media] mediasoup worker ${worker.pid} died: ${error.message}; replacing it`);
    const i = this.#workers.indexOf(worker);
    if (i >= 0) this.#workers.splice(i, 1);
    this.safeEmit('workerDied', worker, error);
    if (this.#closed) return;
    const replacement = this.#spawn();
    this.#replacing.add(replacement);
    replacement
      .catch((e) => console.error('[media] could not replace the mediasoup worker:', e))
      .finally(() => this.#replacing.delete(replacement));
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const w of this.#workers.splice(0)) w.close();
  }
}
