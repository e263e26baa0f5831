import { useEffect, useState } from 'react';
import { fetchJson } from '../api/fetchJson';

/** Retry delay after a failed request, ms. */
export const RESOURCE_RETRY_MS = 5000;

export type ResourceState<T> = { status: 'loading' } | { status: 'ready'; data: T } | { status: 'error'; error: unknown };

/**
 * GETs a JSON resource on mount and whenever `url` or `reloadToken` changes; aborts the stale
 * request and retries every few seconds after a failure (the gateway may start after the page).
 */
export function useApiResource<T>(url: string, reloadToken = 0): ResourceState<T> {
  const [state, setState] = useState<ResourceState<T>>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    const controller = new AbortController();
    let retry: ReturnType<typeof setTimeout> | undefined;
    fetchJson<T>(url, controller.signal).then(
      (data) => setState({ status: 'ready', data }),
      (error: unknown) => {
        if (!controller.signal.aborted) {
          setState((prev) => (prev.status === 'ready' ? prev : { status: 'error', error }));
          retry = setTimeout(() => setAttempt((a) => a + 1), RESOURCE_RETRY_MS);
        }
      },
    );
    return () => {
      controller.abort();
      clearTimeout(retry);
    };
  }, [url, reloadToken, attempt]);
  return state;
}
