import { Windowing } from '@coffee/aggregation';
import type { TimeRange } from './types';

const windowings = new Map<string, Windowing>();

/** Epoch ms of a shop-local wall-clock minute `yyyy-MM-ddTHH:mm` in `timeZone` (zone rules from @coffee/aggregation); null if it does not exist there. */
function wallClockMs(wall: string, timeZone: string): number | null {
  let windowing = windowings.get(timeZone);
  if (!windowing) {
    windowing = new Windowing({ timeZone, windowSizeMs: 60_000 });
    windowings.set(timeZone, windowing);
  }
  try {
    return windowing.parseDatestring(`${wall.replace(/[-T:]/g, '')}00`).start;
  } catch {
    return null;
  }
}

/**
 * The absolute range `from`…`to` (shop-local `yyyy-MM-ddTHH:mm`, as in the URL) in epoch ms, or
 * undefined when either is missing, invalid in the zone, or not increasing.
 */
export function wallClockRange(from: string, to: string, timeZone: string): TimeRange | undefined {
  if (!from || !to) {
    return undefined;
  }
  const start = wallClockMs(from, timeZone);
  const end = wallClockMs(to, timeZone);
  return start !== null && end !== null && start < end ? { from: start, to: end } : undefined;
}
