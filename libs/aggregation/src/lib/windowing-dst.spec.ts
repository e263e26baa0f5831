// Covers DST: every 30s/1m/1h/1d window across Europe/Berlin's 2026 transitions is unique and parses back; folds merge, gaps vanish.
import { errorCode } from '../../test/support/error-code';
import { Windowing } from './windowing';

const HOUR = 3_600_000;
const DAY = 86_400_000;
const berlin = new Windowing({ timeZone: 'Europe/Berlin' });
const SPRING_FORWARD = Date.UTC(2026, 2, 29, 1); // 02:00 CET -> 03:00 CEST
const FALL_BACK = Date.UTC(2026, 9, 25, 1); // 03:00 CEST -> 02:00 CET

describe.each([
  ['spring forward', SPRING_FORWARD],
  ['fall back', FALL_BACK],
])('Europe/Berlin 2026 %s', (_name, transition) => {
  it.each(['30s', '1m', '1h', '1d'])('enumerates unique %s windows across the transition that parse back', (resolution) => {
    const windows = berlin.windowsBetween(transition - 26 * HOUR, transition + 26 * HOUR, resolution);
    const dates = windows.map((w) => w.date);
    expect(new Set(dates).size).toBe(dates.length);
    expect(windows.filter((w) => JSON.stringify(berlin.parseDatestring(w.date)) !== JSON.stringify(w))).toEqual([]);
    expect(windows.every((w, i) => i === 0 || w.start > windows[i - 1].start)).toBe(true);
    // Every base window of the span belongs to exactly the window its datestring names.
    const known = new Set(dates);
    const problems: string[] = [];
    for (let t = berlin.windowStart(transition - 26 * HOUR); t <= transition + 26 * HOUR; t += 30_000) {
      const date = berlin.datestring(t, resolution);
      const range = berlin.parseDatestring(date, resolution);
      if (!(range.start <= t && t < range.end) || !known.has(date)) {
        problems.push(`${new Date(t).toISOString()} ${date} ${JSON.stringify(range)}`);
      }
    }
    expect(problems).toEqual([]);
  });
});

