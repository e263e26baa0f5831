import type { HistoryRequest } from '../lib/types';
import { statsUrl } from './statsUrl';

/** Base windows fetched as the snapshot that live updates replace (the filling one and the one before). */
export const BASE_SNAPSHOT_WINDOWS = 2;

/** The three `/api/stats` URLs of one view: the chart range, the last hour at one minute (KPIs), the newest base windows. */
export function historyUrls({ branch, resolution, last, range }: HistoryRequest, baseResolution: string): [chart: string, lastHour: string, base: string] {
  return [statsUrl(branch, resolution, last, range), statsUrl(branch, '1m', 60), statsUrl(branch, baseResolution, BASE_SNAPSHOT_WINDOWS)];
}
