import { HistoryAdmissionError, HistoryAdmissionErrorCode } from '../http/history-admission.error';

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
  /** Reads of at most this many cells (one page) use the small lane, larger ones the large lane. */
  pageCells: number;
}

/** Frees an admitted read's slot; calling it again does nothing. */
export type ReleaseSlot = () => void;

interface Waiter {
  grant: (release: ReleaseSlot) => void;
  timer: NodeJS.Timeout;
}

/** Reads holding a slot, reads waiting, and requests refused as overloaded so far. */
export interface LaneState {
  running: number;
  waiting: number;
  refused: number;
}

/** One lane: at most `concurrency` holders, then a FIFO queue of at most `queue` waiters with a timeout. */
class ReadSlots {
  readonly state: LaneState = { running: 0, waiting: 0, refused: 0 };
  private readonly waiting: Waiter[] = [];

  constructor(
    private readonly options: HistoryAdmissionOptions,
    private readonly overloaded: (why: string) => HistoryAdmissionError,
  ) {}

  /** The refusal an acquire would get now without waiting (slots and queue full), counted; else undefined. */
  refusal(): HistoryAdmissionError | undefined {
    if (this.state.running < this.options.concurrency || this.waiting.length < this.options.queue) {
      return undefined;
    }
    this.state.refused += 1;
    return this.overloaded('every history read slot is busy');
  }

  acquire(): Promise<ReleaseSlot> {
    if (this.state.running < this.options.concurrency) {
      this.state.running += 1;
      return Promise.resolve(this.releaser());
    }
    if (this.waiting.length >= this.options.queue) {
      this.state.refused += 1;
      return Promise.reject(this.overloaded('every history read slot is busy'));
    }
    return new Promise<ReleaseSlot>((resolve, reject) => {
      const waiter: Waiter = {
        grant: resolve,
        timer: setTimeout(() => {
          this.waiting.splice(this.waiting.indexOf(waiter), 1);
          this.state.waiting = this.waiting.length;
          this.state.refused += 1;
          reject(this.overloaded(`no history read slot freed within ${this.options.queueTimeoutMs} ms`));
        }, this.options.queueTimeoutMs),
      };
      this.waiting.push(waiter);
      this.state.waiting = this.waiting.length;
    });
  }

  private releaser(): ReleaseSlot {
    let released = false;
    return () => {
      if (released) {
        return;
      }
      released = true;
      const next = this.waiting.shift();
      this.state.waiting = this.waiting.length;
      if (next === undefined) {
        this.state.running -= 1;
        return;
      }
      clearTimeout(next.timer);
      next.grant(this.releaser());
    };
  }
}

/**
 * Admission control of uncached history reads, shared by REST and socket history: a per-request
 * cost budget, then at most `concurrency` reads at once, at most `queue` more waiting (first come,
 * first served) for at most `queueTimeoutMs`; anything beyond is refused with `OVERLOADED` at once
 * instead of piling up work and memory. Reads of at most one page and larger (streamed) reads have
 * a lane each with these limits, so a flood of large queries never starves the small ones
 * dashboards make (nor the refresh of their cached answers).
 */
export class HistoryAdmission {
  private readonly small: ReadSlots;
  private readonly large: ReadSlots;

  constructor(private readonly options: HistoryAdmissionOptions) {
    const overloaded = (why: string): HistoryAdmissionError =>
      new HistoryAdmissionError(HistoryAdmissionErrorCode.Overloaded, `history: overloaded (${why}); retry after ${this.retryAfterSeconds} s`, this.retryAfterSeconds);
    this.small = new ReadSlots(options, overloaded);
    this.large = new ReadSlots(options, overloaded);
  }

  /** Both lanes summed. */
  get state(): LaneState {
    return {
      running: this.small.state.running + this.large.state.running,
      waiting: this.small.state.waiting + this.large.state.waiting,
      refused: this.small.state.refused + this.large.state.refused,
    };
  }

  /** Each lane: reads of at most one page (`small`) and larger ones (`large`). */
  get lanes(): { small: LaneState; large: LaneState } {
    return { small: { ...this.small.state }, large: { ...this.large.state } };
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
        `${parameter}: the query asks for ${Number.isFinite(cells) ? cells : 'too many'} cells (${Number.isFinite(windows) ? windows : 'too many'} windows × ${types} type${types === 1 ? '' : 's'}), more than the maximum of ${this.options.maxCells} (MAX_HISTORY_CELLS); ask for fewer windows or types`,
      );
    }
  }

  /** Resolves a slot's release in the lane of a read of `cells` cells; rejects with `OVERLOADED` when its queue is full or the wait times out. */
  acquire(cells: number): Promise<ReleaseSlot> {
    return (cells <= this.options.pageCells ? this.small : this.large).acquire();
  }

  /** The `OVERLOADED` error {@link acquire} would reject with at once for a read of `cells` cells (counted as refused), or undefined when it would run or wait. */
  refusal(cells: number): HistoryAdmissionError | undefined {
    return (cells <= this.options.pageCells ? this.small : this.large).refusal();
  }

  /** Runs `read` (of `cells` cells) in a slot. */
  async run<T>(cells: number, read: () => Promise<T>): Promise<T> {
    const release = await this.acquire(cells);
    try {
      return await read();
    } finally {
      release();
    }
  }
}
