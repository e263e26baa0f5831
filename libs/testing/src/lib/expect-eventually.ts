/** Options for {@link expectEventually}. */
export interface EventuallyOptions {
  /** Give up after this many ms. Default 10 000. */
  timeoutMs?: number;
  /** Poll interval, ms. Default 25. */
  intervalMs?: number;
}

/**
 * Polls `assertion` until it stops throwing or the deadline passes; then rethrows its last error.
 * Use it instead of fixed sleeps when waiting for something asynchronous.
 */
export async function expectEventually<T>(
  assertion: () => T | Promise<T>,
  options: EventuallyOptions = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  const interval = options.intervalMs ?? 25;
  for (;;) {
    try {
      return await assertion();
    } catch (error) {
      if (Date.now() > deadline) {
        throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, interval));
    }
  }
}
