// Covers Windowing: options validation, window edges, datestrings in several zones (leap day, non-hour offsets), parsing and enumeration.
import { errorCode } from '../../test/support/error-code';
import { prng } from '../../test/support/random-orders';
import { Windowing } from './windowing';

const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

describe('Windowing options', () => {
  it('defaults to 30 s windows in Asia/Seoul with 1m, 1h and 1d roll-ups', () => {
    const w = new Windowing();
    expect([w.windowSizeMs, w.timeZone, w.baseResolution, w.resolutions]).toEqual([30_000, 'Asia/Seoul', '30s', ['30s', '1m', '1h', '1d']]);
  });

  it.each([
    [1_000, '1s', ['1s', '1m', '1h', '1d']],
    [15_000, '15s', ['15s', '1m', '1h', '1d']],
    [60_000, '60s', ['60s', '1h', '1d']],
    [5 * MIN, '300s', ['300s', '1h', '1d']],
    [20 * MIN, '1200s', ['1200s', '1h', '1d']],
    [HOUR, '3600s', ['3600s', '1d']],
  ])('accepts a %p ms window (base %s, default resolutions %p)', (size, base, resolutions) => {
    const w = new Windowing({ windowSizeMs: size });
    expect([w.baseResolution, w.resolutions]).toEqual([base, resolutions]);
  });

  it.each([0, -30_000, 500, 7_000, 45_000, 90_000, 7 * MIN, 2 * HOUR, 30_000.5, Number.NaN, Number.POSITIVE_INFINITY])('rejects a %p ms window with INVALID_WINDOW_SIZE', (size) => {
    expect(errorCode(() => new Windowing({ windowSizeMs: size }))).toBe('INVALID_WINDOW_SIZE');
  });

  it.each([
    [['1h'], ['30s', '1h']],
    [['1d', '1m', '30s', '1m'], ['30s', '1m', '1h', '1d'].filter((r) => r !== '1h')],
    [[], ['30s']],
  ])('configures resolutions %p as %p (base first, finest to coarsest)', (resolutions, expected) => {
    expect(new Windowing({ resolutions }).resolutions).toEqual(expected);
  });

  it.each([
    [{ resolutions: ['5m'] }, 'INVALID_RESOLUTION'],
    [{ resolutions: ['1M'] }, 'INVALID_RESOLUTION'],
    [{ windowSizeMs: 60_000, resolutions: ['1m'] }, 'INVALID_RESOLUTION'],
    [{ windowSizeMs: HOUR, resolutions: ['1h'] }, 'INVALID_RESOLUTION'],
    [{ timeZone: 'Europe/Atlantis' }, 'INVALID_TIME_ZONE'],
    [{ timeZone: '' }, 'INVALID_TIME_ZONE'],
  ])('rejects %p with %s', (options, code) => {
    expect(errorCode(() => new Windowing(options))).toBe(code);
  });
});

describe('Windowing window edges (Asia/Seoul, 30 s)', () => {
  const w = new Windowing();
  const start = Date.UTC(2014, 9, 1, 0, 30, 30); // 2014-10-01 09:30:30 KST

  it.each([
    ['t = start', start, start, '20141001093030'],
    ['t = start + size - 1', start + 29_999, start, '20141001093030'],
    ['t = start + size', start + 30_000, start + 30_000, '20141001093100'],
    ['t = start - 1', start - 1, start - 30_000, '20141001093000'],
  ])('%s', (_name, t, expectedStart, base) => {
    expect(w.windowStart(t)).toBe(expectedStart);
    expect(w.resolutions.map((r) => w.datestring(t, r))).toEqual([base, base.slice(0, 12), base.slice(0, 10), base.slice(0, 8)]);
    expect(w.windowAt(t)).toEqual({ resolution: '30s', date: base, start: expectedStart, end: expectedStart + 30_000 });
  });

  it('aligns windows to the epoch', () => {
    expect(w.windowStart(0)).toBe(0);
    expect(w.windowStart(29_999)).toBe(0);
    expect(w.windowStart(-1)).toBe(-30_000);
    expect(w.datestring(0, '30s')).toBe('19700101090000');
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY, -1e16, 1e16, Date.UTC(999, 0, 1)])('rejects the time %p with INVALID_TIMESTAMP', (t) => {
    expect(errorCode(() => w.windowStart(t))).toBe('INVALID_TIMESTAMP');
    expect(errorCode(() => w.datestring(t, '1m'))).toBe('INVALID_TIMESTAMP');
  });

  it('rejects an unconfigured resolution with INVALID_RESOLUTION', () => {
    expect(errorCode(() => w.datestring(start, '5m'))).toBe('INVALID_RESOLUTION');
    expect(errorCode(() => new Windowing({ resolutions: ['1h'] }).datestring(start, '1m'))).toBe('INVALID_RESOLUTION');
  });
});

