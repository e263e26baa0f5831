// Covers aggregateColumns: the same delta and the same errors as aggregateBatch over the same orders as objects, and malformed columns.
import { errorCode } from '../../test/support/error-code';
import { toColumns } from '../../test/support/order-columns';
import { prng, randomOrders } from '../../test/support/random-orders';
import { aggregateBatch } from './aggregate-batch';
import { aggregateColumns, isCountableColumns } from './aggregate-columns';
import { ALL_BRANCHES, ALL_BRANCHES_ALIAS } from './contracts';
import type { CountableOrder } from './countable-order';
import { Windowing } from './windowing';

const seoul = new Windowing();
const T = Date.UTC(2014, 9, 1, 0, 30, 30);

function order(overrides: Partial<CountableOrder> = {}): CountableOrder {
  return { branch: 'jeongja', orders: ['Americano'], paymentMethod: 'Cash', customerAgeGrade: '2030', timestamp: T, ...overrides };
}

/** Random orders with odd values mixed in: overlong names, the overflow value itself, prototype-like names, 0 and 12 cups. */
function oddOrders(seed: number, count: number): CountableOrder[] {
  const random = prng(seed);
  const odd = ['x'.repeat(65), 'y'.repeat(200), '__other__', '__proto__', 'constructor', '', '정자 라떼'];
  return randomOrders(random, count, { from: T - 3_600_000, spanMs: 3 * 3_600_000, maxCups: 12 }).map((o) => {
    const roll = random();
    if (roll < 0.05) {
      return { ...o, paymentMethod: odd[Math.floor(random() * odd.length)] };
    }
    if (roll < 0.1) {
      return { ...o, orders: [...o.orders, odd[Math.floor(random() * odd.length)]] };
    }
    if (roll < 0.12) {
      return { ...o, orders: [] };
    }
    return roll < 0.14 ? { ...o, branch: odd[3] } : o;
  });
}

describe('aggregateColumns', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8])('gives the delta aggregateBatch gives for the same orders (seed %i)', (seed) => {
    const orders = oddOrders(seed, 1 + seed * 250);
    const windowing = seed % 2 === 0 ? seoul : new Windowing({ windowSizeMs: 60_000, timeZone: 'Europe/Berlin', resolutions: ['1h'] });
    const options = seed % 3 === 0 ? { maxCategoryLength: 8 } : {};
    const expected = aggregateBatch(orders, windowing, options);
    expect(aggregateColumns(toColumns(orders), windowing, options)).toEqual(expected);
    expect(aggregateColumns(toColumns(orders, true), windowing, options)).toEqual(expected);
    expect(aggregateBatch(toColumns(orders), windowing, options)).toEqual(expected);
  });

  it('counts an empty batch as nothing', () => {
    expect(aggregateColumns(toColumns([]), seoul)).toEqual({ hashes: [], orders: 0, cups: 0 });
  });

  it('reads only the first `length` orders of longer columns', () => {
    const orders = oddOrders(9, 40);
    const columns = toColumns(orders);
    expect(aggregateColumns({ ...columns, length: 25 }, seoul)).toEqual(aggregateBatch(orders.slice(0, 25), seoul));
  });

  it.each([
    ['a NaN timestamp', order({ timestamp: Number.NaN })],
    ['a timestamp before year 1000', order({ timestamp: Date.UTC(999, 0, 1) })],
    ['the reserved branch *', order({ branch: ALL_BRANCHES })],
    ['the reserved branch alias', order({ branch: ALL_BRANCHES_ALIAS })],
    ['an empty branch', order({ branch: '' })],
  ])('rejects a batch with %s as aggregateBatch does', (_name, bad) => {
    const orders = [order(), bad, order()];
    const expected = errorCode(() => aggregateBatch(orders, seoul));
    expect(expected).toMatch(/^INVALID_/);
    expect(errorCode(() => aggregateColumns(toColumns(orders), seoul))).toBe(expected);
  });

  it('rejects a bad maxCategoryLength', () => {
    expect(errorCode(() => aggregateColumns(toColumns([order()]), seoul, { maxCategoryLength: 0 }))).toBe('INVALID_OPTION');
  });

  it.each<[string, (c: ReturnType<typeof toColumns>) => object]>([
    ['a branch id past the strings', (c) => ({ ...c, branch: Int32Array.of(c.strings.length) })],
    ['a negative coffee id', (c) => ({ ...c, cups: Int32Array.of(-1) })],
    ['cup ends past the cups', (c) => ({ ...c, cupEnds: Int32Array.of(5) })],
    ['a column shorter than length', (c) => ({ ...c, timestamp: new Float64Array(0) })],
  ])('rejects columns with %s (INVALID_ARGUMENT)', (_name, corrupt) => {
    const columns = corrupt(toColumns([order()])) as ReturnType<typeof toColumns>;
    expect(errorCode(() => aggregateColumns(columns, seoul))).toBe('INVALID_ARGUMENT');
  });

  it('tells columns from iterables of orders', () => {
    expect(isCountableColumns(toColumns([order()]))).toBe(true);
    expect(isCountableColumns([order()])).toBe(false);
    expect(isCountableColumns(new Set([order()]))).toBe(false);
    expect(isCountableColumns(null)).toBe(false);
  });
});
