// The first view's data as the gateway embeds it in index.html: the build writes
// `<script type="application/json" id="coffee-first-view">{"urls":[…]}</script>` (the REST URLs the default view
// needs, from firstViewUrls), and the gateway serves the page with their answers added:
// `{"urls":[…],"at":<epoch ms>,"answers":{"<url>":<the JSON answer>}}` (see apps/api-gateway/src/http/first-view-embed.ts).
// The entry hands the answers to `prefetch` (no REST round trip) and the pre-render draws the first chart from them.
import type { ViewSelection } from '../lib/parseSelection';
import { resolveRequest } from '../lib/resolveRequest';
import type { ApiConfig } from '../lib/types';
import { historyUrls } from './historyUrls';

/** id of the `<script type="application/json">` element that carries the first view's URLs (and, from the gateway, answers). */
export const FIRST_VIEW_DATA_ID = 'coffee-first-view';

/** What the element holds. `answers` is absent in the build (and when the gateway could not or would not embed). */
export interface FirstViewData {
  urls: string[];
  /** When the gateway read the answers, epoch ms. */
  at?: number;
  answers?: Record<string, unknown>;
}

/** The REST URLs a view needs at once: the config, the branches and the view's history (`historyUrls`). */
export function firstViewUrls(selection: ViewSelection, config: Pick<ApiConfig, 'resolutions' | 'windowSizeSeconds'>): string[] {
  return ['/api/config', '/api/branches', ...historyUrls(resolveRequest(selection, config), `${config.windowSizeSeconds}s`)];
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The element's text parsed, or null when missing or malformed (the page then fetches as usual). */
export function parseFirstViewData(text: string | null | undefined): FirstViewData | null {
  if (!text) {
    return null;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isRecord(value) || !Array.isArray(value['urls']) || !value['urls'].every((u) => typeof u === 'string')) {
    return null;
  }
  const answers = isRecord(value['answers']) ? value['answers'] : undefined;
  const at = typeof value['at'] === 'number' ? value['at'] : undefined;
  return { urls: value['urls'] as string[], ...(at !== undefined && { at }), ...(answers && { answers }) };
}
