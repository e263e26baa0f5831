// Requests started while the page starts, before React asks for them: the first load does not wait for
// the app to render and run its effects. `fetchJson` takes each answer once; later requests fetch anew.
// Answers the gateway embedded in the page (api/firstView) are handed out the same way, without a request.
/** What `fetchJson` reads of an answer. */
export type PrefetchedResponse = Pick<Response, 'ok' | 'status' | 'statusText' | 'text'>;

const started = new Map<string, Promise<PrefetchedResponse>>();

/** An embedded answer as a response (a 200 with its JSON). */
const embeddedResponse = (body: unknown): PrefetchedResponse => {
  const text = JSON.stringify(body);
  return { ok: true, status: 200, statusText: 'OK', text: () => Promise.resolve(text) };
};

/** Starts GETs of `urls` now (JSON, as `fetchJson` asks); `embedded` answers (by URL) are used instead of a request. */
export function prefetch(urls: readonly string[], embedded: Readonly<Record<string, unknown>> = {}): void {
  for (const url of urls) {
    if (started.has(url)) {
      continue;
    }
    if (Object.hasOwn(embedded, url)) {
      started.set(url, Promise.resolve(embeddedResponse(embedded[url])));
      continue;
    }
    const response = fetch(url, { headers: { accept: 'application/json' } });
    // A failure is reported to whoever takes the answer, not as an unhandled rejection.
    response.catch(() => undefined);
    started.set(url, response);
  }
}

/** The prefetched answer of `url`, if any, handed out once. */
export function takePrefetched(url: string): Promise<PrefetchedResponse> | undefined {
  const response = started.get(url);
  started.delete(url);
  return response;
}
