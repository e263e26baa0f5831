// Covers NewestPerKey, liveWindowKey and newestPerWindow: newest value per key in order of last update, the max bound (more than max sent), pinned entries, and the one window-key rule.
import { errorCode } from '../../test/support/error-code';
import { liveWindowKey, NewestPerKey, newestPerWindow } from './newest-per-key';

const update = (branch: string, date: string, total: number) => ({ branch, date, total });

describe('NewestPerKey', () => {
  it('keeps the newest value per key, a replaced key moving to the end', () => {
    const newest = new NewestPerKey<number>({ max: 10 });
    expect(newest.set('a', 1)).toEqual({ replaced: undefined, dropped: undefined });
    newest.set('b', 2);
    expect(newest.set('a', 3)).toEqual({ replaced: 1, dropped: undefined });
    expect([...newest]).toEqual([
      ['b', 2],
      ['a', 3],
    ]);
    expect(newest.get('a')).toBe(3);
    expect(newest.size).toBe(2);
  });

  it('holds at most max: sending more drops the least recently updated, one per set', () => {
    const newest = new NewestPerKey<string>({ max: 3 });
    const dropped: (string | undefined)[] = [];
    for (const key of ['a', 'b', 'c', 'a', 'd', 'e']) {
      dropped.push(newest.set(key, key).dropped);
    }
    expect(dropped).toEqual([undefined, undefined, undefined, undefined, 'b', 'c']);
    expect(newest.values()).toEqual(['a', 'd', 'e']);
    expect(newest.size).toBe(3);
  });

  it('keeps pinned entries in order, never replaced by set nor dropped, and not counted against max', () => {
    const newest = new NewestPerKey<string>({ max: 1 });
    newest.set('live-1', 'live-1');
    newest.pin('reply-1', 'answer-1');
    newest.pin('reply-2', 'answer-2');
    expect(newest.set('live-2', 'live-2').dropped).toBe('live-1');
    expect(newest.values()).toEqual(['answer-1', 'answer-2', 'live-2']);
    expect(newest.set('live-3', 'live-3').dropped).toBe('live-2');
    expect(newest.size).toBe(3);
    expect(newest.delete('reply-1')).toBe('answer-1');
    expect(newest.set('live-4', 'live-4').dropped).toBe('live-3');
    expect(newest.values()).toEqual(['answer-2', 'live-4']);
  });

  it('takes every value, oldest first, and is empty after', () => {
    const newest = new NewestPerKey<number>({ max: 2 });
    newest.pin('p', 0);
    newest.set('a', 1);
    newest.set('b', 2);
    newest.set('c', 3);
    expect(newest.take()).toEqual([0, 2, 3]);
    expect(newest.size).toBe(0);
    newest.set('d', 4);
    newest.set('e', 5);
    expect(newest.set('f', 6).dropped).toBe(4);
  });

  it('allows deleting the entry being visited while iterating', () => {
    const newest = new NewestPerKey<number>({ max: Number.POSITIVE_INFINITY });
    newest.set('a', 1);
    newest.set('b', 2);
    newest.set('c', 3);
    const seen: number[] = [];
    for (const [key, value] of newest) {
      seen.push(value);
      newest.delete(key);
    }
    expect(seen).toEqual([1, 2, 3]);
    expect(newest.size).toBe(0);
  });

  it.each([0, -1, 1.5, Number.NaN])('rejects max = %p', (max) => {
    expect(errorCode(() => new NewestPerKey({ max }))).toBe('INVALID_OPTION');
  });
});

describe('liveWindowKey', () => {
  it.each([
    [update('jeongja', '20141001093030', 1), update('jeongja', '20141001093030', 9), true],
    [update('jeongja', '20141001093030', 1), update('sunae', '20141001093030', 1), false],
    [update('jeongja', '20141001093030', 1), update('jeongja', '20141001093100', 1), false],
    [update('*', '20141001093030', 1), update('all', '20141001093030', 1), false],
    // The separator cannot be forged by a branch name ending in digits.
    [update('a1', '2014100109303', 1), update('a', '12014100109303', 1), false],
  ])('%j and %j name the same window: %p', (a, b, same) => {
    expect(liveWindowKey(a) === liveWindowKey(b)).toBe(same);
  });
});

describe('newestPerWindow', () => {
  it('keeps the newest update of each branch window, oldest last-update first', () => {
    const updates = [update('a', '1', 1), update('b', '1', 1), update('a', '1', 2), update('a', '2', 1), update('b', '1', 5)];
    expect(newestPerWindow(updates, 10)).toEqual([update('a', '1', 2), update('a', '2', 1), update('b', '1', 5)]);
    expect(updates).toHaveLength(5);
  });

  it('keeps the max most recently updated windows when sent more', () => {
    const updates = Array.from({ length: 10 }, (_, i) => update('a', String(i), i));
    expect(newestPerWindow(updates, 3).map((u) => u.date)).toEqual(['7', '8', '9']);
  });
});
