import type { AlertRecord } from '@coffee/aggregation';
import { alertSentence } from './describeAlert';

/** An alert drawn on a time chart: the windows (row indexes, inclusive) it concerns. */
export interface AlertMarker {
  readonly id: string;
  readonly rule: AlertRecord['rule'];
  readonly state: AlertRecord['state'];
  /** Row of the window the alert opened at (-1 when it opened before the first row shown). */
  readonly opened: number;
  /** First and last row of the band, clipped to the rows shown. */
  readonly from: number;
  readonly to: number;
  /** Accessible label and tooltip text. */
  readonly label: string;
}

/** Index of the row whose window holds `time` (a row ends where the next starts, the last after `durationMs`); -1 before the first, `rows.length` after the last. */
function rowAt(starts: readonly number[], durationMs: number, time: number): number {
  if (starts.length === 0 || time < (starts[0] ?? 0)) {
    return -1;
  }
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] ?? 0) <= time) {
      lo = mid;
    } else {
      hi = mid - 1;
    }
  }
  return lo === starts.length - 1 && time >= (starts[lo] ?? 0) + durationMs ? starts.length : lo;
}

/** Whether an alert of `alertBranch` belongs on a chart of `viewBranch` (`all`: every alert; a branch: its own and the chain's). */
export function alertConcerns(alertBranch: string, viewBranch: string): boolean {
  return viewBranch === 'all' || alertBranch === viewBranch || alertBranch === 'all' || alertBranch === '*';
}

/**
 * The alerts to mark on a time chart of `rows` (window starts, oldest first, each `durationMs` long
 * at most): each alert of the viewed branch (see {@link alertConcerns}) from the window it opened at
 * to the window before the one that resolved it, or to the newest row while it is open, clipped to
 * the rows shown; alerts wholly outside them are left out. Coarser rows than the alert's 30 s windows
 * simply hold it.
 */
export function alertMarkers(alerts: readonly AlertRecord[], starts: readonly number[], durationMs: number, viewBranch: string): AlertMarker[] {
  const markers: AlertMarker[] = [];
  const n = starts.length;
  for (const alert of alerts) {
    if (!alertConcerns(alert.branch, viewBranch)) {
      continue;
    }
    const opened = rowAt(starts, durationMs, alert.windowStart);
    // The resolving window is no longer part of the condition: the band ends one millisecond before it.
    const last = alert.resolved === undefined ? n - 1 : rowAt(starts, durationMs, Math.max(alert.windowStart, alert.resolved.windowStart - 1));
    if (opened >= n || last < 0) {
      continue;
    }
    markers.push({ id: alert.id, rule: alert.rule, state: alert.state, opened, from: Math.max(0, opened), to: Math.min(n - 1, last), label: alertSentence(alert) });
  }
  return markers.sort((a, b) => a.from - b.from || a.id.localeCompare(b.id));
}
