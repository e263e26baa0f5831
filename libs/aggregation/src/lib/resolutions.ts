import { DAY_MS, HOUR_MS, MINUTE_MS, SECOND_MS } from './civil-time';
import type { ResolutionId } from './contracts';

/** One roll-up resolution: its id, datestring precision and nominal duration. */
export interface RollupResolution {
  readonly id: '1m' | '1h' | '1d';
  /** Datestring length: `yyyyMMddHHmm` (12), `yyyyMMddHH` (10), `yyyyMMdd` (8). */
  readonly precision: number;
  /** Nominal window length, ms (a DST day or repeated hour differs; see `Windowing`). */
  readonly durationMs: number;
}

/** Datestring length of the base resolution (`yyyyMMddHHmmss`). */
export const BASE_PRECISION = 14;

/** The one resolution table: every roll-up the stored layout knows, finest first. */
export const ROLLUP_RESOLUTIONS: readonly RollupResolution[] = Object.freeze([
  Object.freeze({ id: '1m', precision: 12, durationMs: MINUTE_MS }),
  Object.freeze({ id: '1h', precision: 10, durationMs: HOUR_MS }),
  Object.freeze({ id: '1d', precision: 8, durationMs: DAY_MS }),
] as const);

/** Id of the base resolution of a window size: `30_000` → `'30s'`. */
export function baseResolutionId(windowSizeMs: number): ResolutionId {
  return `${windowSizeMs / SECOND_MS}s`;
}

/** The roll-up `id` names, or `undefined` for a base id or an unknown one. */
export function rollupResolution(id: ResolutionId): RollupResolution | undefined {
  return ROLLUP_RESOLUTIONS.find((r) => r.id === id);
}

/** Precision and nominal duration of `id` given the base window size (an unknown id is read as the base). */
export function resolutionSpecOf(
  id: ResolutionId,
  windowSizeMs: number,
): { readonly id: ResolutionId; readonly precision: number; readonly durationMs: number; readonly isBase: boolean } {
  const rollup = rollupResolution(id);
  if (rollup !== undefined && rollup.durationMs > windowSizeMs) {
    return { id: rollup.id, precision: rollup.precision, durationMs: rollup.durationMs, isBase: false };
  }
  return { id: baseResolutionId(windowSizeMs), precision: BASE_PRECISION, durationMs: windowSizeMs, isBase: true };
}

/**
 * Nominal duration (ms) of a resolution id: a roll-up's from the table, a base id `<n>s` as n seconds;
 * `undefined` for anything else. Used for ordering and for bounding window counts.
 */
export function nominalDurationMs(id: ResolutionId): number | undefined {
  const rollup = rollupResolution(id);
  if (rollup !== undefined) {
    return rollup.durationMs;
  }
  const match = /^([1-9]\d*)s$/.exec(id);
  return match === null ? undefined : Number(match[1]) * SECOND_MS;
}

/** Default roll-ups for a base window: those of the table coarser than it. */
export function defaultRollups(windowSizeMs: number): ResolutionId[] {
  return ROLLUP_RESOLUTIONS.filter((r) => r.durationMs > windowSizeMs).map((r) => r.id);
}
