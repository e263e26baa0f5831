import { HistoryAdmissionError, HistoryAdmissionErrorCode } from './history-admission.error';

/** Limits of a {@link HistoryAdmission}. */
export interface HistoryAdmissionOptions {
  /** Most cells (windows × types) one request may ask for. */
  maxCells: number;
  /** Most reads holding a slot at once. */
  concurrency: number;
  /** Most reads waiting for a slot. */
  queue: number;
  /** Longest wait for a slot, ms. */
  queueTimeoutMs: number;
}

/** Frees an admitted read's slot; calling it again does nothing. */
export type ReleaseSlot = () => void;

interface Waiter {
  grant: (release: ReleaseSlot) => void;
  timer: NodeJS.Timeout;
}

/**
 * Admission control of uncached history reads, shared by REST and socket history: a per-request
 * cost budget, then at most `concurrency` reads at once, at most `queue` more waiting (first come,
 * first served) for at most `queueTimeoutMs`; anything beyond is refused with `OVERLOADED` at once
 * instead of piling up work and memory.
 */
export class HistoryAdmission {
  private running = 0;
  private readonly waiting: Waiter[] = [];
  private refused = 0;

  constructor(private readonly options: HistoryAdmissionOptions) {}

  /** Reads holding a slot, reads waiting, and requests refused as overloaded so far. */
  get state(): { running: number; waiting: number; refused: number } {
    return { running: this.running, waiting: this.waiting.length, refused: this.refused };
  }

  /** Seconds a refused client should wait before retrying. */
  get retryAfterSeconds(): number {
    return Math.max(1, Math.ceil(this.options.queueTimeoutMs / 1000));
  }

  /**
   * Throws `OVER_BUDGET` when `windows × types` exceeds the budget; `parameter` names what the
   * caller should reduce (`last`, `from`, `count`).
   */
  checkBudget(windows: number, types: number, parameter: string): void {
    const cells = windows * types;
    if (cells > this.options.maxCells) {
      throw new HistoryAdmissionError(
        HistoryAdmissionErrorCode.OverBudget,
        `${parameter}: the query asks for ${Number.isFinite(cells) ? cells : 'too many'} cells (${Number.isFinite(windows) ? windows : 'too many'} windows × ${types} types), more than the maximum of ${this.options.maxCells} (MAX_HISTORY_CELLS); ask for fewer windows or types`,
      );
    }
  }

  /** Resolves a slot's release once admitted; rejects with `OVERLOADED` when the queue is full or the wait times out. */
  acquire(): Promise<ReleaseSlot> {
    if (this.running < this.options.concurrency) {
      this.running += 1;
      return Promise.resolve(this.releaser());
    }
    if (this.waiting.length >= this.options.queue) {
      return Promise.reject(this.overloaded('every history read slot is busy'));
    }
    return new Promise<ReleaseSlot>((resolve, reject) => {
      const waiter: Waiter = {
        grant: resolve,
        timer: setTimeout(() => {
          const at = this.waiting.indexOf(waiter);
          if (at >= 0) {
            this.waiting.splice(at, 1);
          }
          reject(this.overloaded(`no history read slot freed within ${this.options.queueTimeoutMs} ms`));
        }, this.options.queueTimeoutMs),
      };
      this.waiting.push(waiter);
    });
  }

  /** Runs `read` in a slot. */
  async run<T>(read: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await read();
    } finally {
      release();
    }
  }

  private releaser(): ReleaseSlot {
    let released = false;
    return () => {
      if (released) {
        return;
      }
      released = true;
      const next = this.waiting.shift();
      if (next === undefined) {
        this.running -= 1;
        return;
      }
      clearTimeout(next.timer);
      next.grant(this.releaser());
    };
  }

  private overloaded(why: string): HistoryAdmissionError {
    this.refused += 1;
    return new HistoryAdmissionError(HistoryAdmissionErrorCode.Overloaded, `history: overloaded (${why}); retry after ${this.retryAfterSeconds} s`, this.retryAfterSeconds);
  }
}
