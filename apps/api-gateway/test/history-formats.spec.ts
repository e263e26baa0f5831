// Covers history answers on real Redis: streamed answers (over one page) equal the whole-answer path byte for byte, CSV and NDJSON carry the JSON answer's data, and user-named keys (__proto__, constructor, hasOwnProperty) round-trip as categories and branches.
import { STATISTIC_TYPES, type StatisticType } from '@coffee/aggregation';
import { startGateway, type GatewayHarness } from './gateway-harness';

// Real Redis and HTTP on a shared two-core machine: give slow moments room.
jest.setTimeout(60_000);

// 2024-05-01T00:00:00Z = 09:00:00 in Asia/Seoul, a 30 s window start.
const T0 = Date.UTC(2024, 4, 1, 0, 0, 0);
const WINDOWS = 120;
const RANGE = `from=${T0}&to=${T0 + WINDOWS * 30_000 - 1}`;
const ODD_NAMES = ['__proto__', 'constructor', 'hasOwnProperty'];

interface Window {
  date: string;
  start: number;
  counts: Record<string, number>;
  total: number;
}

interface Answer {
  branch: string;
  resolution: string;
  series: Record<string, Window[]>;
  windows?: Window[];
}

async function fetchText(baseUrl: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number; text: string; headers: Headers }> {
  const response = await fetch(`${baseUrl}${path}`, { headers });
  return { status: response.status, text: await response.text(), headers: response.headers };
}

/** A JSON body with its own-property keys preserved (JSON.parse makes `__proto__` an own property). */
function parse(text: string): Answer {
  return JSON.parse(text) as Answer;
}

