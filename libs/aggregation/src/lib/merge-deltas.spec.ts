// Covers mergeDeltas: identity, commutativity, associativity, and the property that merged deltas of random splits equal the whole's.
import { errorCode } from '../../test/support/error-code';
import { prng, randomOrders } from '../../test/support/random-orders';
import { aggregateBatch } from './aggregate-batch';
import type { BatchDelta } from './contracts';
import type { CountableOrder } from './countable-order';
import { mergeDeltas } from './merge-deltas';
import { Windowing } from './windowing';

const seoul = new Windowing();
const T = Date.UTC(2024, 1, 28, 14, 50); // 23:50 KST before the leap day

/** Canonical text of a delta (hash order and field order included), cheap to compare. */
function canon(delta: BatchDelta): string {
  return JSON.stringify([delta.orders, delta.cups, delta.hashes.map((h) => [h.branch, h.resolution, h.date, h.start, h.type, [...h.fields]])]);
}

function shuffle<T>(random: () => number, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** Splits `items` into 1..maxParts random (possibly empty) parts. */
function split<T>(random: () => number, items: readonly T[], maxParts: number): T[][] {
  const parts: T[][] = Array.from({ length: 1 + Math.floor(random() * maxParts) }, () => []);
  for (const item of items) {
    parts[Math.floor(random() * parts.length)].push(item);
  }
  return parts;
}

/** Merges deltas in a random tree shape (random pairing order). */
function mergeRandomly(random: () => number, deltas: BatchDelta[]): BatchDelta {
  const pool = [...deltas];
  while (pool.length > 1) {
    const i = Math.floor(random() * pool.length);
    const [a] = pool.splice(i, 1);
    const j = Math.floor(random() * pool.length);
    pool[j] = random() < 0.5 ? mergeDeltas(a, pool[j]) : mergeDeltas(pool[j], a);
  }
  return pool[0];
}

describe('mergeDeltas', () => {
  const orders = randomOrders(prng(1), 400, { from: T, spanMs: 15 * 60_000 });
  const a = aggregateBatch(orders.slice(0, 150), seoul);
  const b = aggregateBatch(orders.slice(150, 300), seoul);
  const c = aggregateBatch(orders.slice(300), seoul);
  const empty = aggregateBatch([], seoul);

  it('has the empty delta as identity', () => {
    expect(mergeDeltas(a, empty)).toEqual(a);
    expect(canon(mergeDeltas(empty, a))).toBe(canon(a));
    expect(mergeDeltas(empty, empty)).toEqual(empty);
  });

  it('is commutative and associative, with identical hash and field order', () => {
    expect(canon(mergeDeltas(a, b))).toBe(canon(mergeDeltas(b, a)));
    expect(canon(mergeDeltas(mergeDeltas(a, b), c))).toBe(canon(mergeDeltas(a, mergeDeltas(b, c))));
    expect(canon(mergeDeltas(mergeDeltas(a, b), c))).toBe(canon(aggregateBatch(orders, seoul)));
  });

  it('does not modify its inputs', () => {
    const before = JSON.stringify(a.hashes.map((h) => [...h.fields]));
    mergeDeltas(a, a);
    expect(JSON.stringify(a.hashes.map((h) => [...h.fields]))).toBe(before);
  });

  it('rejects deltas that disagree on a window start (INCOMPATIBLE_DELTAS)', () => {
    const shifted: BatchDelta = { ...a, hashes: a.hashes.map((h) => ({ ...h, start: h.start + 1 })) };
    expect(errorCode(() => mergeDeltas(a, shifted))).toBe('INCOMPATIBLE_DELTAS');
  });

  it.each([
    // name, windowing, first cluster start, span, second cluster offset (orders are drawn from both clusters)
    ['Asia/Seoul, 30 s, across the leap day', new Windowing(), T + 5 * 60_000, 10 * 60_000, 24 * 3_600_000],
    ['Europe/Berlin, 30 s, both passes of the fall-back fold', new Windowing({ timeZone: 'Europe/Berlin' }), Date.UTC(2026, 9, 25, 0, 25), 10 * 60_000, 3_600_000],
    ['Asia/Kathmandu, 5 min windows, across local midnight', new Windowing({ timeZone: 'Asia/Kathmandu', windowSizeMs: 300_000 }), Date.UTC(2024, 5, 1, 17), 2 * 3_600_000, 0],
  ])('property (40 seeds): merged deltas of random splits and reorderings equal the whole — %s', (_name, windowing, from, spanMs, echoMs) => {
    for (let seed = 1; seed <= 40; seed++) {
      const random = prng(seed * 7919);
      const whole: CountableOrder[] = [
        ...randomOrders(random, Math.floor(random() * 100), { from, spanMs, maxCups: 10, unknownRate: 0.1 }),
        ...randomOrders(random, 1 + Math.floor(random() * 100), { from: from + echoMs, spanMs, maxCups: 10, unknownRate: 0.1 }),
      ];
      const expected = canon(aggregateBatch(whole, windowing));
      const parts = split(random, shuffle(random, whole), 8).map((part) => aggregateBatch(shuffle(random, part), windowing));
      const merged = mergeRandomly(random, shuffle(random, parts));
      expect(canon(merged)).toBe(expected);
      expect(canon(aggregateBatch(shuffle(random, whole), windowing))).toBe(expected);
    }
  });
});
