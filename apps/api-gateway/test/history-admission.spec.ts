// Covers admission control of history reads on real Redis: over-budget queries (400), overload beyond the slots and queue (503 + Retry-After) while cached answers still flow, refusals held back by the refusal delay (at most HISTORY_REFUSALS_HELD, forgotten when the client leaves), a stalled streaming client cut off after the write timeout, and bounded work under many maximal queries (slots, page size, pages read at once).
import { StatsStore } from '@coffee/stats-store';
import { expectEventually } from '@coffee/testing';
import { connect } from 'node:net';
import { HistoryCache } from '../src/cache/history-cache';
import { HistoryAdmission } from '../src/stats/history-admission';
import { StatsService } from '../src/stats/stats.service';
import { awayFromWindowEnd, startGateway, type GatewayHarness } from './gateway-harness';

// Real Redis and HTTP on a shared two-core machine: give slow moments room.
jest.setTimeout(90_000);

const T0 = Date.UTC(2024, 4, 1, 0, 0, 0);
const ALL_TYPES = 'type=CustomerAgeGrades,PaymentMethods,Orders';

/** Reads an answer to the end without keeping it; resolves status, Retry-After and byte count. */
async function drain(url: string): Promise<{ status: number; retryAfter: string | null; bytes: number }> {
  const response = await fetch(url);
  let bytes = 0;
  const reader = response.body?.getReader();
  for (let chunk = await reader?.read(); chunk !== undefined && !chunk.done; chunk = await reader?.read()) {
    bytes += chunk.value.length;
  }
  return { status: response.status, retryAfter: response.headers.get('retry-after'), bytes };
}

