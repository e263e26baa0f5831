// The one resolution table and the helpers every app reads it through.
import {
  BASE_PRECISION,
  ROLLUP_RESOLUTIONS,
  baseResolutionId,
  defaultRollups,
  nominalDurationMs,
  resolutionSpecOf,
  rollupResolution,
} from './resolutions';
import { Windowing } from './windowing';

describe('resolution table', () => {
  it('lists 1m, 1h, 1d finest first with their precision and duration', () => {
    expect(ROLLUP_RESOLUTIONS.map((r) => [r.id, r.precision, r.durationMs])).toEqual([
      ['1m', 12, 60_000],
      ['1h', 10, 3_600_000],
      ['1d', 8, 86_400_000],
    ]);
    expect(BASE_PRECISION).toBe(14);
    expect(Object.isFrozen(ROLLUP_RESOLUTIONS) && Object.isFrozen(ROLLUP_RESOLUTIONS[0])).toBe(true);
  });

  it.each([
    ['30s', 30_000, { id: '30s', precision: 14, durationMs: 30_000, isBase: true }],
    ['1m', 30_000, { id: '1m', precision: 12, durationMs: 60_000, isBase: false }],
    ['1h', 30_000, { id: '1h', precision: 10, durationMs: 3_600_000, isBase: false }],
    ['1d', 30_000, { id: '1d', precision: 8, durationMs: 86_400_000, isBase: false }],
    ['1m', 60_000, { id: '60s', precision: 14, durationMs: 60_000, isBase: true }],
    ['bogus', 10_000, { id: '10s', precision: 14, durationMs: 10_000, isBase: true }],
  ])('resolutionSpecOf(%s, %d)', (id, size, expected) => {
    expect(resolutionSpecOf(id, size)).toEqual(expected);
  });

  it.each([
    ['1m', 60_000],
    ['1h', 3_600_000],
    ['1d', 86_400_000],
    ['30s', 30_000],
    ['5s', 5_000],
    ['0s', undefined],
    ['2h', undefined],
    ['x', undefined],
  ])('nominalDurationMs(%s) = %s', (id, ms) => {
    expect(nominalDurationMs(id)).toBe(ms);
  });

  it('names the base and the default roll-ups of a window size', () => {
    expect(baseResolutionId(30_000)).toBe('30s');
    expect(rollupResolution('1h')?.precision).toBe(10);
    expect(rollupResolution('30s')).toBeUndefined();
    expect(defaultRollups(30_000)).toEqual(['1m', '1h', '1d']);
    expect(defaultRollups(3_600_000)).toEqual(['1d']);
  });

  it('is what Windowing cuts datestrings with', () => {
    const windowing = new Windowing({ timeZone: 'UTC' });
    const t = Date.UTC(2024, 0, 2, 3, 4, 30);
    for (const r of ROLLUP_RESOLUTIONS) {
      expect(windowing.datestring(t, r.id)).toHaveLength(r.precision);
      expect(windowing.windowAt(t, r.id).end - windowing.windowAt(t, r.id).start).toBe(r.durationMs);
    }
  });
});
