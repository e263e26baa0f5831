// The dashboard's window labels across daylight-saving changes (America/New_York, 2024): gap windows
// and live roll-up starts come from @coffee/aggregation, so a spring-forward day skips 02:00, a
// fall-back day's repeated hour is one window, and starts are real instants.
import type { LiveStatisticsBody, StatsWindow } from '@coffee/aggregation';
import { createLiveSeries } from './createLiveSeries';
import { DEFAULT_VOCABULARY } from './defaultVocabulary';
import { ensureWindows } from './ensureWindows';
import { mergeLiveIntoHistory } from './mergeLiveIntoHistory';
import { resolutionSpec } from './resolutionSpec';
import { windowAfter, windowNamed } from './zoneWindows';

const NY = 'America/New_York';
const hour = resolutionSpec('1h', 30, NY);
const day = resolutionSpec('1d', 30, NY);
const empty = (date: string, start: number): StatsWindow => ({ date, start, counts: {}, total: 0 });

describe('dashboard labels in a DST zone', () => {
  it('spring forward: the hour after 01:00 is 03:00, one real hour later', () => {
    const one = windowNamed(hour, '2024031001');
    expect(one?.start).toBe(Date.UTC(2024, 2, 10, 6));
    const next = windowAfter(hour, '2024031001');
    expect(next).toMatchObject({ date: '2024031003', start: Date.UTC(2024, 2, 10, 7) });
    expect(windowNamed(hour, '2024031002')).toBeUndefined();
  });

  it('fall back: the repeated 01:00 hour is one window and 02:00 follows it', () => {
    const repeated = windowNamed(hour, '2024110301');
    expect(repeated).toMatchObject({ start: Date.UTC(2024, 10, 3, 5), end: Date.UTC(2024, 10, 3, 7) });
    expect(windowAfter(hour, '2024110301')).toMatchObject({ date: '2024110302', start: Date.UTC(2024, 10, 3, 7) });
  });

  it('zero-fills hourly gaps across spring forward without a 02:00 window', () => {
    const list = [empty('2024031000', Date.UTC(2024, 2, 10, 5))];
    const filled = ensureWindows(list, '2024031004', Date.UTC(2024, 2, 10, 8), hour, []);
    expect(filled.map((w) => w.date)).toEqual(['2024031000', '2024031001', '2024031003', '2024031004']);
    expect(filled.map((w) => w.start)).toEqual([5, 6, 7, 8].map((h) => Date.UTC(2024, 2, 10, h)));
  });

  it('zero-fills daily gaps with local midnights (23- and 25-hour days)', () => {
    const list = [empty('20241102', Date.UTC(2024, 10, 2, 4))];
    const filled = ensureWindows(list, '20241105', Date.UTC(2024, 10, 5, 5), day, []);
    expect(filled.map((w) => w.date)).toEqual(['20241102', '20241103', '20241104', '20241105']);
    expect(filled[2].start - filled[1].start).toBe(25 * 3_600_000);
  });

  it('a live base window after fall back lands in its hour with the hour window start', () => {
    const spec = resolutionSpec('1h', 30, NY);
    const none = { branch: 'all', resolution: '1h', from: 0, to: 0, series: {} };
    const series = createLiveSeries({ response: none, snapshot: { ...none, resolution: '30s' }, spec, capacity: 5, vocabulary: DEFAULT_VOCABULARY });
    const at = Date.UTC(2024, 10, 3, 6, 10); // 01:10 EST, the second pass of 01:00
    const body: LiveStatisticsBody = {
      branch: 'all',
      date: '20241103011000',
      counts: [],
      start: at,
      end: at + 30_000,
      resolution: '30s',
      stats: { CustomerAgeGrades: { '2030': 1 }, PaymentMethods: { Cash: 1 }, Orders: { Latte: 1 }, OrderSizes: { '1': 1 } },
      final: false,
    };
    const merged = mergeLiveIntoHistory(series, body);
    expect(merged.windows.CustomerAgeGrades.map((w) => [w.date, w.start, w.total])).toEqual([['2024110301', Date.UTC(2024, 10, 3, 5), 1]]);
  });
});