describe('Windowing datestrings by zone', () => {
  it.each([
    // zone, instant (UTC), 30s, 1h range start, 1d range start
    ['Asia/Seoul', Date.UTC(2024, 1, 28, 15, 0), '20240229000000', Date.UTC(2024, 1, 28, 15), Date.UTC(2024, 1, 28, 15)],
    ['Asia/Seoul', Date.UTC(2024, 1, 29, 14, 59, 59, 999), '20240229235930', Date.UTC(2024, 1, 29, 14), Date.UTC(2024, 1, 28, 15)],
    ['Asia/Seoul', Date.UTC(2024, 1, 29, 15, 0), '20240301000000', Date.UTC(2024, 1, 29, 15), Date.UTC(2024, 1, 29, 15)],
    ['UTC', Date.UTC(2024, 1, 29, 12, 0, 45), '20240229120030', Date.UTC(2024, 1, 29, 12), Date.UTC(2024, 1, 29)],
    ['Asia/Kolkata', Date.UTC(2024, 5, 1, 18, 29, 59, 999), '20240601235930', Date.UTC(2024, 5, 1, 17, 30), Date.UTC(2024, 4, 31, 18, 30)],
    ['Asia/Kolkata', Date.UTC(2024, 5, 1, 18, 30), '20240602000000', Date.UTC(2024, 5, 1, 18, 30), Date.UTC(2024, 5, 1, 18, 30)],
    ['Asia/Kolkata', Date.UTC(2024, 5, 1, 19, 29, 30), '20240602005930', Date.UTC(2024, 5, 1, 18, 30), Date.UTC(2024, 5, 1, 18, 30)],
    ['Asia/Kolkata', Date.UTC(2024, 5, 1, 19, 30), '20240602010000', Date.UTC(2024, 5, 1, 19, 30), Date.UTC(2024, 5, 1, 18, 30)],
    ['Asia/Kathmandu', Date.UTC(2024, 5, 1, 18, 14, 59, 999), '20240601235930', Date.UTC(2024, 5, 1, 17, 15), Date.UTC(2024, 4, 31, 18, 15)],
    ['Asia/Kathmandu', Date.UTC(2024, 5, 1, 18, 15), '20240602000000', Date.UTC(2024, 5, 1, 18, 15), Date.UTC(2024, 5, 1, 18, 15)],
    ['Asia/Kathmandu', Date.UTC(2024, 5, 1, 19, 14, 30), '20240602005930', Date.UTC(2024, 5, 1, 18, 15), Date.UTC(2024, 5, 1, 18, 15)],
    ['Asia/Kathmandu', Date.UTC(2024, 5, 1, 19, 15), '20240602010000', Date.UTC(2024, 5, 1, 19, 15), Date.UTC(2024, 5, 1, 18, 15)],
  ])('%s at %p: base %s, hour and day start on the local wall clock', (zone, t, base, hourStart, dayStart) => {
    const w = new Windowing({ timeZone: zone });
    expect(w.datestring(t, '30s')).toBe(base);
    expect(w.datestring(t, '1m')).toBe(base.slice(0, 12));
    expect(w.windowAt(t, '1h')).toEqual({ resolution: '1h', date: base.slice(0, 10), start: hourStart, end: hourStart + HOUR });
    expect(w.windowAt(t, '1d')).toEqual({ resolution: '1d', date: base.slice(0, 8), start: dayStart, end: dayStart + DAY });
  });

  it('enumerates the days around a leap day', () => {
    const w = new Windowing();
    expect(w.windowsBetween(Date.UTC(2024, 1, 28), Date.UTC(2024, 1, 29, 15), '1d').map((r) => r.date)).toEqual(['20240228', '20240229', '20240301']);
    expect(w.parseDatestring('20240229')).toEqual({ resolution: '1d', date: '20240229', start: Date.UTC(2024, 1, 28, 15), end: Date.UTC(2024, 1, 29, 15) });
    expect(errorCode(() => w.parseDatestring('20230229'))).toBe('INVALID_DATESTRING');
  });

  it('puts 20-minute windows into Kathmandu hours by their start', () => {
    const w = new Windowing({ windowSizeMs: 20 * MIN, timeZone: 'Asia/Kathmandu' });
    // Epoch-aligned windows start at :00/:20/:40 UTC, i.e. :45/:05/:25 local: an hour's first window starts at :05.
    expect(w.windowsBetween(Date.UTC(2024, 5, 1, 0, 0), Date.UTC(2024, 5, 1, 1, 59), '1h')).toEqual([
      { resolution: '1h', date: '2024060105', start: Date.UTC(2024, 5, 1, 0, 0) - 40 * MIN, end: Date.UTC(2024, 5, 1, 0, 20) },
      { resolution: '1h', date: '2024060106', start: Date.UTC(2024, 5, 1, 0, 20), end: Date.UTC(2024, 5, 1, 1, 20) },
      { resolution: '1h', date: '2024060107', start: Date.UTC(2024, 5, 1, 1, 20), end: Date.UTC(2024, 5, 1, 2, 20) },
    ]);
  });
});

