// Covers ZoneClock: cached offsets and arithmetic labels agree with Intl everywhere, transitions found to the second.
import { prng } from '../../test/support/random-orders';
import { errorCode } from '../../test/support/error-code';
import { ZoneClock } from './zone-clock';

const ZONES = ['Asia/Seoul', 'Europe/Berlin', 'Asia/Kolkata', 'Asia/Kathmandu', 'America/New_York', 'Australia/Lord_Howe', 'Pacific/Chatham', 'America/St_Johns', 'UTC'];

const formatters = new Map<string, Intl.DateTimeFormat>();

function intlLabel(zone: string, t: number): string {
  let formatter = formatters.get(zone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formatters.set(zone, formatter);
  }
  const parts = formatter.formatToParts(t);
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}${get('month')}${get('day')}${get('hour')}${get('minute')}${get('second')}`;
}

describe('ZoneClock', () => {
  it.each(ZONES)('labels 3,000 random instants (1900-2100) like Intl in %s', (zone) => {
    const clock = new ZoneClock(zone);
    const random = prng(zone.length);
    const from = Date.UTC(1900, 0, 1);
    const to = Date.UTC(2100, 0, 1);
    const mismatches: string[] = [];
    for (let i = 0; i < 3_000; i++) {
      const t = Math.floor(from + random() * (to - from));
      if (clock.label(t) !== intlLabel(zone, t)) {
        mismatches.push(`${t}: ${clock.label(t)} != ${intlLabel(zone, t)}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it.each(ZONES)('labels every quarter hour (and the millisecond before) of 2026 DST transition days like Intl in %s', (zone) => {
    const clock = new ZoneClock(zone);
    const days = [Date.UTC(2026, 2, 28), Date.UTC(2026, 2, 8), Date.UTC(2026, 3, 4), Date.UTC(2026, 9, 3), Date.UTC(2026, 9, 24), Date.UTC(2026, 10, 1)];
    const mismatches: string[] = [];
    for (const day of days) {
      for (let t = day; t < day + 2 * 86_400_000; t += 900_000) {
        for (const at of [t - 1, t, t + 1_000]) {
          if (clock.label(at) !== intlLabel(zone, at)) {
            mismatches.push(`${at}: ${clock.label(at)} != ${intlLabel(zone, at)}`);
          }
        }
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('finds a transition to the second and reports constant-offset segments', () => {
    const clock = new ZoneClock('Europe/Berlin');
    const springForward = Date.UTC(2026, 2, 29, 1);
    const fallBack = Date.UTC(2026, 9, 25, 1);
    expect(clock.offsetAt(springForward - 1)).toBe(3_600_000);
    expect(clock.offsetAt(springForward)).toBe(7_200_000);
    expect(clock.segments(springForward - 86_400_000, fallBack + 86_400_000)).toEqual([
      { from: springForward - 86_400_000, to: springForward, offset: 3_600_000 },
      { from: springForward, to: fallBack, offset: 7_200_000 },
      { from: fallBack, to: fallBack + 86_400_000, offset: 3_600_000 },
    ]);
  });

  it('finds Lord Howe 30-minute shifts at half past the UTC hour', () => {
    const clock = new ZoneClock('Australia/Lord_Howe');
    // 2026-04-05 02:00 local (+11:00) becomes 01:30 (+10:30): 2026-04-04T15:00Z.
    const segments = clock.segments(Date.UTC(2026, 3, 4), Date.UTC(2026, 3, 5));
    expect(segments.map((s) => [new Date(s.from).toISOString(), s.offset / 60_000])).toEqual([
      ['2026-04-04T00:00:00.000Z', 660],
      ['2026-04-04T15:00:00.000Z', 630],
    ]);
  });

  it.each(['Mars/Olympus', '', 'Asia/Seoul ', 'GMT+25'])('rejects the time zone %p with INVALID_TIME_ZONE', (zone) => {
    expect(errorCode(() => new ZoneClock(zone))).toBe('INVALID_TIME_ZONE');
  });

  it('canonicalises the zone name', () => {
    expect(new ZoneClock('asia/seoul').timeZone).toBe('Asia/Seoul');
  });
});
