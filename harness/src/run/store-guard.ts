/**
 * The embedded store, watched over a run. If it dies (a crash, `kill -9`), the iteration in
 * flight fails with "store died", the store is restarted on the same data dir and ports (what it
 * had acknowledged is there again), and the run goes on. An external store is not ours to
 * restart: losing it stops the run, as before.
 */
import type { EmbeddedStore, StoreHandle } from '../store/index.js';

export type RunStore = StoreHandle & { pid?: number };

const isEmbedded = (store: RunStore): store is EmbeddedStore => store.kind === 'embedded' && 'restart' in store;

export class StoreGuard {
  private deaths = 0;

  /** `restartable`: the run started this store (one handed in by a caller stays the caller's). */
  constructor(
    public current: RunStore,
    private readonly restartable: boolean,
  ) {}

  /** Is the store dead right now? (Its exit is noticed as soon as the process ends.) */
  private dead(): string | null {
    return isEmbedded(this.current) ? this.current.exitReason() : null;
  }

  /**
   * After an iteration (and before the next): null if the store is alive; otherwise why it died,
   * after restarting it. The caller fails the iteration in flight with that reason.
   */
  async recover(): Promise<string | null> {
    const reason = this.dead();
    if (reason === null || !this.restartable || !isEmbedded(this.current)) return null;
    this.deaths++;
    this.current = await this.current.restart();
    return `store died: ${this.current.name} ${reason}; restarted on the same data (restart ${this.deaths})`;
  }

  stop(): Promise<void> {
    return this.current.stop();
  }
}
