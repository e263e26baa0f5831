import { ApiError } from './apiError';

export interface ErrorDescription {
  title: string;
  hint: string;
}

/** What to tell the user about a failed request, and what to do about it; `gateway` is the gateway's address. */
export function describeError(error: unknown, gateway: string): ErrorDescription {
  if (error instanceof ApiError) {
    switch (error.kind) {
      case 'unreachable':
        return {
          title: `Cannot reach the API gateway at ${gateway} — is it running?`,
          hint: 'Start it with `npx nx serve api-gateway` (or `npm start` for the whole pipeline). The dashboard retries when it comes back.',
        };
      case 'unavailable':
        return {
          title: 'The API gateway cannot reach Redis.',
          hint: 'Is redis-server running? `npm start` starts one when none answers on REDIS_URL.',
        };
      case 'bad-request':
        return { title: 'The gateway rejected the request.', hint: error.message };
      case 'http':
      case 'invalid-response':
        return { title: `The gateway answered with an error${error.status ? ` (HTTP ${error.status})` : ''}.`, hint: error.message };
    }
  }
  return { title: 'Something went wrong while loading data.', hint: error instanceof Error ? error.message : String(error) };
}
