import { watch, type FSWatcher } from 'node:fs';

/**
 * Sleeps until something changes in a directory (fs.watch) or a poll interval passes, whichever
 * comes first. When fs.watch is unavailable (inotify limits, odd file systems) it only polls.
 */
export class ChangeWaiter {
  private watcher: FSWatcher | null = null;
  private broken: boolean;
  private wakeUp: (() => void) | null = null;
  private closed = false;
  private interrupted = false;

  constructor(
    private readonly dir: string,
    /** Whether an event for this file name should wake the waiter (null: name unknown). */
    private readonly relevant: (name: string | null) => boolean,
    private readonly onFailure: (message: string) => void,
    useWatch = true,
  ) {
    this.broken = !useWatch;
  }

  /**
   * Resolves after `ms`, on a relevant change, on {@link wake} or at once after {@link close}; with
   * true when it ended by {@link interrupt} (also one that came while nobody waited).
   */
  wait(ms: number): Promise<boolean> {
    this.ensureWatcher();
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.wake(), ms);
      this.wakeUp = () => {
        clearTimeout(timer);
        const interrupted = this.interrupted;
        this.interrupted = false;
        resolve(interrupted);
      };
      if (this.closed || this.interrupted) {
        this.wake();
      }
    });
  }

  /** Ends the current (or the next) wait with true: the reader has something else to do. */
  interrupt(): void {
    this.interrupted = true;
    this.wake();
  }

  /** Ends the current wait. */
  wake(): void {
    const wake = this.wakeUp;
    this.wakeUp = null;
    wake?.();
  }

  close(): void {
    this.closed = true;
    this.watcher?.close();
    this.watcher = null;
    this.wake();
  }

  private ensureWatcher(): void {
    if (this.watcher !== null || this.broken || this.closed) {
      return;
    }
    try {
      this.watcher = watch(this.dir, { persistent: false }, (_event, name) => {
        if (this.relevant(name)) {
          this.wake();
        }
      });
      this.watcher.on('error', (error: Error) => this.fail(error.message));
    } catch (error) {
      // A missing directory is retried on the next wait; anything else means polling only.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        this.fail((error as Error).message);
      }
    }
  }

  private fail(message: string): void {
    this.watcher?.close();
    this.watcher = null;
    this.broken = true;
    this.onFailure(message);
  }
}
