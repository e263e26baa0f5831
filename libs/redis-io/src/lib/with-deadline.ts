/**
 * Settles as `promise` does, or, if it has not settled after `timeoutMs`, as `onLate` does (its
 * value, or its throw as a rejection). The timer is cleared when `promise` settles first and never
 * keeps the process alive. The workspace's one bounded wait: PING/QUIT deadlines, request
 * deadlines, shutdown deadlines.
 *
 * @example
 * await withDeadline(redis.quit(), 1_000, () => 'timeout');             // a value when late
 * await withDeadline(append, 5_000, () => { throw new Error('late'); }); // a rejection when late
 */
export function withDeadline<T, L = T>(promise: Promise<T>, timeoutMs: number, onLate: () => L): Promise<T | L> {
  return new Promise<T | L>((resolve, reject) => {
    const timer = setTimeout(() => {
      try {
        resolve(onLate());
      } catch (error) {
        reject(error);
      }
    }, timeoutMs);
    timer.unref?.();
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
