// Covers gateway request failures classified for the UI (unreachable, Redis down, bad request) and the history load.
import { response } from '../test/fixtures';
import { ApiError } from './apiError';
import { describeError } from './describeError';
import { fetchJson } from './fetchJson';
import { loadHistory } from './loadHistory';

// jsdom has no fetch Response: a minimal one is enough for fetchJson.
const reply = (status: number, text: string) =>
  ({ ok: status >= 200 && status < 300, status, statusText: 'x', text: () => Promise.resolve(text) }) as Response;
const answer = (status: number, body: unknown) => () => Promise.resolve(reply(status, JSON.stringify(body)));
const mockFetch = (impl: (url: string, init?: RequestInit) => Promise<Response>) => {
  const fn = jest.fn(impl);
  global.fetch = fn as typeof fetch;
  return fn;
};

describe('fetchJson', () => {
  it('returns the JSON body', async () => {
    mockFetch(answer(200, { branches: ['jeongja'] }));
    await expect(fetchJson('/api/branches')).resolves.toEqual({ branches: ['jeongja'] });
  });

  it.each([
    [502, 'unreachable'],
    [504, 'unreachable'],
    [503, 'unavailable'],
    [400, 'bad-request'],
    [500, 'http'],
  ])('HTTP %d is %s', async (status, kind) => {
    mockFetch(answer(status, { statusCode: status, message: 'last: must be a positive integer' }));
    const error: unknown = await fetchJson('/api/stats').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ kind, status });
  });

  it('a network failure is unreachable; an abort stays an abort', async () => {
    mockFetch(() => Promise.reject(new TypeError('Failed to fetch')));
    await expect(fetchJson('/api/config')).rejects.toMatchObject({ kind: 'unreachable' });
    const controller = new AbortController();
    controller.abort();
    const abort = new DOMException('aborted', 'AbortError');
    mockFetch(() => Promise.reject(abort));
    await expect(fetchJson('/api/config', controller.signal)).rejects.toBe(abort);
  });

  it('a non-JSON success is an invalid response', async () => {
    mockFetch(() => Promise.resolve(reply(200, '<html>')));
    await expect(fetchJson('/api/config')).rejects.toMatchObject({ kind: 'invalid-response' });
  });
});

describe('describeError', () => {
  it.each([
    [new ApiError('unreachable', 'x'), /Cannot reach the API gateway at http:\/\/10.0.0.7:8080 — is it running\?/],
    [new ApiError('unavailable', 'x', 503), /cannot reach Redis/],
    [new ApiError('bad-request', 'last: too big', 400), /rejected/],
    [new ApiError('http', 'boom', 500), /HTTP 500/],
    [new Error('weird'), /went wrong/],
  ])('%s', (error, title) => {
    expect(describeError(error, 'http://10.0.0.7:8080').title).toMatch(title);
  });
});

describe('loadHistory', () => {
  it('fetches the chart, the last hour and the base snapshot for the branch', async () => {
    const fetchMock = mockFetch(() => Promise.resolve(reply(200, JSON.stringify(response('*', 'x', {})))));
    const bundle = await loadHistory({ branch: 'all', resolution: '1h', last: 24 }, '30s');
    expect(fetchMock.mock.calls.map(([url]) => url).sort()).toEqual([
      '/api/stats?branch=all&resolution=1h&last=24',
      '/api/stats?branch=all&resolution=1m&last=60',
      '/api/stats?branch=all&resolution=30s&last=2',
    ]);
    expect([bundle.chart.branch, bundle.lastHour.branch, bundle.base.branch]).toEqual(['all', 'all', 'all']);
  });
});
