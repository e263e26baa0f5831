// Covers liveStatisticsBody: the one builder of the live packet body, its field order (the 2014 wire format first) and what it takes as given.
import { liveStatisticsBody, type WindowTotals } from './live-statistics-body';

const T = Date.UTC(2014, 9, 1, 0, 30, 30);
const totals: WindowTotals = {
  branch: 'jeongja',
  date: '20141001093030',
  start: T,
  end: T + 30_000,
  resolution: '30s',
  stats: { CustomerAgeGrades: { '3040': 1, '2030': 3 }, PaymentMethods: { Cash: 4 }, Orders: { Americano: 5 }, OrderSizes: { '1': 3, '2': 1 } },
};

describe('liveStatisticsBody', () => {
  it('puts the original fields first (age grades sorted by grade), then the window, every type and final', () => {
    expect(JSON.stringify(liveStatisticsBody(totals, false))).toBe(
      '{"branch":"jeongja","date":"20141001093030","counts":[{"type":"2030","count":3},{"type":"3040","count":1}],' +
        `"start":${T},"end":${T + 30_000},"resolution":"30s",` +
        '"stats":{"CustomerAgeGrades":{"2030":3,"3040":1},"PaymentMethods":{"Cash":4},"Orders":{"Americano":5},"OrderSizes":{"1":3,"2":1}},"final":false}',
    );
  });

  it.each([true, false])('carries final = %s', (final) => {
    expect(liveStatisticsBody(totals, final).final).toBe(final);
  });

  it('takes the window from the totals as they are (a fall-back window keeps its long end) and shares the stats', () => {
    const repeated = { ...totals, end: T + 3_630_000 };
    const body = liveStatisticsBody(repeated, true);
    expect(body).toMatchObject({ start: T, end: T + 3_630_000, resolution: '30s' });
    expect(body.stats).toBe(repeated.stats);
  });

  it('gives empty age-grade counts for a window without age grades', () => {
    const none = { ...totals, stats: { ...totals.stats, CustomerAgeGrades: {} } };
    expect(liveStatisticsBody(none, false).counts).toEqual([]);
  });
});
