import { ApiError } from './apiError';
import { takePrefetched, type PrefetchedResponse } from './prefetch';

const messageOf = (body: unknown): string | undefined => {
  if (body && typeof body === 'object' && 'message' in body) {
    const { message } = body as { message: unknown };
    return Array.isArray(message) ? message.join('; ') : typeof message === 'string' ? message : undefined;
  }
  return undefined;
};

/**
 * GETs JSON from the gateway (the answer of the request `prefetch` started for `url`, if any). Network
 * failures and proxy errors (502/504 from the dev server when the gateway is down) become `unreachable`, 503 `unavailable` (gateway up, Redis down), 400
 * `bad-request` with the gateway's message. Aborts propagate as the `AbortError` they are.
 */
export async function fetchJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  let response: PrefetchedResponse;
  try {
    response = await (takePrefetched(url) ?? fetch(url, { signal, headers: { accept: 'application/json' } }));
    // A prefetched request does not see the signal: drop its answer like an aborted fetch would.
    signal?.throwIfAborted();
  } catch (error) {
    if (signal?.aborted) {
      throw error;
    }
    throw new ApiError('unreachable', `Cannot reach ${url}`);
  }
  const text = await response.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (!response.ok) {
    const detail = messageOf(body) ?? (response.statusText || `HTTP ${response.status}`);
    if (response.status === 502 || response.status === 504) {
      throw new ApiError('unreachable', detail, response.status);
    }
    if (response.status === 503) {
      throw new ApiError('unavailable', detail, response.status);
    }
    throw new ApiError(response.status === 400 ? 'bad-request' : 'http', detail, response.status);
  }
  if (body === undefined) {
    throw new ApiError('invalid-response', `${url} did not answer JSON`, response.status);
  }
  return body as T;
}
