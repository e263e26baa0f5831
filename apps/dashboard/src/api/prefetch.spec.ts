// Covers prefetch: requests started at page start are taken once by fetchJson; an abort drops a prefetched answer.
import { fetchJson } from './fetchJson';
import { parseFirstViewData } from './firstView';
import { prefetch, takePrefetched } from './prefetch';

const reply = (body: unknown) => ({ ok: true, status: 200, statusText: 'OK', text: () => Promise.resolve(JSON.stringify(body)) }) as Response;

describe('prefetch', () => {
  let calls: string[];
  beforeEach(() => {
    calls = [];
    global.fetch = jest.fn((url: RequestInfo | URL) => {
      calls.push(String(url));
      return Promise.resolve(reply({ url: String(url), n: calls.length }));
    }) as typeof fetch;
  });

  it('starts each URL once; fetchJson takes the answer, then fetches anew', async () => {
    prefetch(['/api/config', '/api/branches', '/api/config']);
    expect(calls).toEqual(['/api/config', '/api/branches']);
    await expect(fetchJson('/api/config')).resolves.toEqual({ url: '/api/config', n: 1 });
    expect(calls).toHaveLength(2);
    await expect(fetchJson('/api/config')).resolves.toEqual({ url: '/api/config', n: 3 });
    expect(takePrefetched('/api/branches')).toBeDefined();
    expect(takePrefetched('/api/branches')).toBeUndefined();
  });

  it('drops a prefetched answer when the caller has aborted', async () => {
    prefetch(['/api/stats?branch=all']);
    const controller = new AbortController();
    controller.abort();
    await expect(fetchJson('/api/stats?branch=all', controller.signal)).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('a failed prefetch is reported to the caller as unreachable', async () => {
    global.fetch = jest.fn(() => Promise.reject(new TypeError('Failed to fetch'))) as typeof fetch;
    prefetch(['/api/branches']);
    await expect(fetchJson('/api/branches')).rejects.toMatchObject({ kind: 'unreachable' });
  });

  it('hands out an embedded answer without a request, once; the other URLs are fetched', async () => {
    prefetch(['/api/embedded', '/api/fetched'], { '/api/embedded': { branches: ['sunae'] } });
    expect(calls).toEqual(['/api/fetched']);
    await expect(fetchJson('/api/embedded')).resolves.toEqual({ branches: ['sunae'] });
    await expect(fetchJson('/api/embedded')).resolves.toEqual({ url: '/api/embedded', n: 2 });
  });
});

describe('parseFirstViewData', () => {
  it('reads the element the gateway filled', () => {
    expect(parseFirstViewData('{"urls":["/api/config"],"at":5,"answers":{"/api/config":{"timeZone":"Asia/Seoul"}}}')).toEqual({
      urls: ['/api/config'],
      at: 5,
      answers: { '/api/config': { timeZone: 'Asia/Seoul' } },
    });
    expect(parseFirstViewData('{"urls":["/api/config"]}')).toEqual({ urls: ['/api/config'] });
  });

  it.each([[undefined], [''], ['{'], ['[]'], ['{"urls":"x"}'], ['{"urls":[1]}']])('ignores %p', (text) => {
    expect(parseFirstViewData(text)).toBeNull();
  });
});
