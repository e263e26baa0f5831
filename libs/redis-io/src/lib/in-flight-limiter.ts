/**
 * A FIFO counting semaphore: at most `limit` holders; waiters are served in arrival order, and a
 * newcomer never overtakes a waiter (so writes leave in the order they were asked for).
 */
export class InFlightLimiter {
  private active = 0;
  private readonly waiters: (() => void)[] = [];
  private readonly releaseListeners: (() => void)[] = [];

  constructor(readonly limit: number) {}

  /** Current holders. */
  get inFlight(): number {
    return this.active;
  }

  /** Callers waiting for a slot. */
  get queued(): number {
    return this.waiters.length;
  }

  /** True when a new {@link acquire} would get a slot at once. */
  get available(): boolean {
    return this.active < this.limit && this.waiters.length === 0;
  }

  /** Takes a slot synchronously if one is free (and nobody waits); false otherwise. */
  tryAcquire(): boolean {
    if (!this.available) {
      return false;
    }
    this.active += 1;
    return true;
  }

  /** Resolves holding a slot. */
  acquire(): Promise<void> {
    if (this.tryAcquire()) {
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Gives a slot back (to the first waiter, if any). */
  release(): void {
    const next = this.waiters.shift();
    if (next === undefined) {
      this.active -= 1;
    } else {
      next();
    }
    const listeners = this.releaseListeners.splice(0);
    for (const listener of listeners) {
      listener();
    }
  }

  /** Resolves when {@link available} is true. */
  async whenAvailable(): Promise<void> {
    while (!this.available) {
      await new Promise<void>((resolve) => this.releaseListeners.push(resolve));
    }
  }
}