describe('history answers: streamed, CSV, NDJSON, user-named keys', () => {
  let streaming: GatewayHarness;
  let whole: GatewayHarness;

  beforeAll(async () => {
    // Pages of 50 cells: every query below streams on one gateway; the other never streams.
    streaming = await startGateway({ env: { HISTORY_PAGE_CELLS: '50', HISTORY_CACHE_MS: '0' } });
    whole = await startGateway({ redisServer: streaming.redisServer, env: { KEY_PREFIX: streaming.config.keyPrefix, HISTORY_PAGE_CELLS: '100000', HISTORY_CACHE_ENTRY_BYTES: String(256 * 1024 * 1024) } });
    const writes = streaming.redis.pipeline();
    for (let w = 0; w < WINDOWS; w += 7) {
      const date = streaming.windowing.windowAt(T0 + w * 30_000).date;
      for (const branch of ['jeongja', '*', ...ODD_NAMES]) {
        // Field/value lists: an object literal's `__proto__:` would set its prototype, not a field.
        writes.hset(streaming.keys.statsHash(branch, date, 'Orders'), 'Americano', w + 1, '__proto__', 3, 'constructor', 2, 'hasOwnProperty', 1, 'Flat, "White"', 4);
        writes.hset(streaming.keys.statsHash(branch, date, 'PaymentMethods'), 'Cash', w, '__proto__', 5);
        writes.hset(streaming.keys.statsHash(branch, date, 'CustomerAgeGrades'), '2030', 1);
      }
      writes.sadd(streaming.keys.branchesIndex, 'jeongja', ...ODD_NAMES);
    }
    await writes.exec();
  });

  afterAll(async () => {
    await whole.close();
    await streaming.close();
  });

  it.each([
    [`branch=jeongja&${RANGE}`, {}],
    [`branch=jeongja&${RANGE}`, { 'Accept-Encoding': 'gzip' }],
    [`branch=all&type=Orders&${RANGE}`, {}],
    [`branch=__proto__&type=PaymentMethods,Orders&last=300`, {}],
    [`branch=constructor&resolution=1m&${RANGE}`, { 'Accept-Encoding': 'gzip' }],
  ])('streams ?%s %j exactly as the whole answer', async (query, headers) => {
    const path = `/api/stats?${query}`;
    const [streamed, reference] = await Promise.all([streaming.get(path, headers), whole.get(path, headers)]);
    const streamedRaw = await fetch(`${streaming.baseUrl}${path}`, { headers });
    expect(streamedRaw.headers.get('transfer-encoding')).toBe('chunked');
    await streamedRaw.arrayBuffer();
    expect(streamed.status).toBe(200);
    expect(streamed.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(streamed.headers.get('content-encoding')).toBe(reference.headers.get('content-encoding'));
    expect(JSON.stringify(streamed.body)).toBe(JSON.stringify(reference.body));
  });

  it('sends the streamed JSON text byte for byte as JSON.stringify of the whole answer', async () => {
    const path = `/api/stats?branch=jeongja&${RANGE}`;
    const [streamed, reference] = await Promise.all([fetchText(streaming.baseUrl, path), fetchText(whole.baseUrl, path)]);
    expect(streamed.text).toBe(reference.text);
    expect(streamed.text.length).toBeGreaterThan(50_000);
  });

  it.each(STATISTIC_TYPES.map((type) => [type]))('keeps __proto__, constructor and hasOwnProperty as %s categories and in totals', async (type) => {
    for (const gw of [streaming, whole]) {
      const answer = parse((await fetchText(gw.baseUrl, `/api/stats?branch=jeongja&type=${type}&${RANGE}`)).text);
      const first = answer.windows?.[0];
      // The odd names are seeded under Orders and PaymentMethods only.
      if (type !== 'Orders' && type !== 'PaymentMethods') {
        expect(Object.keys(first?.counts ?? {})).not.toContain('__proto__');
        continue;
      }
      expect(Object.hasOwn(first?.counts ?? {}, '__proto__')).toBe(true);
      expect(first?.counts['__proto__']).toBe(type === 'Orders' ? 3 : 5);
      expect(first?.total).toBe(type === 'Orders' ? 1 + 3 + 2 + 1 + 4 : 0 + 5);
      if (type === 'Orders') {
        expect(first?.counts).toMatchObject({ constructor: 2, hasOwnProperty: 1, 'Flat, "White"': 4 });
      }
    }
  });

  it.each(ODD_NAMES.map((name) => [name]))('serves branch %s and its stored hash', async (name) => {
    const date = streaming.windowing.windowAt(T0).date;
    const stored = await fetchText(whole.baseUrl, `/api/stats/${name}/${date}/Orders`);
    expect(stored.status).toBe(200);
    expect(stored.text).toBe(`{"branch":${JSON.stringify(name)},"date":"${date}","type":"Orders","counts":{"Americano":1,"__proto__":3,"constructor":2,"hasOwnProperty":1,"Flat, \\"White\\"":4}}`);
    const history = parse((await fetchText(whole.baseUrl, `/api/stats?branch=${name}&type=Orders&${RANGE}`)).text);
    expect(history.branch).toBe(name);
    expect(history.windows?.[0]?.counts['__proto__']).toBe(3);
    expect((await fetchText(whole.baseUrl, '/api/branches')).text).toContain(`"${name}"`);
  });

  it.each([
    ['format=csv', {}],
    ['', { Accept: 'text/csv' }],
    ['format=csv', { 'Accept-Encoding': 'gzip' }],
  ])('CSV (%s %j) holds every category count of the JSON answer', async (format, headers) => {
    const query = `branch=jeongja&${RANGE}`;
    const json = parse((await fetchText(whole.baseUrl, `/api/stats?${query}`)).text);
    for (const gw of [streaming, whole]) {
      const response = await fetch(`${gw.baseUrl}/api/stats?${query}${format === '' ? '' : `&${format}`}`, { headers });
      // fetch decodes gzip itself.
      const text = await response.text();
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8; header=present');
      expect(response.headers.get('content-disposition')).toBe('attachment; filename="coffee-pulse-jeongja-30s.csv"');
      const lines = text.split('\r\n');
      expect(lines[0]).toBe('branch,resolution,type,date,start,category,count');
      expect(lines.pop()).toBe('');
      const expected = STATISTIC_TYPES.flatMap((type) =>
        json.series[type].flatMap((window) =>
          Object.keys(window.counts).map((category) => {
            const field = /[",]/.test(category) ? `"${category.replaceAll('"', '""')}"` : category;
            return `jeongja,30s,${type},${window.date},${window.start},${field},${window.counts[category]}`;
          }),
        ),
      );
      expect(lines.slice(1)).toEqual(expected);
    }
  });

  it.each([['format=ndjson', {}], ['', { Accept: 'application/x-ndjson' }]])('NDJSON (%s %j) holds the JSON answer one window a line', async (format, headers) => {
    const query = `branch=jeongja&type=Orders,PaymentMethods&${RANGE}`;
    const json = parse((await fetchText(whole.baseUrl, `/api/stats?${query}`)).text);
    for (const gw of [streaming, whole]) {
      const response = await fetchText(gw.baseUrl, `/api/stats?${query}${format === '' ? '' : `&${format}`}`, headers);
      expect(response.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
      const lines = response.text.trimEnd().split('\n').map((line) => JSON.parse(line) as Window & { type: StatisticType });
      const expected = (['Orders', 'PaymentMethods'] as const).flatMap((type) => json.series[type].map((window) => ({ branch: 'jeongja', resolution: '30s', type, ...window })));
      expect(lines).toEqual(expected);
      expect(Object.hasOwn(lines[0]?.counts ?? {}, '__proto__')).toBe(true);
    }
  });

  it('answers a bad format with a 400 naming it, and JSON for an Accept it cannot serve', async () => {
    const bad = await whole.get('/api/stats?format=xml');
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ message: "format: must be one of json, csv, ndjson (got 'xml')" });
    const png = await fetchText(whole.baseUrl, '/api/stats?last=2', { Accept: 'image/png' });
    expect(png.status).toBe(200);
    expect(png.headers.get('content-type')).toBe('application/json; charset=utf-8');
  });
});
