/** Ends a page's turn; calling it again does nothing. */
export type EndTurn = () => void;

/**
 * Turns of streamed history answers at reading and encoding a page: at most `atOnce` pages at a time
 * across every answer being streamed, the others waiting in order (first come, first served). A
 * turn handed on starts in a later event-loop iteration (`setImmediate`), so requests and socket
 * events that arrived meanwhile are handled between two pages: however many answers are streamed,
 * other requests wait for at most `atOnce` pages of work, not one page per answer. Waiters are
 * bounded by the answers admitted at once (the large lane's slots), so the queue needs no limit of
 * its own. An answer waiting for its client (a full send buffer) holds no turn.
 */
export class PageTurns {
  private taken = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly atOnce: number) {}

  /** Turns taken and waiting now. */
  get state(): { taken: number; waiting: number } {
    return { taken: this.taken, waiting: this.waiting.length };
  }

  /** Resolves when a turn is free; the turn lasts until the returned function is called. */
  take(): Promise<EndTurn> {
    if (this.taken < this.atOnce) {
      this.taken += 1;
      return Promise.resolve(this.ender());
    }
    return new Promise<EndTurn>((resolve) => this.waiting.push(() => resolve(this.ender())));
  }

  private ender(): EndTurn {
    let ended = false;
    return () => {
      if (ended) {
        return;
      }
      ended = true;
      // Handed on (or freed) after the I/O that arrived during this page has been polled.
      setImmediate(() => {
        const next = this.waiting.shift();
        if (next === undefined) {
          this.taken -= 1;
        } else {
          next();
        }
      });
    };
  }
}
