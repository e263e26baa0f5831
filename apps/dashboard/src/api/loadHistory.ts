import type { HistoryBundle, HistoryRequest, StatsResponse } from '../lib/types';
import { fetchJson } from './fetchJson';
import { historyUrls } from './historyUrls';

/**
 * Fetches everything one view needs, in parallel: the chart history, the last hour at one-minute
 * resolution (KPIs) and the newest base windows (what live totals replace inside coarse windows).
 */
export async function loadHistory(request: HistoryRequest, baseResolution: string, signal?: AbortSignal): Promise<HistoryBundle> {
  const { branch } = request;
  const [chart, lastHour, base] = await Promise.all(historyUrls(request, baseResolution).map((url) => fetchJson<StatsResponse>(url, signal)));
  // The gateway answers with the client-facing branch name; keep the one asked for.
  return { request, chart: { ...chart, branch }, lastHour: { ...lastHour, branch }, base: { ...base, branch } };
}
