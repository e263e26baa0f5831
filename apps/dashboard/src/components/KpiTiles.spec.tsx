// Covers the KPI tiles: labels name their period, the window filling now beneath, the last complete window's rate, loading/error states.
import { render, screen } from '@testing-library/react';
import type { Kpis } from '../lib/computeKpis';
import { seoulMs } from '../test/fixtures';
import { KpiTiles } from './KpiTiles';

const kpis: Kpis = {
  currentStart: seoulMs('20231115061330'),
  currentElapsedMs: 12_400,
  current: { orders: 3, cups: 5, topCoffee: 'Espresso', topCoffeeCups: 2, cardShare: 0.5 },
  lastHour: { orders: 1234, cups: 2000, topCoffee: 'Americano', topCoffeeCups: 700, cardShare: 0.804 },
  rate: { perMinute: 205.67, periodMs: 6 * 60_000 },
  lastComplete: { start: seoulMs('20231115061300'), perMinute: 198 },
};

describe('KpiTiles', () => {
  it('shows the last hour, the rate over its period and the current window', () => {
    render(<KpiTiles kpis={kpis} windowSizeSeconds={30} timeZone="Asia/Seoul" />);
    expect(screen.getByTestId('kpi-orders').textContent).toBe('Orders · last hour1,2343 so far this 30 s');
    expect(screen.getByTestId('kpi-orders-per-minute').textContent).toBe(
      'Orders per minute · last 6 min205.7Last full 30 s (06:13:00): 198.0/min',
    );
    expect(screen.getByTestId('kpi-orders').querySelector('.kpi__detail')?.getAttribute('title')).toBe('3 so far in the 30 s window now filling (12 s in)');
    expect(screen.getByTestId('kpi-top-coffee').textContent).toContain('This 30 s: Espresso');
    expect(screen.getByTestId('kpi-card-share').textContent).toContain('80%');
  });

  it('says when the last complete window is unknown', () => {
    render(<KpiTiles kpis={{ ...kpis, lastComplete: null }} windowSizeSeconds={30} timeZone="Asia/Seoul" />);
    expect(screen.getByTestId('kpi-orders-per-minute').textContent).toContain('Last full 30 s window not loaded yet');
  });

  it('shows dashes when the figures could not be loaded', () => {
    render(<KpiTiles kpis={null} windowSizeSeconds={30} timeZone="Asia/Seoul" phase="error" />);
    expect(screen.getByTestId('kpi-orders').textContent).toBe('Orders · last hour—No data');
  });

  it('marks tiles busy while loading', () => {
    render(<KpiTiles kpis={null} windowSizeSeconds={30} timeZone="Asia/Seoul" />);
    expect(screen.getByTestId('kpi-cups').getAttribute('aria-busy')).toBe('true');
  });
});
