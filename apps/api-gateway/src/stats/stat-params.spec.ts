// Covers the request parameter parsers: branch names (all ⇄ *), statistic types, resolutions, positive integers and times (epoch ms, ISO 8601 with zone).
import { invalidParameterMessage } from '../../test/support/invalid-parameter';
import { parseBranch, parsePositiveInt, parseResolution, parseStatisticTypes, parseTime, toClientBranch } from './stat-params';

const problem = invalidParameterMessage;

describe('parseBranch', () => {
  it.each([
    ['jeongja', 'jeongja'],
    ['all', '*'],
    ['정자', '정자'],
    ['a.b-c_d', 'a.b-c_d'],
    ['x'.repeat(64), 'x'.repeat(64)],
  ])('accepts %j (stored as %j)', (name, stored) => {
    expect(parseBranch(name)).toEqual({ client: name, stored });
  });

  it.each(['', 'a:b', '*', 'a*', 'a?', 'a[', 'a]', 'a\\b', 'a b', 'a\tb', 'a\nb', '\u0000', '\u007f', 'a\u00a0b', 'a\u3000b', 'x'.repeat(65), 42, undefined, ['a']])(
    'rejects %j naming the parameter',
    (name) => {
      expect(problem(() => parseBranch(name, 'branches'))).toMatch(/^branches: /);
    },
  );

  it('names the roll-up all for clients', () => {
    expect(toClientBranch('*')).toBe('all');
    expect(toClientBranch('sunae')).toBe('sunae');
  });
});

describe('parseStatisticTypes / parseResolution / parsePositiveInt', () => {
  it('keeps order and removes duplicates', () => {
    expect(parseStatisticTypes(['Orders', 'CustomerAgeGrades', 'Orders'])).toEqual(['Orders', 'CustomerAgeGrades']);
  });

  it.each([[[]], [['orders']], [['Orders', '']], [[1]]])('rejects types %j', (types) => {
    expect(problem(() => parseStatisticTypes(types))).toMatch(/^type: /);
  });

  it.each(['5m', '', '1M', '30'])('rejects resolution %j', (resolution) => {
    expect(problem(() => parseResolution(resolution, ['30s', '1m']))).toMatch(/^resolution: unknown resolution/);
  });

  it.each([
    ['1', 1],
    ['100', 100],
    [7, 7],
  ])('accepts %j as %d', (value, expected) => {
    expect(parsePositiveInt(value, 100, 'last')).toBe(expected);
  });

  it.each(['0', '-1', '1.5', '1e2', 'abc', '', ' 1', 0, 1.5, Number.NaN, null])('rejects %j', (value) => {
    expect(problem(() => parsePositiveInt(value, 100, 'last'))).toMatch(/^last: must be a positive integer/);
  });

  it('rejects more than the maximum', () => {
    expect(problem(() => parsePositiveInt('101', 100, 'last'))).toBe('last: must be at most 100 (got 101)');
  });
});

describe('parseTime', () => {
  it.each([
    ['0', 0],
    ['1714521600000', 1_714_521_600_000],
    ['2024-05-01T00:00:00Z', 1_714_521_600_000],
    ['2024-05-01T09:00:00+09:00', 1_714_521_600_000],
    ['2024-05-01T09:00+0900', 1_714_521_600_000],
    ['2024-04-30T18:15:00.5-05:45', 1_714_521_600_500],
    ['2024-02-29T00:00:00Z', Date.UTC(2024, 1, 29)],
    ['9999-12-31T23:59:59.999Z', 253_402_300_799_999],
  ])('parses %s', (value, expected) => {
    expect(parseTime(value, 'from')).toBe(expected);
  });

  it.each([
    '',
    'now',
    '-1',
    '1.5',
    '253402300800000',
    '2024-05-01',
    '2024-05-01T00:00:00',
    '2024-05-01 00:00:00Z',
    '2023-02-29T00:00:00Z',
    '2024-04-31T00:00:00Z',
    '2024-05-01T24:00:00Z',
    '2024-05-01T00:60:00Z',
    '2024-05-01T00:00:00+24:00',
    '1969-12-31T23:59:59Z',
    '2024-05-01T00:00:00.1234Z',
  ])('rejects %j', (value) => {
    expect(problem(() => parseTime(value, 'to'))).toMatch(/^to: /);
  });
});
