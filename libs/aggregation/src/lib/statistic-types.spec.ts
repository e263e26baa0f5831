import { AGE_GRADES, COFFEE_NAMES, PAYMENT_METHODS } from '@coffee/order-schema';
import { aggregateBatch } from './aggregate-batch';
import { ALL_BRANCHES, STATISTIC_TYPES } from './contracts';
import {
  categoriesOf,
  cupsPerOrderLabel,
  cupsPerOrderLabels,
  isStatisticType,
  ORDER_COUNT_TYPE,
  perStatisticType,
  STATISTIC_TYPE_TABLE,
  statisticTypeRank,
  statisticTypeSpec,
  type StatisticTypeSpec,
} from './statistic-types';
import { Windowing } from './windowing';

describe('the statistic type table', () => {
  it('lists every type once, STATISTIC_TYPES in table order', () => {
    expect(STATISTIC_TYPES).toEqual(STATISTIC_TYPE_TABLE.map((s) => s.name));
    expect(new Set(STATISTIC_TYPES).size).toBe(STATISTIC_TYPES.length);
    STATISTIC_TYPES.forEach((type, i) => {
      expect(statisticTypeRank(type)).toBe(i);
      expect(statisticTypeSpec(type).name).toBe(type);
      expect(isStatisticType(type)).toBe(true);
    });
    expect(isStatisticType('Foo')).toBe(false);
    expect(isStatisticType(undefined)).toBe(false);
    expect(statisticTypeRank('Foo')).toBe(-1);
  });

  it('keeps the original three types first, in their stored order, with the sample data as known categories', () => {
    expect(STATISTIC_TYPES.slice(0, 3)).toEqual(['CustomerAgeGrades', 'PaymentMethods', 'Orders']);
    expect(statisticTypeSpec('CustomerAgeGrades').known).toEqual(AGE_GRADES);
    expect(statisticTypeSpec('PaymentMethods').known).toEqual(PAYMENT_METHODS);
    expect(statisticTypeSpec('Orders').known).toEqual(COFFEE_NAMES);
  });

  it('has a per-order type for the legacy live counts (its sum is the number of orders)', () => {
    expect(statisticTypeSpec(ORDER_COUNT_TYPE).contribution.kind).toBe('per-order');
  });

  it('gives every type a title, a unit and distinct known categories', () => {
    for (const spec of STATISTIC_TYPE_TABLE as readonly StatisticTypeSpec[]) {
      expect(spec.title.length).toBeGreaterThan(0);
      expect(spec.unit.length).toBeGreaterThan(0);
      expect(new Set(spec.known).size).toBe(spec.known.length);
      if (spec.contribution.kind === 'cups-per-order') {
        expect(spec.known).toEqual(cupsPerOrderLabels(spec.contribution.overflowAt));
      }
    }
  });

  it('labels cups per order 1 … n-1 and n+ from the overflow on', () => {
    expect(cupsPerOrderLabels(10)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10+']);
    expect([1, 9, 10, 11, 250].map((n) => cupsPerOrderLabel(n, 10))).toEqual(['1', '9', '10+', '10+', '10+']);
  });

  it('perStatisticType makes one value per type', () => {
    expect(Object.keys(perStatisticType((t) => t))).toEqual([...STATISTIC_TYPES]);
  });

  it('aggregateBatch counts every type as categoriesOf says (per cup, per order, derived)', () => {
    const windowing = new Windowing({ timeZone: 'UTC', windowSizeMs: 30_000, resolutions: [] });
    const orders = Array.from({ length: 60 }, (_, i) => ({
      branch: i % 3 === 0 ? 'sunae' : 'jeongja',
      orders: Array.from({ length: 1 + (i % 13) }, (_, c) => COFFEE_NAMES[(i + c) % COFFEE_NAMES.length]),
      paymentMethod: PAYMENT_METHODS[i % 3],
      customerAgeGrade: i % 7 === 0 ? 'a'.repeat(80) : AGE_GRADES[i % 10],
      timestamp: Date.UTC(2026, 0, 1) + i * 1000,
    }));
    const delta = aggregateBatch(orders, windowing, { maxCategoryLength: 64 });
    const expected = new Map<string, Map<string, number>>();
    for (const order of orders) {
      for (const spec of STATISTIC_TYPE_TABLE) {
        for (const value of categoriesOf(spec, order)) {
          const name = value.length > 64 ? '__other__' : value;
          for (const branch of [order.branch, ALL_BRANCHES]) {
            const key = `${branch}:${Math.floor(order.timestamp / 30_000)}:${spec.name}`;
            const fields = expected.get(key) ?? new Map<string, number>();
            fields.set(name, (fields.get(name) ?? 0) + 1);
            expected.set(key, fields);
          }
        }
      }
    }
    const actual = new Map(delta.hashes.map((h) => [`${h.branch}:${h.start / 30_000}:${h.type}`, new Map([...h.fields].sort())]));
    const sorted = new Map([...expected].map(([k, v]) => [k, new Map([...v].sort())]));
    expect(actual).toEqual(sorted);
    expect(new Set(delta.hashes.map((h) => h.type))).toEqual(new Set(STATISTIC_TYPES));
  });
});
