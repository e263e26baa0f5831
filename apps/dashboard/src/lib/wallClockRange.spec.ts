// Covers absolute ranges: shop-local wall-clock from/to → epoch ms in the zone (DST-correct via @coffee/aggregation), invalid ones dropped, and back.
import { wallClockOf } from './wallClockOf';
import { wallClockRange } from './wallClockRange';

describe('wallClockRange', () => {
  it.each([
    ['Seoul (UTC+9)', '2026-12-06T09:00', '2026-12-06T12:30', 'Asia/Seoul', { from: Date.UTC(2026, 11, 6, 0, 0), to: Date.UTC(2026, 11, 6, 3, 30) }],
    ['across a spring-forward change (New York, 23-hour day)', '2026-03-08T00:00', '2026-03-09T00:00', 'America/New_York', { from: Date.UTC(2026, 2, 8, 5), to: Date.UTC(2026, 2, 9, 4) }],
    ['from after to', '2026-12-06T12:00', '2026-12-06T09:00', 'Asia/Seoul', undefined],
    ['missing to', '2026-12-06T09:00', '', 'Asia/Seoul', undefined],
  ])('%s', (_, from, to, zone, range) => {
    expect(wallClockRange(from, to, zone)).toEqual(range);
  });

  it('writes an instant back as the same wall-clock minute', () => {
    expect(wallClockOf(Date.UTC(2026, 11, 6, 0, 0), 'Asia/Seoul')).toBe('2026-12-06T09:00');
    expect(wallClockOf(Date.UTC(2026, 2, 9, 4, 0), 'America/New_York')).toBe('2026-03-09T00:00');
  });
});
