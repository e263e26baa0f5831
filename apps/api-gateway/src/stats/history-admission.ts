import { HistoryAdmissionError, HistoryAdmissionErrorCode } from '../http/history-admission.error';
import { PageTurns, type EndTurn } from './page-turns';

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
  /** A request refused at once (slots and queue full) gets its refusal after this long, ms; 0 answers at once. */
  refusalDelayMs: number;
  /** Most refusals held back at once; beyond it a refusal is answered at once. */
  refusalsHeld: number;
  /** Pages of streamed answers read and encoded at once, across every answer being streamed. */
  pagesAtOnce: number;
}

/** Frees an admitted read's slot; calling it again does nothing. */
export type ReleaseSlot = () => void;

/** Cancels a held refusal (its client left): it is then never answered, and no longer counts as held. */
export type CancelRefusal = () => void;

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
 *
 * Such a refusal is answered only after `refusalDelayMs` (at most `refusalsHeld` held at once,
 * beyond that at once): refusing is cheap, but clients that ignore `Retry-After` and ask again at
 * once would otherwise turn every connection into thousands of requests a second, and answering
 * them would take the event loop from the answers that can be given (measured: 200 such clients
 * made 3,300 refusals/s, a cached answer's p99 165 ms). Held, each connection costs one request per
 * delay; holding costs a timer, on a connection that exists anyway.
 */
export class HistoryAdmission {
  private readonly small: ReadSlots;
  private readonly large: ReadSlots;
  private heldRefusals = 0;
  private readonly turns: PageTurns;

  constructor(private readonly options: HistoryAdmissionOptions) {
    this.turns = new PageTurns(options.pagesAtOnce);
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
   * The `OVER_BUDGET` error of a query of `windows × types` cells beyond the budget, else undefined;
   * `parameter` names what the caller should reduce (`last`, `from`, `count`).
   */
  overBudget(windows: number, types: number, parameter: string): HistoryAdmissionError | undefined {
    const cells = windows * types;
    if (cells <= this.options.maxCells) {
      return undefined;
    }
    return new HistoryAdmissionError(
      HistoryAdmissionErrorCode.OverBudget,
      `${parameter}: the query asks for ${Number.isFinite(cells) ? cells : 'too many'} cells (${Number.isFinite(windows) ? windows : 'too many'} windows × ${types} type${types === 1 ? '' : 's'}), more than the maximum of ${this.options.maxCells} (MAX_HISTORY_CELLS); ask for fewer windows or types`,
    );
  }

  /** Resolves a streamed answer's turn at reading and encoding its next page (see {@link PageTurns}). */
  pageTurn(): Promise<EndTurn> {
    return this.turns.take();
  }

  /** Page turns taken and waiting. */
  get pageTurns(): { taken: number; waiting: number } {
    return this.turns.state;
  }

  /** Refusals held back now (see {@link deferRefusal}). */
  get held(): number {
    return this.heldRefusals;
  }

  /**
   * Resolves a slot's release in the lane of a read of `cells` cells; rejects with `OVERLOADED` when
   * the wait times out, or (after the refusal delay) when the lane's slots and queue are full.
   */
  acquire(cells: number): Promise<ReleaseSlot> {
    const lane = cells <= this.options.pageCells ? this.small : this.large;
    const refusal = lane.refusal();
    if (refusal === undefined) {
      return lane.acquire();
    }
    return new Promise<ReleaseSlot>((_resolve, reject) => {
      this.deferRefusal(() => reject(refusal));
    });
  }

  /**
   * Calls `answer` (which sends a refusal) after the refusal delay, or at once when the delay is 0 or
   * `refusalsHeld` refusals are held already. The returned function cancels it (e.g. the client left).
   */
  deferRefusal(answer: () => void): CancelRefusal {
    if (this.options.refusalDelayMs <= 0 || this.heldRefusals >= this.options.refusalsHeld) {
      answer();
      return () => undefined;
    }
    this.heldRefusals += 1;
    let pending = true;
    const settle = (): boolean => {
      if (!pending) {
        return false;
      }
      pending = false;
      this.heldRefusals -= 1;
      clearTimeout(timer);
      return true;
    };
    const timer = setTimeout(() => {
      if (settle()) {
        answer();
      }
    }, this.options.refusalDelayMs);
    // A shutdown does not wait for held refusals.
    timer.unref();
    return () => {
      settle();
    };
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
