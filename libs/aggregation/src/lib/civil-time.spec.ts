// Covers wall-clock arithmetic: formatting and parsing yyyyMMddHHmmss without Intl, against Date's UTC fields.
import { prng } from '../../test/support/random-orders';
import { MAX_TIME, MIN_TIME, formatWallClock, parseWallClock } from './civil-time';

function viaDate(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.slice(0, 4) + iso.slice(5, 7) + iso.slice(8, 10) + iso.slice(11, 13) + iso.slice(14, 16) + iso.slice(17, 19);
}

describe('formatWallClock / parseWallClock', () => {
  it.each([
    [0, '19700101000000'],
    [Date.UTC(2024, 1, 29, 23, 59, 59, 999), '20240229235959'],
    [Date.UTC(2000, 1, 29), '20000229000000'],
    [Date.UTC(1900, 2, 1), '19000301000000'],
    [Date.UTC(1000, 0, 2), '10000102000000'],
    [Date.UTC(9999, 11, 31, 23, 59, 59), '99991231235959'],
    [-1, '19691231235959'],
  ])('formats %p as %s', (ms, label) => {
    expect(formatWallClock(ms)).toBe(label);
  });

  it('agrees with Date for 20,000 random instants in years 1000-9999 and round-trips', () => {
    const random = prng(7);
    const problems: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const ms = Math.floor(MIN_TIME + random() * (MAX_TIME - MIN_TIME));
      const label = formatWallClock(ms);
      if (label !== viaDate(ms) || parseWallClock(label) !== Math.floor(ms / 1000) * 1000) {
        problems.push(`${ms}: ${label}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it.each([
    ['20240229', Date.UTC(2024, 1, 29)],
    ['2024022913', Date.UTC(2024, 1, 29, 13)],
    ['202402291305', Date.UTC(2024, 1, 29, 13, 5)],
    ['20240229130559', Date.UTC(2024, 1, 29, 13, 5, 59)],
  ])('parses %s', (label, ms) => {
    expect(parseWallClock(label)).toBe(ms);
  });

  it.each(['20230229', '20241301', '20240001', '20240100', '2024010124', '202401010060', '20240101000060', '2024010', '202401011', '2024-01-01', '09990101', ' 20240101', '202401010000000', ''])(
    'rejects %p',
    (label) => {
      expect(parseWallClock(label)).toBeUndefined();
    },
  );
});
