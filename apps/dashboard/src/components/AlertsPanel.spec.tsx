// Covers AlertsPanel + useAlerts: the REST list with open/resolved state, live events opening and resolving alerts with a notification, and a failing gateway.
import type { AlertEvent, AlertRecord } from '@coffee/aggregation';
import { act, render, screen, waitFor } from '@testing-library/react';
import { applyAlertEvent, useAlerts, type AlertsOptions, type AlertSubscribe } from '../hooks/useAlerts';
import { AlertsPanel as AlertsList } from './AlertsPanel';

const record = (id: string, state: AlertRecord['state'], windowStart: number): AlertRecord => {
  const [rule = 'silent', branch = 'sunae'] = id.split(':');
  return { id, rule: rule as AlertRecord['rule'], branch, state, windowStart, windowEnd: windowStart + 30_000, date: '20231115061300', value: 0, silentWindows: 6 };
};

const event = (rule: AlertEvent['rule'], branch: string, windowStart: number, state: AlertEvent['state']): AlertEvent => ({
  id: `${rule}:${branch}:${windowStart}`,
  rule,
  branch,
  state,
  windowStart,
  windowEnd: windowStart + 30_000,
  date: '20231115062000',
  value: 120,
  expected: { median: 30, lower: 15, upper: 45 },
});

function serve(body: unknown, status = 200): jest.Mock {
  const mock = jest.fn(() => Promise.resolve({ ok: status === 200, status, statusText: '', text: () => Promise.resolve(JSON.stringify(body)) } as Response));
  global.fetch = mock;
  return mock;
}

/** The panel over its own useAlerts, as the App wires it. */
function AlertsPanel(options: AlertsOptions) {
  return <AlertsList {...useAlerts(options)} />;
}

describe('AlertsPanel', () => {
  it('lists the alerts with their state', async () => {
    const mock = serve({ alerts: [record('silent:sunae:60000', 'open', 60_000), { ...record('drop:all:0', 'resolved', 0), resolved: { id: 'x', windowStart: 30_000, date: '20231115061330', value: 9 } }] });
    render(<AlertsPanel limit={5} pollMs={60_000} />);
    await waitFor(() => expect(screen.getAllByTestId('alert-item')).toHaveLength(2));
    expect(String(mock.mock.calls[0]?.[0])).toBe('/api/alerts?limit=5');
    const [open, resolved] = screen.getAllByTestId('alert-item');
    expect(open?.dataset['state']).toBe('open');
    expect(open?.textContent).toContain('no orders for 6 windows');
    expect(resolved?.textContent).toContain('all branches');
    expect(resolved?.textContent).toContain('→ 06:13:30');
  });

  it('adds live alerts, resolves them live, and notifies', async () => {
    serve({ alerts: [] });
    let push: (event: AlertEvent) => void = () => undefined;
    const subscribe: AlertSubscribe = (onAlert) => {
      push = onAlert;
      return () => undefined;
    };
    render(<AlertsPanel subscribe={subscribe} pollMs={60_000} />);
    await screen.findByText('No alerts.');
    act(() => push(event('spike', 'jeongja', 90_000, 'open')));
    expect(screen.getByTestId('alert-notification').textContent).toContain('Spike on jeongja at 06:20:00');
    expect(screen.getByTestId('alert-item').dataset['state']).toBe('open');
    expect(screen.getByTestId('alert-item').textContent).toContain('120 orders (usual 30, band 15–45)');
    act(() => push(event('spike', 'jeongja', 150_000, 'resolved')));
    expect(screen.getByTestId('alert-item').dataset['state']).toBe('resolved');
    expect(screen.getByTestId('alert-notification').textContent).toContain('Spike resolved on jeongja');
  });

  it('says so when the gateway cannot answer', async () => {
    serve({ message: 'redis: unavailable' }, 503);
    render(<AlertsPanel pollMs={60_000} />);
    await screen.findByText('Alerts are unavailable right now.');
  });
});

describe('applyAlertEvent', () => {
  it.each<[string, AlertRecord[], AlertEvent, string[]]>([
    ['adds an open alert once', [record('silent:a:0', 'open', 0)], event('silent', 'a', 0, 'open'), ['silent:a:0 open']],
    ['adds a new one first', [record('silent:a:0', 'open', 0)], event('spike', 'b', 30_000, 'open'), ['spike:b:30000 open', 'silent:a:0 open']],
    ['resolves the open one of the rule and branch', [record('silent:a:0', 'open', 0)], event('silent', 'a', 60_000, 'resolved'), ['silent:a:0 resolved']],
    ['ignores a resolve of another branch', [record('silent:a:0', 'open', 0)], event('silent', 'b', 60_000, 'resolved'), ['silent:a:0 open']],
  ])('%s', (_name, alerts, incoming, expected) => {
    expect(applyAlertEvent(alerts, incoming, 10).map((a) => `${a.id} ${a.state}`)).toEqual(expected);
  });
});
