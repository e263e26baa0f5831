import { useEffect, useState } from 'react';
import { loadHistory } from '../api/loadHistory';
import type { HistoryBundle, HistoryRequest } from '../lib/types';

/** Retry delay after a failed load, ms. */
export const HISTORY_RETRY_MS = 5000;

export type HistoryState =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'ready'; bundle: HistoryBundle }
  | { status: 'error'; error: unknown };

interface Tagged {
  request: HistoryRequest | null;
  token: number;
  attempt: number;
  state: HistoryState;
}

/**
 * Loads the REST history of `request` (null: wait), again whenever `request` (by identity) or
 * `reloadToken` changes; aborts the request it replaces and retries every few seconds after an error.
 */
export function useHistory(request: HistoryRequest | null, baseResolution: string, reloadToken: number): HistoryState {
  const [attempt, setAttempt] = useState(0);
  const [tagged, setTagged] = useState<Tagged>({ request: null, token: -1, attempt: -1, state: { status: 'idle' } });

  useEffect(() => {
    if (!request) {
      return undefined;
    }
    const controller = new AbortController();
    let retry: ReturnType<typeof setTimeout> | undefined;
    const tag = { request, token: reloadToken, attempt };
    loadHistory(request, baseResolution, controller.signal).then(
      (bundle) => setTagged({ ...tag, state: { status: 'ready', bundle } }),
      (error: unknown) => {
        if (controller.signal.aborted) {
          return;
        }
        setTagged({ ...tag, state: { status: 'error', error } });
        retry = setTimeout(() => setAttempt((a) => a + 1), HISTORY_RETRY_MS);
      },
    );
    return () => {
      controller.abort();
      clearTimeout(retry);
    };
  }, [request, baseResolution, reloadToken, attempt]);

  if (!request) {
    return { status: 'idle' };
  }
  if (tagged.request !== request || tagged.token !== reloadToken) {
    return { status: 'loading' };
  }
  // A retry in flight keeps showing the error until it settles.
  return tagged.state;
}
