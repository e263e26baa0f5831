// Covers StackedTimeChart: stacked bars and areas over recharts' axes; a live update redraws only the window it changed, a new window slides in;
// alert markers at the windows an alert concerns, and the tooltip's alerts and top-N (one GET /api/top per view, not per move).
import type { AlertRecord } from '@coffee/aggregation';
import { act, fireEvent, render, waitFor } from '@testing-library/react';
import { clearTopNCache } from '../api/topNCache';
import type { StackedRow } from '../lib/toStackedSeries';
import type { ChartSeries } from './chartSeries';
import { StackedTimeChart } from './StackedTimeChart';

const SERIES: ChartSeries[] = [
  { key: 'a', label: 'A', color: '#111111', hidden: false },
  { key: 'b', label: 'B', color: '#222222', hidden: false },
];

const row = (date: string, values: number[]): StackedRow => ({ date, label: date.slice(-4), start: 0, total: values.reduce((x, y) => x + y, 0), values });

const R1 = row('20231115061200', [2, 3]);
const R2 = row('20231115061230', [1, 1]);
const R3 = row('20231115061300', [4, 0]);

const chart = (rows: StackedRow[], kind: 'bars' | 'areas' = 'bars', series = SERIES, partialDate: string | null = null) => (
  <StackedTimeChart rows={rows} series={series} kind={kind} precision={14} unit="orders" per="30 s" windowSeconds={30} partialDate={partialDate} height={200} width={600} />
);

const column = (container: HTMLElement, date: string) => container.querySelector(`.stacked-bars__column[data-date="${date}"]`);

