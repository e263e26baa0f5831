// Covers GET /api/stats query validation: defaults, last vs from/to, repeated keys, range order and the window limit.
import { invalidParameterMessage } from '../../test/support/invalid-parameter';
import { parseStatsQuery, type RawQuery, type StatsQueryContext } from './stats-query.parser';

const NOW = 1_714_521_600_000;
const context: StatsQueryContext = {
  resolutions: ['30s', '1m', '1h', '1d'],
  baseResolution: '30s',
  maxWindows: 100,
  now: NOW,
  countWindows: (from, to) => Math.floor(to / 30_000) - Math.floor(from / 30_000) + 1,
};

function problem(query: RawQuery): string {
  return invalidParameterMessage(() => parseStatsQuery(query, context));
}

describe('parseStatsQuery', () => {
  it('defaults to all branches, every type, the base resolution and the last 20 windows', () => {
    expect(parseStatsQuery({}, context)).toEqual({
      branch: { client: 'all', stored: '*' },
      types: ['CustomerAgeGrades', 'PaymentMethods', 'Orders', 'OrderSizes'],
      resolution: '30s',
      span: { last: 20 },
    });
  });

  it.each<[RawQuery, object]>([
    [{ branch: 'jeongja', last: '5' }, { branch: { client: 'jeongja', stored: 'jeongja' }, span: { last: 5 } }],
    [{ type: 'Orders, PaymentMethods' }, { types: ['Orders', 'PaymentMethods'] }],
    [{ type: ['Orders', 'CustomerAgeGrades,Orders'] }, { types: ['Orders', 'CustomerAgeGrades'] }],
    [{ resolution: '1h', last: '100' }, { resolution: '1h', span: { last: 100 } }],
    [{ from: String(NOW - 60_000) }, { span: { from: NOW - 60_000, to: NOW } }],
    [{ from: String(NOW - 30_000 * 99), to: String(NOW) }, { span: { from: NOW - 30_000 * 99, to: NOW } }],
    [{ from: String(NOW), to: String(NOW) }, { span: { from: NOW, to: NOW } }],
    [{ unknown: 'ignored' }, { span: { last: 20 } }],
  ])('accepts %j', (query, expected) => {
    expect(parseStatsQuery(query, context)).toMatchObject(expected);
  });

  it.each<[RawQuery, string]>([
    [{ branch: ['a', 'b'] }, 'branch: must be given once'],
    [{ last: ['1', '2'] }, 'last: must be given once'],
    [{ last: '5', from: '1' }, 'last: cannot be combined with from/to'],
    [{ to: '1' }, 'from: is required when to is given'],
    [{ from: '2', to: '1' }, 'from: must not be after to (2 > 1)'],
    [{ last: '101' }, 'last: must be at most 100 (got 101)'],
    [{ from: String(NOW - 30_000 * 100), to: String(NOW) }, 'from: range spans 101 windows of 30s, more than the maximum of 100'],
    [{ resolution: '2m' }, 'resolution: unknown resolution "2m" (expected one of 30s, 1m, 1h, 1d)'],
  ])('rejects %j', (query, message) => {
    expect(problem(query)).toBe(message);
  });
});
