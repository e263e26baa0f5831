// Covers encodeHistory: the JSON form equals JSON.stringify of the whole answer at any page size; CSV quoting and rows; NDJSON lines; pages read lazily.
import type { StatisticType, StatsWindow } from '@coffee/aggregation';
import { csvField, encodeHistory, type HistoryFormat, type HistoryStreamPlan, type WindowRef } from './history-stream.encoder';

const windows: WindowRef[] = [0, 1, 2, 3, 4].map((i) => ({ date: `2024050109000${i}`, start: 1_000 * i }));

function counts(type: StatisticType, i: number): Record<string, number> {
  const map = Object.create(null) as Record<string, number>;
  map[`${type}-a`] = i;
  map['__proto__'] = 2 * i;
  map['with "quote", comma'] = 1;
  return map;
}

function windowOf(type: StatisticType, ref: WindowRef): StatsWindow {
  const i = ref.start / 1_000;
  return { date: ref.date, start: ref.start, counts: counts(type, i), total: 3 * i + 1 };
}

async function encode(format: HistoryFormat, types: StatisticType[], pageWindows: number, reads: number[] = []): Promise<string> {
  const plan: HistoryStreamPlan = { branch: 'all', resolution: '30s', from: 0, to: 5_000, types, windows, pageWindows, format };
  let text = '';
  for await (const chunk of encodeHistory(plan, (type, page) => {
    reads.push(page.length);
    return Promise.resolve(page.map((ref) => windowOf(type, ref)));
  })) {
    text += chunk;
  }
  return text;
}

function wholeAnswer(types: StatisticType[]): unknown {
  const series = Object.fromEntries(types.map((type) => [type, windows.map((ref) => windowOf(type, ref))]));
  const body: Record<string, unknown> = { branch: 'all', resolution: '30s', from: 0, to: 5_000, series };
  if (types.length === 1) {
    body['type'] = types[0];
    body['windows'] = series[types[0]];
  }
  return body;
}

describe('encodeHistory', () => {
  it.each([
    [['Orders'] as StatisticType[], 1],
    [['Orders'] as StatisticType[], 2],
    [['Orders', 'PaymentMethods', 'CustomerAgeGrades'] as StatisticType[], 2],
    [['Orders', 'PaymentMethods'] as StatisticType[], 5],
    [['PaymentMethods'] as StatisticType[], 100],
  ])('writes JSON byte for byte as JSON.stringify does (types %j, %d windows a page)', async (types, pageWindows) => {
    const reads: number[] = [];
    const text = await encode('json', types, pageWindows, reads);
    expect(text).toBe(JSON.stringify(wholeAnswer(types)));
    expect(JSON.parse(text)).toHaveProperty(['series', types[0], 0, 'counts', '__proto__'], 0);
    expect(Math.max(...reads)).toBeLessThanOrEqual(pageWindows);
  });

  it('writes one CSV row per window, type and category, quoting what needs it', async () => {
    const lines = (await encode('csv', ['Orders', 'PaymentMethods'], 2)).split('\r\n');
    expect(lines[0]).toBe('branch,resolution,type,date,start,category,count');
    expect(lines).toHaveLength(1 + 2 * 5 * 3 + 1);
    expect(lines.at(-1)).toBe('');
    expect(lines.slice(1, 4)).toEqual([
      'all,30s,Orders,20240501090000,0,Orders-a,0',
      'all,30s,Orders,20240501090000,0,__proto__,0',
      'all,30s,Orders,20240501090000,0,"with ""quote"", comma",1',
    ]);
    expect(lines).toContain('all,30s,PaymentMethods,20240501090004,4000,__proto__,8');
  });

  it('writes one NDJSON line per window and type', async () => {
    const lines = (await encode('ndjson', ['Orders'], 3)).trimEnd().split('\n');
    expect(lines.map((line) => JSON.parse(line) as unknown)).toEqual(
      windows.map((ref) => ({ branch: 'all', resolution: '30s', type: 'Orders', ...JSON.parse(JSON.stringify(windowOf('Orders', ref))) })),
    );
  });

  it('reads the next page only when the previous chunk was taken', async () => {
    const reads: number[] = [];
    const plan: HistoryStreamPlan = { branch: 'all', resolution: '30s', from: 0, to: 5_000, types: ['Orders'], windows, pageWindows: 2, format: 'ndjson' };
    const chunks = encodeHistory(plan, (type, page) => {
      reads.push(page.length);
      return Promise.resolve(page.map((ref) => windowOf(type, ref)));
    });
    await chunks.next();
    expect(reads).toEqual([2]);
    await chunks.return(undefined);
    expect(reads).toEqual([2]);
  });

  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
  ])('csvField(%j) = %j', (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });
});