describe('history admission control', () => {
  describe('budget and overload', () => {
    let gw: GatewayHarness;
    let admission: HistoryAdmission;

    beforeAll(async () => {
      gw = await startGateway({
        env: { MAX_HISTORY_CELLS: '3000', HISTORY_CONCURRENCY: '1', HISTORY_QUEUE: '1', HISTORY_QUEUE_TIMEOUT_MS: '30000', HISTORY_CACHE_MS: '60000', HISTORY_REFUSAL_DELAY_MS: '200' },
      });
      admission = gw.app.get(HistoryAdmission);
      await expectEventually(async () => expect((await gw.get('/api/health')).status).toBe(200));
    });

    afterAll(async () => {
      await gw.close();
    });

    it.each([
      [`last=1001&${ALL_TYPES}`, /^last: the query asks for 3003 cells \(1001 windows × 3 types\), more than the maximum of 3000 \(MAX_HISTORY_CELLS\)/],
      [`from=${T0}&to=${T0 + 1_501 * 30_000 - 1}&type=Orders,PaymentMethods`, /^from: the query asks for 3002 cells \(1501 windows × 2 types\)/],
      [`last=3001&type=Orders&format=csv`, /^last: the query asks for 3001 cells/],
      // A range of MAX_WINDOWS windows is counted exactly (not refused as "too many windows" by an estimate).
      [`from=${T0}&to=${T0 + 10_000 * 30_000 - 1}&type=Orders`, /^from: the query asks for 10000 cells \(10000 windows × 1 type\)/],
    ])('refuses ?%s with a 400 naming the budget', async (query, message) => {
      const answer = await gw.get(`/api/stats?${query}`);
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ statusCode: 400, error: 'Bad Request', message: expect.stringMatching(message) });
    });

    it('admits a query at the budget', async () => {
      expect((await gw.get(`/api/stats?last=1000&${ALL_TYPES}`)).status).toBe(200);
    });

    it('answers 503 with Retry-After beyond the slots and the queue, keeps serving cached answers, and runs the queued read once a slot frees', async () => {
      const cachedPath = '/api/stats?branch=jeongja&last=5';
      // A last=N answer is cached per current window: the test must not cross into the next one.
      await awayFromWindowEnd(gw.windowing, 15_000);
      expect((await gw.get(cachedPath)).status).toBe(200);
      // Every slot of both lanes taken (reads of at most one page, and larger ones), one request queued in each.
      const releaseSmall = await admission.acquire(1);
      const releaseLarge = await admission.acquire(Number.POSITIVE_INFINITY);
      try {
        const queuedSmall = gw.get('/api/stats?branch=jeongja&last=6');
        const queuedLarge = gw.get('/api/stats?branch=jeongja&type=Orders&last=2000&format=csv');
        await expectEventually(() => expect(admission.lanes).toMatchObject({ small: { waiting: 1 }, large: { waiting: 1 } }));
        // Refused by the history fast path, and (with an Origin, which it leaves to Express) by Nest: the same answer.
        const paths: [string, Record<string, string>][] = [
          ['/api/stats?branch=jeongja&last=7', {}],
          ['/api/stats?branch=jeongja&last=7', { Origin: 'http://localhost:4200' }],
          ['/api/stats?branch=jeongja&type=Orders&last=2001&format=csv', {}],
          [`/api/stats?last=1000&${ALL_TYPES}&format=ndjson`, { Origin: 'http://localhost:4200' }],
        ];
        for (const [path, headers] of paths) {
          const refused = await gw.get(path, headers);
          expect(refused.status).toBe(503);
          expect(refused.headers.get('retry-after')).toBe('30');
          expect(refused.body).toMatchObject({ statusCode: 503, error: 'Service Unavailable', message: expect.stringMatching(/^history: overloaded \(every history read slot is busy\); retry after 30 s$/) });
        }
        const cached = await gw.get(cachedPath);
        expect(cached.status).toBe(200);
        expect(cached.body).toMatchObject({ branch: 'jeongja', series: expect.any(Object) });
        releaseSmall();
        releaseLarge();
        expect((await queuedSmall).status).toBe(200);
        expect((await queuedLarge).status).toBe(200);
      } finally {
        releaseSmall();
        releaseLarge();
      }
      expect(admission.state).toMatchObject({ running: 0, waiting: 0 });
    });
  });

  describe('refusal delay', () => {
    let gw: GatewayHarness;
    let admission: HistoryAdmission;

    beforeAll(async () => {
      gw = await startGateway({ env: { HISTORY_CONCURRENCY: '1', HISTORY_QUEUE: '0', HISTORY_REFUSAL_DELAY_MS: '60000', HISTORY_REFUSALS_HELD: '2' } });
      admission = gw.app.get(HistoryAdmission);
      await expectEventually(async () => expect((await gw.get('/api/health')).status).toBe(200));
    });

    afterAll(async () => {
      await gw.close();
    });

    it('holds refused requests, at most HISTORY_REFUSALS_HELD, answers the ones beyond at once, and forgets those whose client left', async () => {
      const release = await admission.acquire(1);
      const leaving = [new AbortController(), new AbortController()];
      try {
        const held = leaving.map((client, n) => fetch(`${gw.baseUrl}/api/stats?branch=jeongja&last=${10 + n}`, { signal: client.signal }).catch((error: unknown) => error));
        await expectEventually(() => expect(admission.held).toBe(2));
        // Three requests refused, two held: the third is answered at once, while the two are still held.
        const beyond = await gw.get('/api/stats?branch=jeongja&last=12');
        expect(beyond.status).toBe(503);
        expect(beyond.headers.get('retry-after')).toBe('2');
        expect(admission.held).toBe(2);
        expect(admission.state.refused).toBe(3);
        for (const client of leaving) {
          client.abort();
        }
        await Promise.all(held);
        await expectEventually(() => expect(admission.held).toBe(0));
      } finally {
        release();
      }
      // A slot free again: answered (not held).
      expect((await gw.get('/api/stats?branch=jeongja&last=13')).status).toBe(200);
    });
    it('holds a query over the budget the same way, on the fast path and through Nest (Accept: text/csv), and answers its 400 at once beyond HISTORY_REFUSALS_HELD', async () => {
      // 10,000 windows × every type: over the default budget of 30,000 cells.
      const overBudget = `${gw.baseUrl}/api/stats?branch=jeongja&last=10000`;
      const leaving = [new AbortController(), new AbortController()];
      const held = [
        fetch(overBudget, { signal: leaving[0].signal }).catch((error: unknown) => error),
        // An Accept header naming CSV is left to Nest by the fast path.
        fetch(overBudget, { signal: leaving[1].signal, headers: { accept: 'text/csv' } }).catch((error: unknown) => error),
      ];
      await expectEventually(() => expect(admission.held).toBe(2));
      const beyond = await gw.get('/api/stats?branch=jeongja&last=10000');
      expect(beyond.status).toBe(400);
      expect(beyond.body).toMatchObject({ statusCode: 400, error: 'Bad Request', message: expect.stringMatching(/^last: .*\(MAX_HISTORY_CELLS\)/) });
      expect(beyond.headers.get('retry-after')).toBeNull();
      expect(admission.held).toBe(2);
      for (const client of leaving) {
        client.abort();
      }
      await Promise.all(held);
      await expectEventually(() => expect(admission.held).toBe(0));
    });
  });

  describe('window counts of ranges (budget and lanes)', () => {
    let gw: GatewayHarness;

    beforeAll(async () => {
      gw = await startGateway({ env: { TIME_ZONE: 'America/New_York' } });
    });

    afterAll(async () => {
      await gw.close();
    });

    const hour = 3_600_000;
    const fallBack = Date.UTC(2024, 10, 3, 6, 0, 0); // 2024-11-03 01:00 EST, the second pass of 01:00-02:00
    const springForward = Date.UTC(2024, 2, 10, 7, 0, 0); // 2024-03-10 03:00 EDT
    it.each([
      ['30s', springForward - 2 * hour, springForward + 2 * hour, 'exact'],
      ['1m', Date.UTC(2024, 5, 1), Date.UTC(2024, 5, 6), 'exact'],
      ['1h', springForward - 50 * hour, springForward + 50 * hour, 'exact'],
      ['1d', Date.UTC(2020, 0, 1), Date.UTC(2024, 11, 31), 'exact'],
      ['1h', fallBack - 50 * hour, fallBack + 50 * hour, 'at least'],
      ['30s', fallBack - 2 * hour, fallBack + 2 * hour, 'at least'],
      ['1m', fallBack - 2 * hour, fallBack + 2 * hour, 'at least'],
    ])('counts %s windows of a range in a DST zone (%d..%d): %s as many as enumerated', (resolution, from, to, kind) => {
      const stats = gw.app.get(StatsService);
      const query = stats.parseQuery({ from: String(from), to: String(to), resolution, type: 'Orders' });
      const exact = gw.windowing.windowsBetween(from, to, resolution).length;
      if (kind === 'exact') {
        expect(stats.cells(query)).toBe(exact);
      } else {
        expect(stats.cells(query)).toBeGreaterThanOrEqual(exact);
        // Overcounted by at most the repeated hour's windows.
        const nominal = { '30s': 30_000, '1m': 60_000, '1h': hour }[resolution] ?? 1;
        expect(stats.cells(query)).toBeLessThanOrEqual(exact + hour / nominal);
      }
    });
  });

  describe('streamed answers under load', () => {
    let gw: GatewayHarness;
    let admission: HistoryAdmission;
    const env = { MAX_WINDOWS: '40000', MAX_HISTORY_CELLS: '120000', HISTORY_CONCURRENCY: '2', HISTORY_QUEUE: '8', HISTORY_QUEUE_TIMEOUT_MS: '60000', HISTORY_PAGE_CELLS: '1000', HISTORY_PAGES_AT_ONCE: '1' };

    beforeAll(async () => {
      // The clients below share this process (and a loaded machine) with the gateway: a long write timeout here.
      gw = await startGateway({ env: { ...env, HISTORY_WRITE_TIMEOUT_MS: '60000' } });
      admission = gw.app.get(HistoryAdmission);
      await expectEventually(async () => expect((await gw.get('/api/health')).status).toBe(200));
    });

    afterAll(async () => {
      await gw.close();
    });

    it('reads a socket history of more than one page page by page, one page at a time, equal to one whole read', async () => {
      const stats = gw.app.get(StatsService);
      const store = gw.app.get(StatsStore);
      const pages: number[] = [];
      let reading = 0;
      let mostPagesAtOnce = 0;
      const readWindows = store.readWindows.bind(store);
      const spy = jest.spyOn(store, 'readWindows').mockImplementation(async (branch, type, windows) => {
        pages.push(windows.length);
        mostPagesAtOnce = Math.max(mostPagesAtOnce, (reading += 1));
        try {
          return await readWindows(branch, type, windows);
        } finally {
          reading -= 1;
        }
      });
      const now = Date.now();
      const query = stats.parseQuery({ branch: 'jeongja', last: '2500', type: 'Orders,PaymentMethods' }, now);
      try {
        // Two socket reads at once: their pages still take turns.
        const [paged] = await Promise.all([stats.history(query, now), stats.history(query, now)]);
        expect(pages).toHaveLength(12);
        expect(Math.max(...pages)).toBe(1_000);
        expect(mostPagesAtOnce).toBe(1);
        const whole = await store.history({ branch: 'jeongja', types: query.types, resolution: query.resolution, last: 2_500, now });
        expect(paged.series).toEqual(whole);
      } finally {
        spy.mockRestore();
      }
    });

    it('cuts off a client that stops reading a streamed answer after the write timeout, freeing its slot', async () => {
      const quick = await startGateway({ redisServer: gw.redisServer, env: { ...env, HISTORY_WRITE_TIMEOUT_MS: '1000' } });
      const admission = quick.app.get(HistoryAdmission);
      await expectEventually(async () => expect((await quick.get('/api/health')).status).toBe(200));
      // ~48 MB of CSV: far more than the socket buffers hold, so the gateway must wait for the client.
      const socket = connect(Number(new URL(quick.baseUrl).port), '127.0.0.1');
      socket.pause();
      socket.write(`GET /api/stats?last=40000&${ALL_TYPES}&format=csv HTTP/1.1\r\nHost: x\r\n\r\n`);
      const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
      await expectEventually(() => expect(admission.state.running).toBe(1), { timeoutMs: 20_000 });
      await expectEventually(() => expect(admission.state.running).toBe(0), { timeoutMs: 30_000, intervalMs: 100 });
      let received = '';
      socket.setEncoding('latin1');
      socket.on('data', (chunk: string) => {
        received = (received + chunk).slice(-64);
      });
      socket.resume();
      await closed;
      // Cut off: the chunked body never got its terminating chunk.
      expect(received.endsWith('0\r\n\r\n')).toBe(false);
      await quick.close();
    });

    it('serves many maximal queries with at most the slot count reading, pages of at most HISTORY_PAGE_CELLS read one at a time, and nothing large cached', async () => {
      const store = gw.app.get(StatsStore);
      const cache = gw.app.get(HistoryCache);
      const pages: number[] = [];
      let reading = 0;
      let mostReading = 0;
      let mostPagesAtOnce = 0;
      const readWindows = store.readWindows.bind(store);
      const spy = jest.spyOn(store, 'readWindows').mockImplementation(async (branch, type, windows) => {
        pages.push(windows.length);
        reading += 1;
        mostPagesAtOnce = Math.max(mostPagesAtOnce, reading);
        mostReading = Math.max(mostReading, admission.state.running);
        try {
          return await readWindows(branch, type, windows);
        } finally {
          reading -= 1;
        }
      });
      try {
        // Six distinct 10,000-window ranges × 3 types (30,000 cells, ~4.8 MB of JSON each): 2 read, 4 wait.
        const answers = await Promise.all(
          Array.from({ length: 6 }, (_, i) => drain(`${gw.baseUrl}/api/stats?from=${T0 + i * 30_000}&to=${T0 + (i + 10_000) * 30_000 - 1}&${ALL_TYPES}`)),
        );
        expect(answers.map((answer) => answer.status)).toEqual(Array.from({ length: 6 }, () => 200));
        expect(new Set(answers.map((answer) => answer.bytes)).size).toBe(1);
        expect(answers[0]?.bytes).toBeGreaterThan(4_000_000);
        expect(Math.max(...pages)).toBeLessThanOrEqual(1_000);
        expect(pages.reduce((sum, page) => sum + page, 0)).toBe(6 * 30_000);
        expect(mostReading).toBeLessThanOrEqual(2);
        // Two answers streamed at once, their pages read one at a time (HISTORY_PAGES_AT_ONCE=1).
        expect(mostReading).toBe(2);
        expect(mostPagesAtOnce).toBe(1);
        expect(reading).toBe(0);
        expect(cache.size.bytes).toBeLessThanOrEqual(gw.config.history.cacheEntryBytes);
      } finally {
        spy.mockRestore();
      }
      expect(admission.state).toMatchObject({ running: 0, waiting: 0 });
    });
  });
});