describe('StackedTimeChart', () => {
  it('draws one stacked column per window, zero values taking no room', async () => {
    const { container } = render(chart([R1, R2, R3]));
    await waitFor(() => expect(container.querySelectorAll('.stacked-bars__column')).toHaveLength(3));
    expect(column(container, R1.date)?.querySelectorAll('rect')).toHaveLength(2);
    expect(column(container, R3.date)?.querySelectorAll('rect')).toHaveLength(1);
    expect(container.querySelectorAll('.recharts-cartesian-axis-tick-value').length).toBeGreaterThan(0);
  });

  it('redraws only the window a live update changed, keeping the other columns as they are', async () => {
    const { container, rerender } = render(chart([R1, R2, R3]));
    await waitFor(() => expect(container.querySelectorAll('.stacked-bars__column')).toHaveLength(3));
    const first = column(container, R1.date)?.querySelector('rect');
    const firstY = first?.getAttribute('y');
    const newest = column(container, R3.date)?.querySelector('rect');
    const heightBefore = Number(newest?.getAttribute('height'));
    act(() => rerender(chart([R1, R2, row(R3.date, [5, 0])])));
    await waitFor(() => expect(Number(column(container, R3.date)?.querySelector('rect')?.getAttribute('height'))).toBeGreaterThan(heightBefore));
    expect(column(container, R1.date)?.querySelector('rect')).toBe(first);
    expect(first?.getAttribute('y')).toBe(firstY);
  });

  it('follows a new top of the value axis through one transform, leaving the other columns alone', async () => {
    const { container, rerender } = render(chart([R1, R2, R3]));
    await waitFor(() => expect(container.querySelectorAll('.stacked-bars__column')).toHaveLength(3));
    const labels = () => [...container.querySelectorAll('.axis-label')].map((t) => t.textContent);
    expect(labels()).toEqual(['0', '2', '4', '6']);
    expect(container.querySelector('.axis-unit')?.textContent).toBe('orders per 30 s');
    const transform = container.querySelector('.stacked-bars')?.getAttribute('transform');
    const first = column(container, R1.date)?.querySelector('rect');
    const firstHeight = first?.getAttribute('height');
    act(() => rerender(chart([R1, R2, row(R3.date, [40, 0])])));
    await waitFor(() => expect(labels()).toEqual(['0', '10', '20', '30', '40']));
    expect(container.querySelector('.stacked-bars')?.getAttribute('transform')).not.toBe(transform);
    expect(column(container, R1.date)?.querySelector('rect')).toBe(first);
    expect(first?.getAttribute('height')).toBe(firstHeight);
  });

  it('slides a new window in and the oldest out', async () => {
    const { container, rerender } = render(chart([R1, R2, R3]));
    await waitFor(() => expect(container.querySelectorAll('.stacked-bars__column')).toHaveLength(3));
    const R4 = row('20231115061330', [1, 2]);
    act(() => rerender(chart([R2, R3, R4])));
    await waitFor(() => expect(column(container, R4.date)).not.toBeNull());
    expect(column(container, R1.date)).toBeNull();
    expect([...container.querySelectorAll('.stacked-bars__column')].map((g) => g.getAttribute('data-date'))).toEqual([R2.date, R3.date, R4.date]);
  });

  it('draws a band per visible series as stacked areas', async () => {
    const { container, rerender } = render(chart([R1, R2, R3], 'areas'));
    await waitFor(() => expect(container.querySelectorAll('.stacked-areas__area')).toHaveLength(2));
    act(() => rerender(chart([R1, R2, R3], 'areas', [SERIES[0], { ...SERIES[1], hidden: true }])));
    await waitFor(() => expect(container.querySelectorAll('.stacked-areas__area')).toHaveLength(1));
  });

  it('labels the value axis in compact notation', async () => {
    const { container } = render(chart([R1, row(R2.date, [12_000, 8_000])]));
    await waitFor(() => expect(container.querySelectorAll('.axis-label').length).toBeGreaterThan(0));
    expect([...container.querySelectorAll('.axis-label')].map((t) => t.textContent)).toEqual(['0', '5k', '10k', '15k', '20k']);
  });

  it('labels the time axis on round times', async () => {
    const rows = Array.from({ length: 20 }, (_, i) => row(`2023111506${String(10 + Math.floor(i / 2)).padStart(2, '0')}${i % 2 ? '30' : '00'}`, [1, 1]));
    const { container } = render(chart(rows));
    await waitFor(() => expect(container.querySelectorAll('.recharts-cartesian-axis-tick-value').length).toBeGreaterThan(0));
    const texts = [...container.querySelectorAll('.recharts-cartesian-axis-tick-value')].map((t) => t.textContent ?? '');
    expect(texts.every((t) => /^06:\d\d$/.test(t) && Number(t.slice(3)) % 2 === 0)).toBe(true);
  });

  it('draws the window still filling lighter and outlined, as bars', async () => {
    const { container } = render(chart([R1, R2, R3], 'bars', SERIES, R3.date));
    await waitFor(() => expect(container.querySelectorAll('.stacked-bars__column')).toHaveLength(3));
    expect(column(container, R3.date)?.classList.contains('stacked-bars__column--partial')).toBe(true);
    expect(column(container, R3.date)?.querySelector('.stacked-bars__partial-outline')).not.toBeNull();
    expect(column(container, R2.date)?.classList.contains('stacked-bars__column--partial')).toBe(false);
  });

  it('ends the areas at the last complete window and draws the one still filling as open points', async () => {
    const { container } = render(chart([R1, R2, R3], 'areas', SERIES, R3.date));
    await waitFor(() => expect(container.querySelectorAll('.stacked-areas__area')).toHaveLength(2));
    expect(container.querySelectorAll('.stacked-areas__partial-point')).toHaveLength(2);
    const complete = render(chart([R1, R2, R3], 'areas', SERIES, null));
    await waitFor(() => expect(complete.container.querySelectorAll('.stacked-areas__area')).toHaveLength(2));
    // Without the partial window the edge path has one more point.
    const edge = (c: HTMLElement) => c.querySelector('.stacked-areas__area path:last-child')?.getAttribute('d') ?? '';
    expect(edge(complete.container).length).toBeGreaterThan(edge(container).length);
    expect(complete.container.querySelectorAll('.stacked-areas__partial-point')).toHaveLength(0);
  });

  it('starts keyboard navigation at the newest window and moves with the arrows', async () => {
    const { container, getByTestId, queryByTestId } = render(chart([R1, R2, R3], 'bars', SERIES, R3.date));
    await waitFor(() => expect(container.querySelectorAll('.stacked-bars__column')).toHaveLength(3));
    const chartEl = container.querySelector<HTMLElement>('.time-chart');
    expect(chartEl?.tabIndex).toBe(0);
    // recharts' own keyboard layer (a focusable svg without outline) is off.
    expect(container.querySelector('svg[tabindex]')).toBeNull();
    act(() => chartEl?.focus());
    await waitFor(() => expect(getByTestId('key-tooltip').textContent).toContain('2023-11-15 06:13:00 · in progress, so far'));
    fireEvent.keyDown(chartEl as HTMLElement, { key: 'ArrowLeft' });
    await waitFor(() => expect(getByTestId('key-tooltip').textContent).toContain('2023-11-15 06:12:30'));
    expect(container.querySelector('.keyboard-cursor')).not.toBeNull();
    act(() => chartEl?.blur());
    await waitFor(() => expect(queryByTestId('key-tooltip')).toBeNull());
  });

  describe('alerts and top-N', () => {
    // Rows with real window starts, 30 s apart.
    const T0 = Date.UTC(2023, 10, 14, 21, 12, 0);
    const timed = [R1, R2, R3].map((r, i) => ({ ...r, start: T0 + i * 30_000 }));
    const spike: AlertRecord = {
      id: `spike:jeongja:${T0 + 30_000}`,
      rule: 'spike',
      branch: 'jeongja',
      state: 'open',
      windowStart: T0 + 30_000,
      windowEnd: T0 + 60_000,
      date: '20231115061230',
      value: 9,
      expected: { median: 2, lower: 1, upper: 3 },
    };
    const other: AlertRecord = { ...spike, id: `drop:sunae:${T0}`, rule: 'drop', branch: 'sunae', windowStart: T0, windowEnd: T0 + 30_000 };
    const view = (kind: 'bars' | 'areas', branch = 'jeongja', alerts: AlertRecord[] = [spike, other]) => (
      <StackedTimeChart rows={timed} series={SERIES} kind={kind} precision={14} unit="orders" per="30 s" windowSeconds={30} partialDate={null} height={200} width={600} branch={branch} resolution="30s" alerts={alerts} />
    );
    let fetchMock: jest.Mock;

    beforeEach(() => {
      clearTopNCache();
      const body = { windows: timed.map((r, i) => ({ start: r.start, date: r.date, total: r.total, top: [{ rank: 1, name: i === 2 ? 'Americano' : 'Espresso', count: 4 }, { rank: 2, name: 'Cappuccino', count: 1 }] })) };
      fetchMock = jest.fn(() => Promise.resolve({ ok: true, status: 200, statusText: '', text: () => Promise.resolve(JSON.stringify(body)) } as Response));
      global.fetch = fetchMock;
    });

    it.each(['bars', 'areas'] as const)('marks the view branch’s alerts at their windows with an accessible label (%s)', async (kind) => {
      const { container } = render(view(kind));
      await waitFor(() => expect(container.querySelectorAll('[data-testid=alert-marker]')).toHaveLength(1));
      const marker = container.querySelector('[data-testid=alert-marker]');
      expect(marker?.getAttribute('role')).toBe('img');
      expect(marker?.getAttribute('aria-label')).toBe('Spike alert on jeongja at 06:12:30, open: 9 orders (usual 2, band 1–3)');
      expect(container.querySelector('.time-chart')?.getAttribute('aria-label')).toContain('1 alert marked');
      // The open alert's band runs from its window (the second of three) to the newest.
      const band = container.querySelector('.alert-band');
      const x = Number(band?.getAttribute('x'));
      const width = Number(band?.getAttribute('width'));
      const plotLeft = 44;
      const plotWidth = 600 - 44 - 10;
      expect(x).toBeGreaterThan(plotLeft + plotWidth / 6);
      expect(x).toBeLessThan(plotLeft + plotWidth / 2);
      expect(x + width).toBeCloseTo(plotLeft + plotWidth, 0);
      // Every branch's alerts on the chain's view.
      const all = render(view(kind, 'all'));
      await waitFor(() => expect(all.container.querySelectorAll('[data-testid=alert-marker]')).toHaveLength(2));
    });

    it('shows the window’s alerts and top coffees in the tooltip, with one request for the view', async () => {
      const { container, getByTestId } = render(view('bars'));
      await waitFor(() => expect(container.querySelectorAll('.stacked-bars__column')).toHaveLength(3));
      expect(fetchMock).not.toHaveBeenCalled();
      const chartEl = container.querySelector<HTMLElement>('.time-chart') as HTMLElement;
      act(() => chartEl.focus());
      await waitFor(() => expect(getByTestId('key-tooltip').textContent).toContain('1. Americano4'));
      expect(getByTestId('key-tooltip').textContent).toContain('Spike alert on jeongja at 06:12:30');
      fireEvent.keyDown(chartEl, { key: 'ArrowLeft' });
      fireEvent.keyDown(chartEl, { key: 'ArrowLeft' });
      await waitFor(() => expect(getByTestId('key-tooltip').textContent).toContain('1. Espresso4'));
      expect(getByTestId('key-tooltip').textContent).not.toContain('Spike alert');
      fireEvent.pointerEnter(chartEl);
      fireEvent.pointerLeave(chartEl);
      expect(fetchMock).toHaveBeenCalledTimes(1);
      expect(String(fetchMock.mock.calls[0]?.[0])).toBe(`/api/top?type=Orders&n=3&branch=jeongja&resolution=30s&from=${T0}&to=${T0 + 60_000}`);
    });
  });
});
