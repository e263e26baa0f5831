// Covers reading per-type totals from a live body, including the original `counts` array fallback.
import type { LiveStatisticsBody } from '@coffee/aggregation';
import { body } from '../test/fixtures';
import { liveTypeCounts } from './liveTypeCounts';

describe('liveTypeCounts', () => {
  it('reads every type from stats', () => {
    expect(liveTypeCounts(body({ date: '20231115061300', age: { '2030': 1 }, pay: { Cash: 1 }, cups: { Americano: 2 } }))).toEqual({
      CustomerAgeGrades: { '2030': 1 },
      PaymentMethods: { Cash: 1 },
      Orders: { Americano: 2 },
      OrderSizes: { '1': 1 },
    });
  });

  it('falls back to the original counts array for age grades and drops non-numbers', () => {
    const original = { ...body({ date: '20231115061300', age: { '2030': 3 } }), stats: {} } as LiveStatisticsBody;
    expect(liveTypeCounts(original)).toEqual({ CustomerAgeGrades: { '2030': 3 } });
    const odd = { ...original, counts: [{ type: '1020', count: Number.NaN }] };
    expect(liveTypeCounts(odd)).toEqual({ CustomerAgeGrades: {} });
  });
});