describe('Windowing.parseDatestring', () => {
  const w = new Windowing();

  it.each([
    ['20141001093030', undefined, '30s', Date.UTC(2014, 9, 1, 0, 30, 30), 30_000],
    ['201410010930', undefined, '1m', Date.UTC(2014, 9, 1, 0, 30), MIN],
    ['2014100109', undefined, '1h', Date.UTC(2014, 9, 1, 0), HOUR],
    ['20141001', undefined, '1d', Date.UTC(2014, 8, 30, 15), DAY],
    ['2014100109', '1h', '1h', Date.UTC(2014, 9, 1, 0), HOUR],
  ])('parses %s (resolution %p) as a %s window', (date, resolution, expected, start, length) => {
    expect(w.parseDatestring(date, resolution)).toEqual({ resolution: expected, date, start, end: start + length });
  });

  it.each([
    ['2014100109', '1m', 'INVALID_DATESTRING'],
    ['201410010', undefined, 'INVALID_DATESTRING'],
    ['2014-10-01', undefined, 'INVALID_DATESTRING'],
    ['20141301', undefined, 'INVALID_DATESTRING'],
    ['20141001246000', undefined, 'INVALID_DATESTRING'],
    ['20141001093010', undefined, 'NO_SUCH_WINDOW'],
    ['2014100109', '5m', 'INVALID_RESOLUTION'],
  ])('rejects %s (resolution %p) with %s', (date, resolution, code) => {
    expect(errorCode(() => w.parseDatestring(date, resolution))).toBe(code);
  });

  it('rejects a datestring of an unconfigured resolution', () => {
    expect(errorCode(() => new Windowing({ resolutions: ['1h'] }).parseDatestring('20141001'))).toBe('INVALID_DATESTRING');
  });

  it.each([
    ['Asia/Seoul', 30_000],
    ['Europe/Berlin', 30_000],
    ['Asia/Kathmandu', 5_000],
    ['America/St_Johns', 15 * MIN],
    ['Australia/Lord_Howe', 10 * MIN],
  ])('round-trips 1,000 random instants in %s (%p ms windows)', (timeZone, windowSizeMs) => {
    const w2 = new Windowing({ timeZone, windowSizeMs });
    const random = prng(windowSizeMs);
    const problems: string[] = [];
    for (let i = 0; i < 1_000; i++) {
      const t = Math.floor(Date.UTC(2020, 0, 1) + random() * 8 * 365 * DAY);
      for (const r of w2.resolutions) {
        const date = w2.datestring(t, r);
        const range = w2.parseDatestring(date);
        const ok = range.resolution === r && range.start <= t && t < range.end && w2.datestring(range.start, r) === date && w2.datestring(range.end - 1, r) === date;
        if (!ok) {
          problems.push(`${t} ${r} ${date} ${JSON.stringify(range)}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });
});

describe('Windowing.windowsBetween / lastWindows', () => {
  const w = new Windowing();
  const t0 = Date.UTC(2014, 9, 1, 0, 30, 30);

  it('lists the windows overlapping [from, to], both ends inclusive', () => {
    expect(w.windowsBetween(t0, t0 + 60_000, '30s').map((r) => r.date)).toEqual(['20141001093030', '20141001093100', '20141001093130']);
    expect(w.windowsBetween(t0 + 1, t0 + 59_999, '30s').map((r) => r.date)).toEqual(['20141001093030', '20141001093100']);
    expect(w.windowsBetween(t0, t0, '1d').map((r) => r.date)).toEqual(['20141001']);
    expect(w.windowsBetween(t0, t0 + 2 * HOUR, '1h').map((r) => r.date)).toEqual(['2014100109', '2014100110', '2014100111']);
  });

  it('gives exactly count windows ending with the one containing now', () => {
    const last = w.lastWindows(t0 + 10_000, 20, '30s');
    expect(last).toHaveLength(20);
    expect(last[19]).toEqual(w.windowAt(t0));
    expect(last[0].start).toBe(t0 - 19 * 30_000);
    expect(last.every((r, i) => i === 0 || r.start === last[i - 1].end)).toBe(true);
    expect(w.lastWindows(t0, 3, '1d').map((r) => r.date)).toEqual(['20140929', '20140930', '20141001']);
    expect(w.lastWindows(Date.UTC(2024, 2, 1, 3), 3, '1d').map((r) => r.date)).toEqual(['20240228', '20240229', '20240301']);
    expect(w.lastWindows(t0, 0, '1m')).toEqual([]);
  });

  it.each([
    [() => w.windowsBetween(t0 + 1, t0, '30s'), 'INVALID_ARGUMENT'],
    [() => w.windowsBetween(t0, t0 + 365 * DAY, '30s'), 'RANGE_TOO_LARGE'],
    [() => w.windowsBetween(t0, t0 + 1, '2h'), 'INVALID_RESOLUTION'],
    [() => w.lastWindows(t0, -1, '30s'), 'INVALID_ARGUMENT'],
    [() => w.lastWindows(t0, 1.5, '30s'), 'INVALID_ARGUMENT'],
    [() => w.lastWindows(t0, 100_001, '30s'), 'INVALID_ARGUMENT'],
    [() => w.lastWindows(Number.NaN, 1, '30s'), 'INVALID_TIMESTAMP'],
  ])('rejects bad arguments (case %#) with %s', (call, code) => {
    expect(errorCode(call)).toBe(code);
  });
});
