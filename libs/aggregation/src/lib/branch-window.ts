import type { WindowRange } from './windowing';

/** One base window of one branch: a real branch or the all-branches roll-up `*` (ALL_BRANCHES). */
export interface BranchWindow extends WindowRange {
  /** Real branch name or `*`. */
  readonly branch: string;
}

/** Orders branch windows by start, then branch (`*` sorts before letters). */
export function compareBranchWindows(a: BranchWindow, b: BranchWindow): number {
  if (a.start !== b.start) {
    return a.start - b.start;
  }
  return a.branch < b.branch ? -1 : a.branch > b.branch ? 1 : 0;
}
