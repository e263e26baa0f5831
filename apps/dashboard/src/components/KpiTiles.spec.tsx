// Covers the KPI tiles: last-hour headline figures with the current window beneath, and the loading state.
import { render, screen } from '@testing-library/react';
import type { Kpis } from '../lib/computeKpis';
import { KpiTiles } from './KpiTiles';

const kpis: Kpis = {
  currentDate: '20231115061330',
  current: { orders: 3, cups: 5, ordersPerMinute: 6, topCoffee: 'Espresso', topCoffeeCups: 2, cardShare: 0.5 },
  lastHour: { orders: 1234, cups: 2000, ordersPerMinute: 20.57, topCoffee: 'Americano', topCoffeeCups: 700, cardShare: 0.804 },
};

describe('KpiTiles', () => {
  it('shows the last hour and the current window', () => {
    render(<KpiTiles kpis={kpis} windowSizeSeconds={30} />);
    expect(screen.getByTestId('kpi-orders').textContent).toBe('Orders · last hour1,2343 in this 30 s window');
    expect(screen.getByTestId('kpi-orders-per-minute').textContent).toContain('20.6');
    expect(screen.getByTestId('kpi-top-coffee').textContent).toContain('Americano');
    expect(screen.getByTestId('kpi-top-coffee').textContent).toContain('Now: Espresso');
    expect(screen.getByTestId('kpi-card-share').textContent).toContain('80%');
  });

  it('shows dashes when the figures could not be loaded', () => {
    render(<KpiTiles kpis={null} windowSizeSeconds={30} phase="error" />);
    expect(screen.getByTestId('kpi-orders').textContent).toBe('Orders · last hour—No data');
  });

  it('marks tiles busy while loading', () => {
    render(<KpiTiles kpis={null} windowSizeSeconds={30} />);
    expect(screen.getByTestId('kpi-cups').getAttribute('aria-busy')).toBe('true');
  });
});
