// The dashboard's first view, embedded in index.html. The build writes
//   <script type="application/json" id="coffee-first-view">{"urls":["/api/config", …, "/api/stats?…"]}</script>
// naming the REST answers its default view needs (apps/dashboard/src/api/firstView.ts); the gateway serves the page
// with those answers inside: {"urls":[…],"at":<epoch ms>,"answers":{"<url>":<JSON answer>,…}}, so the browser draws
// the first chart from the page itself, with no REST round trip and before React and recharts have loaded.
// Bounded: at most MAX_FIRST_VIEW_URLS answers, of the three JSON endpoints only, `maxBytes` of JSON in all (answers
// that do not fit are left out: the page requests them), and `timeoutMs` to read them (the page is sent without the
// answers not read by then).

/** The element the build writes and the gateway fills. */
const FIRST_VIEW_ELEMENT = /(<script type="application\/json" id="coffee-first-view">)([\s\S]*?)(<\/script>)/;

/** Most URLs one page may name (the dashboard names five). */
export const MAX_FIRST_VIEW_URLS = 8;

/** Paths whose answers may be embedded: the catalog and JSON history. */
const EMBEDDABLE = new Set(['/api/config', '/api/branches', '/api/stats']);

/** Where the first view's URLs sit in an index.html, and the URLs; undefined when the page names none (an older build). */
export interface FirstViewTemplate {
  /** The page before and after the element's text. */
  head: string;
  tail: string;
  urls: string[];
}

/** Finds the first-view element of a built index.html; undefined without one, or when its text is not `{"urls":[…]}`. */
export function parseFirstViewTemplate(html: string): FirstViewTemplate | undefined {
  const match = FIRST_VIEW_ELEMENT.exec(html);
  if (!match) {
    return undefined;
  }
  let value: unknown;
  try {
    value = JSON.parse(match[2]);
  } catch {
    return undefined;
  }
  const urls = (value as { urls?: unknown } | null)?.urls;
  if (!Array.isArray(urls) || !urls.every((u): u is string => typeof u === 'string' && isEmbeddable(u))) {
    return undefined;
  }
  const start = match.index + match[1].length;
  return { head: html.slice(0, start), tail: html.slice(start + match[2].length), urls: [...new Set(urls)].slice(0, MAX_FIRST_VIEW_URLS) };
}

/** Whether `url` is a same-origin path of an embeddable endpoint. */
export function isEmbeddable(url: string): boolean {
  if (!url.startsWith('/') || url.startsWith('//')) {
    return false;
  }
  const mark = url.indexOf('?');
  return EMBEDDABLE.has(mark < 0 ? url : url.slice(0, mark));
}

/**
 * JSON text made safe inside an HTML `<script>` element: `<` (so no `</script>` or `<!--` can end or change it),
 * `>` and `&` become `\u003c`, `\u003e`, `\u0026`, and U+2028 / U+2029 their escapes. In JSON these characters can
 * only occur inside strings, where the escapes mean the same characters: `JSON.parse` reads the same value.
 */
export function escapeJsonForHtml(json: string): string {
  return json.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * The element's text with the answers (`[url, JSON text]`, in the template's order) that fit in `maxBytes` of
 * answer JSON; answers that do not fit are left out (the page fetches them). Returns the text and the URLs embedded.
 */
export function firstViewJson(urls: readonly string[], answers: ReadonlyMap<string, string>, at: number, maxBytes: number): { json: string; embedded: string[] } {
  const parts: string[] = [];
  const embedded: string[] = [];
  let bytes = 0;
  for (const url of urls) {
    const answer = answers.get(url);
    if (answer === undefined) {
      continue;
    }
    const size = Buffer.byteLength(answer);
    if (bytes + size > maxBytes) {
      continue;
    }
    bytes += size;
    embedded.push(url);
    parts.push(`${JSON.stringify(url)}:${answer}`);
  }
  return { json: escapeJsonForHtml(`{"urls":${JSON.stringify(urls)},"at":${at},"answers":{${parts.join(',')}}}`), embedded };
}

/** Reads one embeddable URL's JSON answer (text), or undefined when it has none to give (invalid, streamed, failed). */
export type FirstViewReader = (url: string) => Promise<string | undefined>;

/** Bounds of the embedding (`DASHBOARD_EMBED_BYTES`, `DASHBOARD_EMBED_TIMEOUT_MS`). */
export interface FirstViewLimits {
  /** Most bytes of answer JSON in one page; 0 embeds nothing. */
  maxBytes: number;
  /** Longest wait for the answers, ms; those not read by then are left out. */
  timeoutMs: number;
}

/**
 * The element's text with the first view's answers: each URL read by `read` at once, in parallel; what has not
 * answered (or failed) within `timeoutMs` is left out, as is what does not fit in `maxBytes`. The page is
 * `template.head` + `json` + `template.tail`.
 */
export async function renderFirstView(template: FirstViewTemplate, read: FirstViewReader, limits: FirstViewLimits, now = Date.now): Promise<{ json: string; embedded: string[] }> {
  const answers = new Map<string, string>();
  if (limits.maxBytes > 0) {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, limits.timeoutMs);
    });
    const reads = template.urls.map((url) =>
      read(url).then(
        (answer) => {
          if (answer !== undefined) {
            answers.set(url, answer);
          }
        },
        () => undefined,
      ),
    );
    await Promise.race([Promise.all(reads), deadline]);
    clearTimeout(timer);
  }
  // A read finishing after the deadline changes nothing: the answers are taken now.
  return firstViewJson(template.urls, new Map(answers), now(), limits.maxBytes);
}
