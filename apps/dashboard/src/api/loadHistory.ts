import type { HistoryBundle, HistoryRequest, StatsResponse } from '../lib/types';
import { fetchJson } from './fetchJson';
import { statsUrl } from './statsUrl';

/** Base windows fetched as the snapshot that live updates replace (the filling one and the one before). */
export const BASE_SNAPSHOT_WINDOWS = 2;

/**
 * Fetches everything one view needs, in parallel: the chart history, the last hour at one-minute
 * resolution (KPIs) and the newest base windows (what live totals replace inside coarse windows).
 */
export async function loadHistory(request: HistoryRequest, baseResolution: string, signal?: AbortSignal): Promise<HistoryBundle> {
  const { branch, resolution, last } = request;
  const [chart, lastHour, base] = await Promise.all([
    fetchJson<StatsResponse>(statsUrl(branch, resolution, last), signal),
    fetchJson<StatsResponse>(statsUrl(branch, '1m', 60), signal),
    fetchJson<StatsResponse>(statsUrl(branch, baseResolution, BASE_SNAPSHOT_WINDOWS), signal),
  ]);
  // The gateway answers with the client-facing branch name; keep the one asked for.
  return { request, chart: { ...chart, branch }, lastHour: { ...lastHour, branch }, base: { ...base, branch } };
}
