// Covers WindowLabeler: yyyyMMddHHmmss wall-clock labels per time zone, including midnight and DST.
import { WindowLabeler } from './window-labeler';

describe('WindowLabeler', () => {
  it.each([
    ['Asia/Seoul', Date.UTC(2014, 9, 1, 0, 30, 30), '20141001093030'],
    ['Asia/Seoul', Date.UTC(2014, 9, 1, 15, 0, 0), '20141002000000'],
    ['UTC', Date.UTC(2014, 9, 1, 0, 0, 0), '20141001000000'],
    ['UTC', 0, '19700101000000'],
    ['America/New_York', Date.UTC(2024, 10, 3, 5, 30, 0), '20241103013000'],
    ['America/New_York', Date.UTC(2024, 10, 3, 6, 30, 0), '20241103013000'],
    ['Asia/Kathmandu', Date.UTC(2014, 9, 1, 0, 0, 0), '20141001054500'],
  ])('%s %i → %s', (zone, epochMs, label) => {
    expect(new WindowLabeler(zone).label(epochMs)).toBe(label);
  });

  it('formats each window start once and answers repeats from its cache', () => {
    const labeler = new WindowLabeler('Asia/Seoul');
    const t = Date.UTC(2014, 9, 1, 0, 30, 30);
    const formatToParts = jest.spyOn(Intl.DateTimeFormat.prototype, 'formatToParts');
    try {
      const first = labeler.label(t);
      expect(labeler.label(t)).toBe(first);
      expect(labeler.label(t + 30_000)).toBe('20141001093100');
      expect(formatToParts).toHaveBeenCalledTimes(2);
    } finally {
      formatToParts.mockRestore();
    }
  });

  it('throws RangeError for an unknown zone', () => {
    expect(() => new WindowLabeler('Mars/Olympus')).toThrow(RangeError);
  });
});