describe('Europe/Berlin spring forward (2026-03-29, 02:00 -> 03:00)', () => {
  it('has 23 hourly windows, 1,380 minutes and 2,760 base windows, none in 02:xx', () => {
    const day = berlin.parseDatestring('20260329');
    expect(day).toEqual({ resolution: '1d', date: '20260329', start: Date.UTC(2026, 2, 28, 23), end: Date.UTC(2026, 2, 29, 22) });
    const inDay = (r: string): string[] => berlin.windowsBetween(day.start, day.end - 1, r).map((w) => w.date);
    expect(inDay('1h')).toEqual(['00', '01', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12', '13', '14', '15', '16', '17', '18', '19', '20', '21', '22', '23'].map((h) => `20260329${h}`));
    expect(inDay('1m')).toHaveLength(1_380);
    expect(inDay('30s')).toHaveLength(2_760);
    expect(berlin.datestring(SPRING_FORWARD - 1, '30s')).toBe('20260329015930');
    expect(berlin.datestring(SPRING_FORWARD, '30s')).toBe('20260329030000');
  });

  it.each(['2026032902', '202603290230', '20260329020000', '20260329025930'])('has no window %s (NO_SUCH_WINDOW)', (date) => {
    expect(errorCode(() => berlin.parseDatestring(date))).toBe('NO_SUCH_WINDOW');
  });

  it('lists the last windows across the gap without inventing any', () => {
    expect(berlin.lastWindows(SPRING_FORWARD + 45_000, 4, '30s').map((w) => w.date)).toEqual(['20260329015900', '20260329015930', '20260329030000', '20260329030030']);
    expect(berlin.lastWindows(SPRING_FORWARD + HOUR / 2, 3, '1h').map((w) => w.date)).toEqual(['2026032900', '2026032901', '2026032903']);
  });
});

describe('Europe/Berlin fall back (2026-10-25, 03:00 -> 02:00)', () => {
  it('has 24 hourly windows, hour 02 being one two-hour window, and a 25-hour day', () => {
    const day = berlin.parseDatestring('20261025');
    expect(day).toEqual({ resolution: '1d', date: '20261025', start: Date.UTC(2026, 9, 24, 22), end: Date.UTC(2026, 9, 25, 23) });
    const hours = berlin.windowsBetween(day.start, day.end - 1, '1h');
    expect(hours).toHaveLength(24);
    expect(hours[2]).toEqual({ resolution: '1h', date: '2026102502', start: Date.UTC(2026, 9, 25, 0), end: Date.UTC(2026, 9, 25, 2) });
    expect(berlin.windowsBetween(day.start, day.end - 1, '1m')).toHaveLength(1_440);
    expect(berlin.windowsBetween(day.start, day.end - 1, '30s')).toHaveLength(2_880);
  });

  it('gives both passes of 02:30:00 one window covering both', () => {
    const firstPass = Date.UTC(2026, 9, 25, 0, 30, 10);
    const secondPass = firstPass + HOUR;
    expect(berlin.datestring(firstPass, '30s')).toBe('20261025023000');
    expect(berlin.datestring(secondPass, '30s')).toBe('20261025023000');
    expect(berlin.windowAt(secondPass)).toEqual({ resolution: '30s', date: '20261025023000', start: Date.UTC(2026, 9, 25, 0, 30), end: Date.UTC(2026, 9, 25, 1, 30, 30) });
    expect(berlin.windowAt(secondPass, '1m')).toEqual({ resolution: '1m', date: '202610250230', start: Date.UTC(2026, 9, 25, 0, 30), end: Date.UTC(2026, 9, 25, 1, 31) });
  });

  it('lists each folded window once, by start', () => {
    const secondPass0210 = Date.UTC(2026, 9, 25, 1, 10, 15);
    expect(berlin.lastWindows(secondPass0210, 3, '1m').map((w) => w.date)).toEqual(['202610250208', '202610250209', '202610250210']);
    expect(berlin.lastWindows(secondPass0210 + 2 * HOUR, 4, '1h').map((w) => w.date)).toEqual(['2026102501', '2026102502', '2026102503', '2026102504']);
    // Reaching back into the first pass: 02:11-02:59 were first seen after 02:10 and so follow it.
    const long = berlin.lastWindows(secondPass0210, 70, '1m').map((w) => w.date);
    expect(long).toHaveLength(70);
    expect(new Set(long).size).toBe(70);
    expect(long.slice(-2)).toEqual(['202610250258', '202610250259']);
    expect(long).toContain('202610250210');
    expect(long[0]).toBe('202610250150');
  });

  it('counts the 25-hour day once in a range of days', () => {
    expect(berlin.windowsBetween(FALL_BACK - 2 * DAY, FALL_BACK + 2 * DAY, '1d').map((w) => [w.date, (w.end - w.start) / HOUR])).toEqual([
      ['20261023', 24],
      ['20261024', 24],
      ['20261025', 25],
      ['20261026', 24],
      ['20261027', 24],
    ]);
  });
});

describe('Australia/Lord_Howe (30-minute DST)', () => {
  const lordHowe = new Windowing({ timeZone: 'Australia/Lord_Howe' });

  it('merges the repeated half hour into hour 01 and keeps every window unique', () => {
    // 2026-04-05 02:00 (+11:00) -> 01:30 (+10:30) at 2026-04-04T15:00Z.
    const transition = Date.UTC(2026, 3, 4, 15);
    expect(lordHowe.windowAt(transition - 1, '1h')).toEqual({ resolution: '1h', date: '2026040501', start: Date.UTC(2026, 3, 4, 14), end: Date.UTC(2026, 3, 4, 15, 30) });
    for (const r of lordHowe.resolutions) {
      const windows = lordHowe.windowsBetween(transition - 3 * HOUR, transition + 3 * HOUR, r);
      expect(new Set(windows.map((w) => w.date)).size).toBe(windows.length);
    }
  });
});
