import { useEffect, useState } from 'react';

/**
 * `value`, shown `delayMs` later: cards pick up the same live update in different tasks, so one
 * update never re-renders every chart in a single long task. A delay of 0 passes `value` through.
 */
export function useStaggered<T>(value: T, delayMs: number): T {
  const [shown, setShown] = useState(value);
  useEffect(() => {
    if (delayMs <= 0) {
      return undefined;
    }
    const timer = setTimeout(() => setShown(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return delayMs <= 0 ? value : shown;
}
