// Covers parseOrderTimestamp: epoch ms and ISO 8601 inputs, and the range and format edges.
import { MAX_TIMESTAMP_MS, parseOrderTimestamp } from './order-timestamp';

describe('parseOrderTimestamp', () => {
  it.each([
    [0, 0],
    [1412123415250, 1412123415250],
    [MAX_TIMESTAMP_MS, MAX_TIMESTAMP_MS],
    ['1970-01-01T00:00:00Z', 0],
    ['2014-10-01T09:30:15+09:00', 1412123415000],
    ['2014-10-01T09:30:15.1+09:00', 1412123415100],
    ['2014-10-01T09:30:15,123456789+09:00', 1412123415123],
    ['2014-12-31T23:59:59.999Z', 1420070399999],
    ['2014-10-01T05:45:15+05:45', 1412121615000],
  ])('%p → %p', (value, expected) => {
    expect(parseOrderTimestamp(value)).toBe(expected);
  });

  it.each([
    [-1],
    [MAX_TIMESTAMP_MS + 1],
    [Number.NaN],
    [Infinity],
    ['1412123415250'],
    ['2014-10-01'],
    ['2014-10-01T09:30:15'],
    ['2014-10-01T24:00:00Z'],
    ['2014-10-01T09:60:00Z'],
    ['2014-10-01T09:30:60Z'],
    ['2014-13-01T09:30:00Z'],
    ['2014-00-01T09:30:00Z'],
    ['2014-04-31T09:30:00Z'],
    ['2015-02-29T09:30:00Z'],
    ['1969-12-31T23:59:59Z'],
    ['2014-10-01T09:30:00+24:00'],
    ['Wed, 01 Oct 2014 09:30:00 GMT'],
    [' 2014-10-01T09:30:00Z'],
    [true],
    [null],
    [{}],
  ])('rejects %p', (value) => {
    expect(parseOrderTimestamp(value)).toBeUndefined();
  });
});
