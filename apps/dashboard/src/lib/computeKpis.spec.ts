// Covers KPI figures: last-hour totals, orders per minute over the time that actually elapsed, the window filling now and the last complete one.
import { body, seoulMs, series, win } from '../test/fixtures';
import { computeKpis } from './computeKpis';
import { mergeLiveIntoHistory } from './mergeLiveIntoHistory';

const snapshot = {
  CustomerAgeGrades: [win('20231115061300', { '2030': 2 }), win('20231115061330', { '2030': 3 })],
  PaymentMethods: [win('20231115061300', { Cash: 2 }), win('20231115061330', { Credit: 1, Debit: 1, Cash: 1 })],
  Orders: [win('20231115061300', { Latte: 2 }), win('20231115061330', { Americano: 4, Latte: 1 })],
};

describe('computeKpis', () => {
  it('sums the hour, reads the window filling now and the last complete one', () => {
    const hour = series('1m', ['202311150612', '202311150613'], (i) => [6, 5][i], snapshot);
    const now = seoulMs('20231115061345');
    const kpis = computeKpis(hour, 30, now);
    expect(kpis.lastHour).toEqual({ orders: 11, cups: 11, topCoffee: 'Americano', topCoffeeCups: 11, cardShare: 0 });
    expect(kpis.currentStart).toBe(seoulMs('20231115061330'));
    expect(kpis.currentElapsedMs).toBe(15_000);
    expect(kpis.current).toEqual({ orders: 3, cups: 5, topCoffee: 'Americano', topCoffeeCups: 4, cardShare: 2 / 3 });
    // 2 orders in the complete 30 s window 06:13:00 → 4 / min, not the half-filled window's 3 × 2.
    expect(kpis.lastComplete).toEqual({ start: seoulMs('20231115061300'), perMinute: 4 });
  });

  // 1,200 orders per minute flowing for 5 minutes reads 1,200, not 6,000 / 60 = 100.
  it.each([
    ['5 min after the first order', 5, 6000, 1200],
    ['30 s after', 0.5, 600, 1200],
    ['a second after (at least one base window)', 1 / 60, 20, 40],
  ])('rates over the time elapsed since the first order: %s', (_, minutes, orders, perMinute) => {
    const dates = Array.from({ length: 60 }, (_, i) => `2023111506${String(i).padStart(2, '0')}`);
    const hour = series('1m', dates, (i) => (i === 50 ? orders : 0));
    const kpis = computeKpis(hour, 30, seoulMs('20231115065000') + minutes * 60_000);
    expect(kpis.rate.perMinute).toBeCloseTo(perMinute);
    expect(kpis.rate.periodMs).toBe(Math.max(30_000, minutes * 60_000));
  });

  it('rates a full hour of data over the hour', () => {
    const dates = Array.from({ length: 60 }, (_, i) => `2023111506${String(i).padStart(2, '0')}`);
    const kpis = computeKpis(series('1m', dates, () => 10), 30, seoulMs('20231115070000'));
    expect(kpis.rate).toEqual({ perMinute: 10, periodMs: 3_600_000 });
  });

  it('follows live updates into a new base window', () => {
    const hour = series('1m', ['202311150612', '202311150613'], () => 1, { CustomerAgeGrades: [win('20231115061330')] });
    const next = mergeLiveIntoHistory(hour, body({ date: '20231115061400', age: { '2030': 2 }, pay: { Debit: 2 }, cups: { Espresso: 3 } }));
    const kpis = computeKpis(next, 30, seoulMs('20231115061410'));
    expect(kpis.current).toMatchObject({ orders: 2, cups: 3, topCoffee: 'Espresso', cardShare: 1 });
    expect(kpis.lastComplete).toEqual({ start: seoulMs('20231115061330'), perMinute: 0 });
    expect(kpis.lastHour.orders).toBe(3);
  });

  it('has no rate, top coffee, card share or last complete window without orders or tracked windows', () => {
    const kpis = computeKpis(series('1m', ['202311150612'], () => 0), 30, seoulMs('20231115061210'));
    expect(kpis.lastHour).toMatchObject({ orders: 0, topCoffee: null, cardShare: null });
    expect(kpis.rate).toEqual({ perMinute: 0, periodMs: 0 });
    expect(kpis.lastComplete).toBeNull();
  });
});
