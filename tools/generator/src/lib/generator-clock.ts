/** Time as the generator sees it; injected so tests can run the pacing without waiting. */
export interface GeneratorClock {
  /** Wall-clock time, epoch ms. */
  now(): number;
  /** Resolves after `ms`, or at once when `signal` aborts. Never rejects. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  /** Lets pending I/O callbacks and signal handlers run. */
  yieldToEventLoop(): Promise<void>;
}

/** The real clock: `Date.now`, `setTimeout`, `setImmediate`. */
export const systemClock: GeneratorClock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      if (signal.aborted) {
        resolve();
        return;
      }
      const done = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
    }),
  yieldToEventLoop: () => new Promise<void>((resolve) => setImmediate(resolve)),
};
