// Covers KPI figures: last-hour totals, the current base window, orders per minute, top coffee and card share.
import { body, series, win } from '../test/fixtures';
import { computeKpis } from './computeKpis';
import { mergeLiveIntoHistory } from './mergeLiveIntoHistory';

describe('computeKpis', () => {
  it('sums the hour and reads the newest base window', () => {
    const snapshot = {
      CustomerAgeGrades: [win('20231115061300', { '2030': 2 }), win('20231115061330', { '2030': 3 })],
      PaymentMethods: [win('20231115061300', { Cash: 2 }), win('20231115061330', { Credit: 1, Debit: 1, Cash: 1 })],
      Orders: [win('20231115061300', { Latte: 2 }), win('20231115061330', { Americano: 4, Latte: 1 })],
    };
    const hour = series('1m', ['202311150612', '202311150613'], (i) => [6, 5][i], snapshot);
    const kpis = computeKpis(hour, 30);
    expect(kpis.lastHour).toEqual({ orders: 11, cups: 11, ordersPerMinute: 5.5, topCoffee: 'Americano', topCoffeeCups: 11, cardShare: 0 });
    expect(kpis.currentDate).toBe('20231115061330');
    expect(kpis.current).toEqual({ orders: 3, cups: 5, ordersPerMinute: 6, topCoffee: 'Americano', topCoffeeCups: 4, cardShare: 2 / 3 });
  });

  it('follows live updates into a new base window', () => {
    const hour = series('1m', ['202311150612', '202311150613'], () => 1, { CustomerAgeGrades: [win('20231115061330')] });
    const next = mergeLiveIntoHistory(hour, body({ date: '20231115061400', age: { '2030': 2 }, pay: { Debit: 2 }, cups: { Espresso: 3 } }));
    const kpis = computeKpis(next, 30);
    expect(kpis.currentDate).toBe('20231115061400');
    expect(kpis.current).toMatchObject({ orders: 2, cups: 3, topCoffee: 'Espresso', cardShare: 1 });
    expect(kpis.lastHour.orders).toBe(3);
  });

  it('has no top coffee or card share without orders', () => {
    const kpis = computeKpis(series('1m', ['202311150612'], () => 0), 30);
    expect(kpis.lastHour).toMatchObject({ orders: 0, topCoffee: null, cardShare: null });
    expect(kpis.currentDate).toBeNull();
  });
});
