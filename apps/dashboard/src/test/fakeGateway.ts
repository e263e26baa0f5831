// A fetch stand-in answering the gateway's REST contract with fixed windows ending at 2023-11-15 06:13:30 (Seoul).
import type { StatisticType } from '@coffee/aggregation';
import { DEFAULT_VOCABULARY } from '../lib/defaultVocabulary';
import { resolutionSpec } from '../lib/resolutionSpec';
import { windowingFor } from '../lib/zoneWindows';
import { seoulMs, win } from './fixtures';

export const NOW = '20231115061330';
export const BRANCHES = ['jeongja', 'migeum', 'seohyeon', 'sunae'];

export interface FakeGatewayOptions {
  /** Orders per window for a branch (one age grade, one payment, one cup each). */
  ordersPerWindow?: (branch: string) => number;
  down?: boolean;
}

const reply = (status: number, body: unknown) =>
  ({ ok: status >= 200 && status < 300, status, statusText: '', text: () => Promise.resolve(JSON.stringify(body)) }) as Response;

/** Installs the fake as `global.fetch`; returns the mock to inspect requested URLs. */
export function installFakeGateway({ ordersPerWindow = () => 1, down = false }: FakeGatewayOptions = {}) {
  const fetchMock = jest.fn((input: RequestInfo | URL, _init?: RequestInit) => {
    if (down) {
      return Promise.reject(new TypeError('Failed to fetch'));
    }
    const url = new URL(String(input), 'http://localhost');
    switch (url.pathname) {
      case '/api/config':
        return Promise.resolve(
          reply(200, { timeZone: 'Asia/Seoul', windowSizeSeconds: 30, resolutions: ['30s', '1m', '1h', '1d'], statisticTypes: [], vocabulary: DEFAULT_VOCABULARY }),
        );
      case '/api/branches':
        return Promise.resolve(reply(200, { branches: BRANCHES }));
      case '/api/stats': {
        const branch = url.searchParams.get('branch') ?? 'all';
        const spec = resolutionSpec(url.searchParams.get('resolution') ?? '30s', 30);
        const last = Number(url.searchParams.get('last') ?? 20);
        const n = ordersPerWindow(branch);
        const dates = windowingFor(spec)
          .lastWindows(seoulMs(NOW), last, spec.id)
          .map((w) => w.date);
        const category: Record<StatisticType, string> = { CustomerAgeGrades: '2030', PaymentMethods: 'Credit', Orders: 'Americano', OrderSizes: '2' };
        const series = Object.fromEntries(
          (Object.keys(category) as StatisticType[]).map((type) => [type, dates.map((d) => ({ ...win(d, { [category[type]]: n }), start: seoulMs(d) }))]),
        );
        return Promise.resolve(reply(200, { branch, resolution: spec.id, from: 0, to: 0, series }));
      }
      default:
        return Promise.resolve(reply(404, { message: 'not found' }));
    }
  });
  global.fetch = fetchMock;
  return fetchMock;
}

/** `/api/stats` URLs requested so far. */
export const statsCalls = (fetchMock: jest.Mock): string[] =>
  fetchMock.mock.calls.map(([u]) => String(u)).filter((u) => u.startsWith('/api/stats'));
