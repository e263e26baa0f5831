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

  it('returns the cached label on repeat calls', () => {
    const labeler = new WindowLabeler('Asia/Seoul');
    const t = Date.UTC(2014, 9, 1, 0, 30, 30);
    expect(labeler.label(t)).toBe(labeler.label(t));
  });

  it('throws RangeError for an unknown zone', () => {
    expect(() => new WindowLabeler('Mars/Olympus')).toThrow(RangeError);
  });
});
