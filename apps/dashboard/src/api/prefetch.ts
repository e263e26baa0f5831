// Requests started while the page starts, before React asks for them: the first load does not wait for
// the app to render and run its effects. `fetchJson` takes each answer once; later requests fetch anew.
const started = new Map<string, Promise<Response>>();

/** Starts GETs of `urls` now (JSON, as `fetchJson` asks). */
export function prefetch(urls: readonly string[]): void {
  for (const url of urls) {
    if (!started.has(url)) {
      const response = fetch(url, { headers: { accept: 'application/json' } });
      // A failure is reported to whoever takes the answer, not as an unhandled rejection.
      response.catch(() => undefined);
      started.set(url, response);
    }
  }
}

/** The prefetched answer of `url`, if any, handed out once. */
export function takePrefetched(url: string): Promise<Response> | undefined {
  const response = started.get(url);
  started.delete(url);
  return response;
}
