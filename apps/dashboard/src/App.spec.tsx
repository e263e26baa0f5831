// Covers the whole page against a fake gateway and socket: history, live growth, branch/resolution switches, reconnect backfill, errors.
import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { App } from './App';
import { installFakeGateway, NOW, statsCalls } from './test/fakeGateway';
import { body, FakeSocket } from './test/fixtures';
import { renderAsync } from './test/renderAsync';

// The charts themselves are covered by the card tests; here they would only cost time.
jest.mock('./charts/charts', () => ({ StackedTimeChart: () => null, ShareDonut: () => null, RankedBars: () => null }));

const caption = (id: string) => screen.getByTestId(`${id}-caption`).textContent;

const start = async (options?: Parameters<typeof installFakeGateway>[0]) => {
  const fetchMock = installFakeGateway(options);
  const socket = new FakeSocket();
  const connect = () => socket;
  const view = await renderAsync(<App connect={connect} gateway="http://10.1.2.3:8123" />);
  return { fetchMock, socket, view };
};

const ready = () => waitFor(() => expect(screen.getByTestId('chart-age-grades').getAttribute('data-state')).toBe('ready'));

describe('App', () => {
  beforeEach(() => window.history.replaceState(null, '', '/'));

  it('shows history for all branches in all three charts and the KPIs', async () => {
    const { fetchMock } = await start({ ordersPerWindow: (b) => (b === 'all' ? 2 : 1) });
    await ready();
    expect(caption('chart-age-grades')).toBe('40 orders in range');
    // The other cards take the same data a moment later (staggered rendering).
    await waitFor(() => expect(caption('chart-payment-methods')).toBe('40 orders in range'));
    await waitFor(() => expect(caption('chart-coffee-types')).toBe('40 cups in range'));
    expect(screen.getByTestId('kpi-orders').textContent).toContain('120');
    expect(statsCalls(fetchMock)).toContain('/api/stats?branch=all&resolution=30s&last=20');
    await waitFor(() => expect(screen.getByTestId<HTMLSelectElement>('branch-select').options).toHaveLength(5));
  });

  it('grows the current window with live totals (replacing, not adding)', async () => {
    const { socket } = await start();
    await ready();
    act(() => socket.fire('connect'));
    expect(socket.subscriptions()).toEqual([{ branches: ['all'] }]);
    const updatedBefore = screen.getByTestId('chart-age-grades').getAttribute('data-updated-at');
    act(() => socket.fire('stats', body({ branch: 'all', date: NOW, age: { '2030': 5 }, pay: { Cash: 5 }, cups: { Latte: 6 } })));
    await waitFor(() => expect(caption('chart-age-grades')).toBe('24 orders in range'));
    await waitFor(() => expect(caption('chart-coffee-types')).toBe('25 cups in range'));
    act(() => socket.fire('stats', body({ branch: 'all', date: NOW, age: { '2030': 5 }, pay: { Cash: 5 }, cups: { Latte: 6 } })));
    await act(() => new Promise((resolve) => setTimeout(resolve, 700)));
    expect(caption('chart-age-grades')).toBe('24 orders in range');
    expect(caption('chart-coffee-types')).toBe('25 cups in range');
    expect(screen.getByTestId('chart-age-grades').getAttribute('data-updated-at')).not.toBe(updatedBefore);
    expect(screen.getByTestId('connection-status').getAttribute('data-status')).toBe('live');
  });

  it('refetches and resubscribes when the branch changes', async () => {
    const { socket, fetchMock } = await start({ ordersPerWindow: (b) => (b === 'sunae' ? 3 : 1) });
    await ready();
    act(() => socket.fire('connect'));
    fireEvent.change(screen.getByTestId('branch-select'), { target: { value: 'sunae' } });
    await waitFor(() => expect(caption('chart-age-grades')).toBe('60 orders in range'));
    expect(statsCalls(fetchMock)).toContain('/api/stats?branch=sunae&resolution=30s&last=20');
    expect(socket.subscriptions().at(-1)).toEqual({ branches: ['sunae'] });
    expect(window.location.search).toContain('branch=sunae');
  });

  it('refetches at the new resolution with a range that fits it', async () => {
    const { fetchMock } = await start();
    await ready();
    fireEvent.change(screen.getByTestId('resolution-select'), { target: { value: '1h' } });
    await waitFor(() => expect(caption('chart-age-grades')).toBe('24 orders in range'));
    expect(statsCalls(fetchMock)).toContain('/api/stats?branch=all&resolution=1h&last=24');
    expect([...screen.getByTestId<HTMLSelectElement>('range-select').options].map((o) => o.text)).toEqual(['Last 24 hours', 'Last 7 days', 'Custom from/to…']);
  });

  it('backfills from REST after a reconnect before merging live updates again', async () => {
    const { socket, fetchMock } = await start();
    await ready();
    act(() => socket.fire('connect'));
    act(() => socket.fire('disconnect'));
    expect(screen.getByTestId('connection-status').getAttribute('data-status')).toBe('reconnecting');
    const before = statsCalls(fetchMock).length;
    act(() => {
      socket.fire('connect');
      socket.fire('stats', body({ branch: 'all', date: NOW, age: { '2030': 4 } }));
    });
    await waitFor(() => expect(statsCalls(fetchMock).length).toBe(before + 3));
    await waitFor(() => expect(caption('chart-age-grades')).toBe('23 orders in range'));
  });

  it('says how to fix an unreachable gateway', async () => {
    const { view } = await start({ down: true });
    await waitFor(() => expect(screen.getByTestId('error-banner').textContent).toContain('Cannot reach the API gateway at http://10.1.2.3:8123 — is it running?'));
    expect(screen.getByTestId('chart-coffee-types').getAttribute('data-state')).toBe('error');
    view.unmount();
  });

  it('says no orders yet when the range is empty', async () => {
    await start({ ordersPerWindow: () => 0 });
    await waitFor(() => expect(screen.getByTestId('chart-payment-methods').getAttribute('data-state')).toBe('empty'));
    expect(screen.getByTestId('chart-payment-methods-empty').textContent).toMatch(/is the generator running\?/);
  });

  it('dims the panels with the time of the data once the gateway has been away a few seconds, and recovers', async () => {
    const { socket, fetchMock } = await start({ ordersPerWindow: (b) => (b === 'sunae' ? 3 : 1) });
    await ready();
    act(() => socket.fire('connect'));
    act(() => socket.fire('disconnect'));
    expect(screen.queryByTestId('offline-banner')).toBeNull();
    await waitFor(() => expect(screen.getByTestId('offline-banner').textContent).toMatch(/Offline — data as of \d\d:\d\d:\d\d\./), { timeout: 5000 });
    expect(screen.getByTestId('offline-banner').textContent).toContain('http://10.1.2.3:8123');
    expect(document.querySelector('.charts')?.classList.contains('is-offline')).toBe(true);
    // A selection made while offline says it will load later; the old figures stay, dimmed.
    fetchMock.mockImplementation(() => Promise.reject(new TypeError('Failed to fetch')));
    fireEvent.change(screen.getByTestId('branch-select'), { target: { value: 'sunae' } });
    await waitFor(() => expect(screen.getByTestId('offline-banner').textContent).toContain('Sunae · 30s cannot load yet; it will load when the gateway is back.'));
    expect(caption('chart-age-grades')).toBe('20 orders in range');
    expect(screen.queryByTestId('error-banner')).toBeNull();
    installFakeGateway({ ordersPerWindow: (b) => (b === 'sunae' ? 3 : 1) });
    act(() => socket.fire('connect'));
    await waitFor(() => expect(caption('chart-age-grades')).toBe('60 orders in range'));
    expect(screen.queryByTestId('offline-banner')).toBeNull();
    expect(document.querySelector('.charts')?.classList.contains('is-offline')).toBe(false);
  });

  it('says "no such branch" with the list for an unknown branch in the URL', async () => {
    window.history.replaceState(null, '', '/?branch=pangyo');
    await start();
    await waitFor(() => expect(screen.getByTestId('unknown-branch').textContent).toContain('No such branch: “pangyo”.'));
    expect(screen.getByTestId('unknown-branch').textContent).toContain('Known branches: jeongja, migeum, seohyeon, sunae.');
    expect(screen.queryByText(/is the generator running/)).toBeNull();
    expect(screen.getByTestId<HTMLSelectElement>('branch-select').selectedOptions[0].text).toBe('pangyo (no such branch)');
  });

  it('loads an absolute from/to range from the URL or the picker, and offers the view as CSV', async () => {
    const { fetchMock } = await start();
    await ready();
    expect(screen.getByTestId('download-csv').getAttribute('href')).toBe('/api/stats?branch=all&resolution=30s&last=20&format=csv');
    fireEvent.change(screen.getByTestId('range-select'), { target: { value: 'custom' } });
    fireEvent.change(screen.getByTestId('range-from'), { target: { value: '2023-11-15T06:00' } });
    fireEvent.change(screen.getByTestId('range-to'), { target: { value: '2023-11-15T06:10' } });
    fireEvent.click(screen.getByTestId('range-apply'));
    const from = Date.UTC(2023, 10, 14, 21, 0);
    const to = Date.UTC(2023, 10, 14, 21, 10);
    await waitFor(() => expect(statsCalls(fetchMock)).toContain(`/api/stats?branch=all&resolution=30s&from=${from}&to=${to}`));
    expect(window.location.search).toContain('from=2023-11-15T06%3A00&to=2023-11-15T06%3A10');
    expect(screen.getByTestId('download-csv').getAttribute('href')).toBe(`/api/stats?branch=all&resolution=30s&from=${from}&to=${to}&format=csv`);
    // Back to a preset drops the range.
    fireEvent.change(screen.getByTestId('range-select'), { target: { value: '60' } });
    await waitFor(() => expect(window.location.search).not.toContain('from='));
  });
});
