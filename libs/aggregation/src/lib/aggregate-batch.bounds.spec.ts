// Covers aggregateBatch's bounds and odd names: overlong category values counted under OVERFLOW_CATEGORY, prototype-like names as plain values, the reserved branch names.
import { errorCode } from '../../test/support/error-code';
import { aggregateBatch } from './aggregate-batch';
import { ALL_BRANCHES, OVERFLOW_CATEGORY, type BatchDelta } from './contracts';
import type { CountableOrder } from './countable-order';
import { mergeDeltas } from './merge-deltas';
import { Windowing } from './windowing';

const windowing = new Windowing({ resolutions: [] });
const T = Date.UTC(2014, 9, 1, 0, 30, 30);

function order(branch: string, cups: string[], paymentMethod = 'Cash', customerAgeGrade = '2030'): CountableOrder {
  return { branch, orders: cups, paymentMethod, customerAgeGrade, timestamp: T };
}

/** `branch type` → fields of the base window, as [field, count] pairs. */
function fields(delta: BatchDelta): Record<string, [string, number][]> {
  const out: Record<string, [string, number][]> = {};
  for (const hash of delta.hashes) {
    out[`${hash.branch} ${hash.type}`] = [...hash.fields];
  }
  return out;
}

describe('aggregateBatch bounds', () => {
  it.each<[string, CountableOrder[], number | undefined, [string, number][], number | undefined]>([
    ['names at the limit', [order('a', ['x'.repeat(64), 'y'.repeat(64)])], undefined, [['x'.repeat(64), 1], ['y'.repeat(64), 1]], undefined],
    ['one name over the default 64', [order('a', ['x'.repeat(65), 'Americano'])], undefined, [['Americano', 1], [OVERFLOW_CATEGORY, 1]], 1],
    ['three distinct overlong names, one repeated', [order('a', ['x'.repeat(70), 'y'.repeat(70), 'x'.repeat(70), 'z'.repeat(99)])], undefined, [[OVERFLOW_CATEGORY, 4]], 3],
    ['a literal __other__ and an overlong name', [order('a', ['__other__', 'q'.repeat(10)])], 9, [[OVERFLOW_CATEGORY, 2]], 1],
    ['a configured limit of 5', [order('a', ['Latte', 'Espresso'])], 5, [['Latte', 1], [OVERFLOW_CATEGORY, 1]], 1],
  ])('%s', (_name, orders, maxCategoryLength, expected, overlong) => {
    const delta = aggregateBatch(orders, windowing, maxCategoryLength === undefined ? {} : { maxCategoryLength });
    expect(fields(delta)['a Orders']).toEqual(expected);
    expect(fields(delta)[`${ALL_BRANCHES} Orders`]).toEqual(expected);
    expect(delta.overlongValues).toBe(overlong);
  });

  it('bounds payment methods and age grades the same way', () => {
    const delta = aggregateBatch([order('a', ['Latte'], 'P'.repeat(65), 'G'.repeat(65)), order('a', ['Latte'], 'Cash', '2030')], windowing);
    expect(fields(delta)['a PaymentMethods']).toEqual([['Cash', 1], [OVERFLOW_CATEGORY, 1]]);
    expect(fields(delta)['a CustomerAgeGrades']).toEqual([['2030', 1], [OVERFLOW_CATEGORY, 1]]);
    expect(delta.overlongValues).toBe(2);
  });

  it('keeps overlongValues through mergeDeltas', () => {
    const a = aggregateBatch([order('a', ['x'.repeat(65)])], windowing);
    const b = aggregateBatch([order('b', ['Latte'])], windowing);
    expect(mergeDeltas(a, b).overlongValues).toBe(1);
    expect(mergeDeltas(b, b).overlongValues).toBeUndefined();
  });

  it.each([[0], [-1], [1.5], [Number.NaN]])('rejects maxCategoryLength %p', (maxCategoryLength) => {
    expect(errorCode(() => aggregateBatch([], windowing, { maxCategoryLength }))).toBe('INVALID_OPTION');
  });

  it.each([['__proto__'], ['constructor'], ['hasOwnProperty'], ['toString']])('counts %s as an ordinary category and branch name', (name) => {
    const delta = aggregateBatch([order(name, [name, name, 'Americano'], name, name)], windowing);
    const got = fields(delta);
    expect(got[`${name} Orders`]).toEqual([['Americano', 1], [name, 2]].sort((x, y) => (x[0] < y[0] ? -1 : 1)));
    expect(got[`${name} PaymentMethods`]).toEqual([[name, 1]]);
    expect(got[`${name} CustomerAgeGrades`]).toEqual([[name, 1]]);
    expect(got[`${ALL_BRANCHES} PaymentMethods`]).toEqual([[name, 1]]);
  });

  it.each([['*'], ['all'], ['']])('rejects the branch %p with INVALID_BRANCH', (branch) => {
    expect(errorCode(() => aggregateBatch([order(branch, ['Latte'])], windowing))).toBe('INVALID_BRANCH');
  });
});
