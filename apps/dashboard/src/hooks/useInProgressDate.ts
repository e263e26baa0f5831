import type { StatsWindow } from '@coffee/aggregation';
import { useEffect, useState } from 'react';
import { inProgressDate } from '../lib/inProgressDate';

/** {@link inProgressDate} now, re-evaluated when the newest window ends (one timer, no ticking clock). */
export function useInProgressDate(windows: readonly StatsWindow[], durationMs: number): string | null {
  const newest = windows[windows.length - 1];
  const end = newest ? newest.start + durationMs : 0;
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const wait = end - Date.now();
    if (wait <= 0) {
      setNow(Date.now());
      return undefined;
    }
    const id = setTimeout(() => setNow(Date.now()), wait + 20);
    return () => clearTimeout(id);
  }, [end]);
  return inProgressDate(windows, durationMs, now);
}
