import { formatWindowLabel } from './formatWindowLabel';

/** Average advance of one character of an axis label (11 px system font, mostly digits), px. */
export const LABEL_CHAR_PX = 6.5;
const DAY_S = 86_400;
/** Tick steps tried, seconds, finest first: each lands on round wall-clock times. */
const STEPS_S = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, DAY_S, 2 * DAY_S, 7 * DAY_S, 14 * DAY_S];

export interface TimeTicks {
  /** Datestrings that carry a label, oldest first. */
  dates: string[];
  /** Step between two labels, seconds. */
  stepSeconds: number;
}

const wallParts = (date: string) => {
  const d = date.padEnd(14, '0');
  const day = Date.UTC(+d.slice(0, 4), +d.slice(4, 6) - 1, +d.slice(6, 8)) / (DAY_S * 1000);
  return { day, secondOfDay: +d.slice(8, 10) * 3600 + +d.slice(10, 12) * 60 + +d.slice(12, 14) };
};

/** Whether a window (its wall-clock datestring) starts on a multiple of `step` seconds; weeks start on Mondays. */
const onStep = (date: string, step: number): boolean => {
  const { day, secondOfDay } = wallParts(date);
  if (step < DAY_S) {
    return secondOfDay % step === 0;
  }
  // 1970-01-01 (day 0) was a Thursday: day + 3 is a multiple of 7 on Mondays.
  return secondOfDay === 0 && (step === 7 * DAY_S || step === 14 * DAY_S ? (day + 3) % (step / DAY_S) === 0 : day % (step / DAY_S) === 0);
};

/**
 * Axis label of a tick: times at sub-day steps (`09:30`, seconds only when the step has them), the
 * day where a sub-day axis crosses midnight (`7 Dec`), days at day steps.
 */
export function tickLabel(date: string, precision: number, stepSeconds: number): string {
  const { secondOfDay } = wallParts(date);
  if (precision <= 8 || stepSeconds >= DAY_S || (secondOfDay === 0 && stepSeconds >= 3600)) {
    return formatWindowLabel(date.slice(0, 8), 8);
  }
  const d = date.padEnd(14, '0');
  const hhmm = `${d.slice(8, 10)}:${d.slice(10, 12)}`;
  return stepSeconds % 60 === 0 ? hhmm : `${hhmm}:${d.slice(12, 14)}`;
}

/**
 * Ticks of a time axis on round wall-clock times: the finest step (at least one window,
 * `windowSeconds`) whose labels fit `plotWidth` px at `minGap` px apart, labels on the windows
 * that start on a multiple of it (09:00, 09:05 … at 5 min; midnights at 1 d; Mondays at 7 d).
 * Datestrings are wall-clock times in the shops' zone, so ticks follow that zone's clock.
 */
export function timeTicks(dates: readonly string[], precision: number, windowSeconds: number, plotWidth: number, minGap = 24): TimeTicks {
  if (dates.length === 0 || !(plotWidth > 0)) {
    return { dates: [], stepSeconds: windowSeconds };
  }
  const steps = STEPS_S.filter((s) => s >= windowSeconds && s % windowSeconds === 0);
  for (const step of steps) {
    const picked = dates.filter((d) => onStep(d, step));
    const widest = picked.reduce((a, d) => Math.max(a, tickLabel(d, precision, step).length), 0);
    const fit = Math.max(1, Math.floor(plotWidth / (widest * LABEL_CHAR_PX + minGap)));
    if (picked.length > 0 && picked.length <= fit) {
      return { dates: picked, stepSeconds: step };
    }
  }
  // Nothing round fits (a long range on a narrow screen): every k-th of the coarsest step.
  const step = steps[steps.length - 1] ?? windowSeconds;
  const picked = dates.filter((d) => onStep(d, step));
  const base = picked.length > 0 ? picked : [...dates];
  const widest = base.reduce((a, d) => Math.max(a, tickLabel(d, precision, step).length), 0);
  const fit = Math.max(1, Math.floor(plotWidth / (widest * LABEL_CHAR_PX + minGap)));
  const every = Math.ceil(base.length / fit);
  return { dates: base.filter((_, i) => i % every === 0), stepSeconds: step * every };
}

/**
 * Horizontal placement of a label centred at `x` that must stay within `[minX, maxX]`: the last
 * label near the right edge is right-aligned there instead of being cut.
 */
export function fitLabel(x: number, chars: number, minX: number, maxX: number): { x: number; anchor: 'start' | 'middle' | 'end' } {
  const half = (chars * LABEL_CHAR_PX) / 2;
  if (x + half > maxX) {
    return { x: maxX, anchor: 'end' };
  }
  if (x - half < minX) {
    return { x: minX, anchor: 'start' };
  }
  return { x, anchor: 'middle' };
}
