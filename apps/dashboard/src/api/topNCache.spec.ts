// Covers loadTopN and topUrl: one request per view whatever the number of charts and pointer moves, a new request for a new view or after the TTL, a failure forgotten, the cache bounded.
import { clearTopNCache, loadTopN, TOP_CACHE_ENTRIES, TOP_CACHE_TTL_MS } from './topNCache';
import { topUrl } from './topUrl';

const ANSWER = { windows: [{ start: 0, date: '20240501090000', total: 5, top: [{ rank: 1, name: 'Americano', count: 3 }] }] };

function serve(status = 200): jest.Mock {
  const mock = jest.fn(() => Promise.resolve({ ok: status === 200, status, statusText: '', text: () => Promise.resolve(JSON.stringify(ANSWER)) } as Response));
  global.fetch = mock;
  return mock;
}

describe('loadTopN', () => {
  beforeEach(() => clearTopNCache());

  it('builds the view query', () => {
    expect(topUrl({ branch: 'all', resolution: '30s', from: 1, to: 2 })).toBe('/api/top?type=Orders&n=3&branch=all&resolution=30s&from=1&to=2');
  });

  it('asks once per view, again for another view or once the TTL passed', async () => {
    const mock = serve();
    const url = topUrl({ branch: 'all', resolution: '30s', from: 0, to: 30_000 });
    await expect(Promise.all([loadTopN(url, 0), loadTopN(url, 10), loadTopN(url, 20)])).resolves.toEqual([ANSWER, ANSWER, ANSWER]);
    expect(mock).toHaveBeenCalledTimes(1);
    await loadTopN(topUrl({ branch: 'jeongja', resolution: '30s', from: 0, to: 30_000 }), 30);
    expect(mock).toHaveBeenCalledTimes(2);
    await loadTopN(url, TOP_CACHE_TTL_MS + 1);
    expect(mock).toHaveBeenCalledTimes(3);
  });

  it('forgets a failed answer, so the next hover asks again', async () => {
    serve(503);
    const url = topUrl({ branch: 'all', resolution: '30s', from: 0, to: 30_000 });
    await expect(loadTopN(url, 0)).rejects.toThrow();
    const mock = serve();
    await expect(loadTopN(url, 1)).resolves.toEqual(ANSWER);
    expect(mock).toHaveBeenCalledTimes(1);
  });

  it(`holds at most ${TOP_CACHE_ENTRIES} views, dropping the oldest`, async () => {
    const mock = serve();
    const urls = Array.from({ length: TOP_CACHE_ENTRIES + 1 }, (_, i) => topUrl({ branch: 'all', resolution: '30s', from: 0, to: i }));
    for (const url of urls) {
      await loadTopN(url, 0);
    }
    expect(mock).toHaveBeenCalledTimes(TOP_CACHE_ENTRIES + 1);
    await loadTopN(urls[TOP_CACHE_ENTRIES] ?? '', 1);
    expect(mock).toHaveBeenCalledTimes(TOP_CACHE_ENTRIES + 1);
    await loadTopN(urls[0] ?? '', 1);
    expect(mock).toHaveBeenCalledTimes(TOP_CACHE_ENTRIES + 2);
  });
});
