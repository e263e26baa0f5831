import { Windowing, type WindowRange } from '@coffee/aggregation';
import type { ResolutionSpec } from './types';

const cache = new Map<string, Windowing>();

/** The shared `Windowing` of a zone and base size (one per pair, kept for the page's life). */
export function windowingFor(spec: Pick<ResolutionSpec, 'timeZone' | 'windowSizeMs'>): Windowing {
  const { timeZone, windowSizeMs } = spec;
  const key = `${timeZone}\u0000${windowSizeMs}`;
  let windowing = cache.get(key);
  if (windowing === undefined) {
    windowing = new Windowing({ windowSizeMs, timeZone });
    cache.set(key, windowing);
  }
  return windowing;
}

/**
 * The window of `spec` named by `date` (zone-correct across daylight-saving changes), or
 * `undefined` for a datestring no window carries (or a zone/size `Windowing` rejects).
 */
export function windowNamed(spec: ResolutionSpec, date: string): WindowRange | undefined {
  try {
    return windowingFor(spec).parseDatestring(date, spec.id);
  } catch {
    return undefined;
  }
}

/** The window of `spec` right after the one named `date` (zone-correct), or `undefined` when `date` names none. */
export function windowAfter(spec: ResolutionSpec, date: string): WindowRange | undefined {
  const current = windowNamed(spec, date);
  if (current === undefined) {
    return undefined;
  }
  try {
    return windowingFor(spec).windowAt(current.end, spec.id);
  } catch {
    return undefined;
  }
}
