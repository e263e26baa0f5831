// Covers the history answer cache: precompressed answers identical to lazily gzipped ones, reuse within the TTL, synchronous peeks, shared in-flight reads, invalidation by branch (also of overlapping reads) and the byte bound.
import { HistoryCache, toCachedAnswer, toPrecompressedAnswer, type CachedAnswer } from './history-cache';

function reader(values: string[]): { read: () => Promise<CachedAnswer>; calls: () => number } {
  let calls = 0;
  return {
    read: () => Promise.resolve(toCachedAnswer({ v: values[calls++] ?? 'more' })),
    calls: () => calls,
  };
}

describe('HistoryCache', () => {
  const options = { ttlMs: 1_000, maxBytes: 1_000, maxEntryBytes: 500 };

  it('reuses an answer until its TTL passes', async () => {
    const cache = new HistoryCache(options);
    const source = reader(['a', 'b']);
    expect((await cache.get('k', 'x', 0, source.read)).json).toBe('{"v":"a"}');
    expect((await cache.get('k', 'x', 999, source.read)).json).toBe('{"v":"a"}');
    expect((await cache.get('k', 'x', 1_000, source.read)).json).toBe('{"v":"b"}');
    expect(source.calls()).toBe(2);
  });

  it('shares one read among concurrent identical requests', async () => {
    const cache = new HistoryCache(options);
    const source = reader(['a']);
    const answers = await Promise.all([1, 2, 3].map(() => cache.get('k', 'x', 0, source.read)));
    expect(answers.map((a) => a.json)).toEqual(['{"v":"a"}', '{"v":"a"}', '{"v":"a"}']);
    expect(source.calls()).toBe(1);
  });

  it('refreshes answers of an updated branch only, serving the previous answer meanwhile', async () => {
    const cache = new HistoryCache(options);
    const source = reader(['a', 'b', 'c']);
    await cache.get('k1', 'x', 0, source.read);
    await cache.get('k2', 'y', 0, source.read);
    cache.invalidate('x');
    expect((await cache.get('k1', 'x', 1, source.read)).json).toBe('{"v":"a"}');
    expect((await cache.get('k1', 'x', 2, source.read)).json).toBe('{"v":"c"}');
    expect((await cache.get('k2', 'y', 2, source.read)).json).toBe('{"v":"b"}');
    expect(source.calls()).toBe(3);
    // Never past the TTL of the first read, stale or not.
    cache.invalidate('y');
    expect((await cache.get('k2', 'y', 1_000, source.read)).json).toBe('{"v":"more"}');
  });

  it('never keeps a read that overlapped an update of its branch', async () => {
    const cache = new HistoryCache(options);
    let release: (answer: CachedAnswer) => void = () => undefined;
    const slow = cache.get('k', 'x', 0, () => new Promise((resolve) => (release = resolve)));
    cache.invalidate('x');
    const fresh = reader(['fresh']);
    const after = cache.get('k', 'x', 0, fresh.read);
    release(toCachedAnswer({ v: 'stale' }));
    expect((await slow).json).toBe('{"v":"stale"}');
    expect((await after).json).toBe('{"v":"fresh"}');
    expect((await cache.get('k', 'x', 1, fresh.read)).json).toBe('{"v":"fresh"}');
    cache.clear();
    expect(cache.size).toEqual({ entries: 0, bytes: 0 });
  });

  it('peeks at kept answers without reading, refreshing stale ones as get does', async () => {
    const cache = new HistoryCache(options);
    const source = reader(['a', 'b']);
    expect(cache.peek('k', 'x', 0, source.read)).toBeUndefined();
    expect(source.calls()).toBe(0);
    await cache.get('k', 'x', 0, source.read);
    expect(cache.peek('k', 'x', 999, source.read)?.json).toBe('{"v":"a"}');
    cache.invalidate('x');
    expect(cache.peek('k', 'x', 1, source.read)?.json).toBe('{"v":"a"}');
    expect(source.calls()).toBe(2);
    await new Promise(setImmediate);
    expect(cache.peek('k', 'x', 2, source.read)?.json).toBe('{"v":"b"}');
    expect(cache.peek('k', 'x', 1_001, source.read)).toBeUndefined();
    expect(cache.size.entries).toBe(0);
    expect(source.calls()).toBe(2);
  });

  it('keeps at most maxBytes, least recently used out first, and skips large answers', async () => {
    // Bytes count the text twice (text + its gzip): a 12-character answer takes 24.
    const cache = new HistoryCache({ ttlMs: 1_000, maxBytes: 60, maxEntryBytes: 40 });
    await cache.get('a', 'x', 0, () => Promise.resolve(toCachedAnswer('a'.repeat(10))));
    await cache.get('b', 'x', 0, () => Promise.resolve(toCachedAnswer('b'.repeat(10))));
    await cache.get('a', 'x', 0, () => Promise.reject(new Error('should be cached')));
    await cache.get('c', 'x', 0, () => Promise.resolve(toCachedAnswer('c'.repeat(10))));
    expect(cache.size).toEqual({ entries: 2, bytes: 48 });
    await cache.get('big', 'x', 0, () => Promise.resolve(toCachedAnswer('d'.repeat(30))));
    expect(cache.size.entries).toBe(2);
    const source = reader(['b again']);
    expect((await cache.get('b', 'x', 0, source.read)).json).toBe('{"v":"b again"}');
  });

  it('gzips large answers once, and leaves small ones alone', () => {
    const large = toCachedAnswer({ v: 'x'.repeat(5_000) });
    const gzip = large.gzip();
    expect(gzip?.length).toBeLessThan(200);
    expect(large.gzip()).toBe(gzip);
    expect(toCachedAnswer({ v: 1 }).gzip()).toBeUndefined();
  });

  it('precompresses off the event loop to the very bytes, text and ETag the lazy gzip makes', async () => {
    const body = { windows: Array.from({ length: 500 }, (_, i) => ({ start: i, top: [{ rank: 1, name: `c${i % 7}`, count: i }] })) };
    const lazy = toCachedAnswer(body);
    const pre = await toPrecompressedAnswer(body);
    expect(pre.json).toBe(lazy.json);
    expect(pre.etag).toBe(lazy.etag);
    expect(pre.gzip()?.equals(lazy.gzip() ?? Buffer.alloc(0))).toBe(true);
    expect((await toPrecompressedAnswer({ v: 1 })).gzip()).toBeUndefined();
  });

  it('does not cache with a TTL of 0, and forgets failed reads', async () => {
    const cache = new HistoryCache({ ...options, ttlMs: 0 });
    const source = reader(['a', 'b']);
    await cache.get('k', 'x', 0, source.read);
    await cache.get('k', 'x', 0, source.read);
    expect(source.calls()).toBe(2);
    await expect(cache.get('e', 'x', 0, () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect((await cache.get('e', 'x', 0, source.read)).json).toBe('{"v":"more"}');
  });
});
