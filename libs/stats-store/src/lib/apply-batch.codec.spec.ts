// Covers the pure encoding of apply-window-batch's KEYS/ARGV and the decoding of its replies.
import { Windowing } from '@coffee/aggregation';
import { RedisKeys } from '@coffee/redis-io';
import { T0 } from '../testing';
import { countsOf, decodeApplyReply, encodeApplyBatch } from './apply-batch.codec';
import { resolveStoreOptions } from './stats-store.options';

const windowing = new Windowing({ resolutions: ['1d'] });
const options = resolveStoreOptions({ windowing, retentionSeconds: { '30s': 100, '1d': 1000 } });
const keys = new RedisKeys({ prefix: 'p:' });
const hash = (branch: string, resolution: string, date: string, type: 'Orders' | 'PaymentMethods', fields: [string, number][]) => ({
  branch,
  resolution,
  date,
  start: resolution === '1d' ? T0 - 34_230_000 : T0,
  type,
  fields: new Map(fields),
});
const delta = {
  hashes: [
    hash('jeongja', '30s', '20141001093030', 'Orders', [['Americano', 2], ['Espresso', 1]]),
    hash('*', '30s', '20141001093030', 'Orders', [['Americano', 2], ['Espresso', 1]]),
    hash('jeongja', '1d', '20141001', 'PaymentMethods', [['Cash', 2]]),
  ],
  orders: 2,
  cups: 3,
};
const ack = { stream: keys.ordersStream, group: 'processors', consumer: 'c1', ids: ['2-0', '1-0', '2-0'] };

describe('encodeApplyBatch', () => {
  const encoded = encodeApplyBatch(delta, ack, keys, options);

  it('lists every key once, the stream and branches index first', () => {
    expect(encoded.keys).toEqual([
      'p:coffee:orders',
      'p:coffee:branches',
      'p:jeongja:20141001093030:Orders',
      'p:*:20141001093030:Orders',
      'p:jeongja:20141001:PaymentMethods',
      'p:coffee:windows:jeongja:30s',
      'p:coffee:windows:*:30s',
      'p:coffee:windows:jeongja:1d',
      'p:*:20141001093030:CustomerAgeGrades',
      'p:*:20141001093030:PaymentMethods',
      'p:*:20141001093030:OrderSizes',
      'p:jeongja:20141001093030:CustomerAgeGrades',
      'p:jeongja:20141001093030:PaymentMethods',
      'p:jeongja:20141001093030:OrderSizes',
    ]);
  });

  it('encodes ids (deduplicated, ascending), hash increments with TTLs, indexes, branches and totals flatly', () => {
    expect(encoded.args).toEqual([
      '1', 'processors', 'c1', 2, '1-0', '2-0', 100, '__other__',
      3, 3, 100, 2, 0, 'Americano', 2, 'Espresso', 1, 4, 100, 2, 0, 'Americano', 2, 'Espresso', 1, 5, 1000, 1, 0, 'Cash', 2,
      3, 6, 100, 100_000, 1, T0, '20141001093030', 7, 100, 100_000, 1, T0, '20141001093030', 8, 1000, 1_000_000, 1, T0 - 34_230_000, '20141001',
      1, 'jeongja',
      8, 9, 10, 4, 11, 12, 13, 3, 14,
    ]);
    expect(encoded.totals).toEqual([
      { branch: '*', date: '20141001093030', start: T0, end: T0 + 30_000 },
      { branch: 'jeongja', date: '20141001093030', start: T0, end: T0 + 30_000 },
    ]);
  });

  it('encodes the no-ack mode without ids', () => {
    expect(encodeApplyBatch(delta, undefined, keys, options).args.slice(0, 7)).toEqual(['0', '', '', 0, 100, '__other__', 3]);
  });

  it('puts vocabulary values first (never capped), then the others, with the configured cap', () => {
    const capped = resolveStoreOptions({ windowing, retentionSeconds: { '30s': 100, '1d': 1000 }, maxCategoriesPerWindow: 7 });
    const mixed = { hashes: [hash('jeongja', '30s', '20141001093030', 'Orders', [['Affogato', 1], ['Americano', 2], ['__proto__', 3], ['constructor', 4]])], orders: 1, cups: 10 };
    expect(encodeApplyBatch(mixed, undefined, keys, capped).args.slice(4, 18)).toEqual([
      7, '__other__', 1, 3, 100, 1, 3, 'Americano', 2, 'Affogato', 1, '__proto__', 3, 'constructor',
    ]);
  });

  it.each([[0], [-1], [1.5]])('rejects maxCategoriesPerWindow %p', (maxCategoriesPerWindow) => {
    expect(() => resolveStoreOptions({ windowing, maxCategoriesPerWindow })).toThrow(expect.objectContaining({ code: 'INVALID_OPTIONS' }));
  });

  it('rejects a resolution the store has no retention for', () => {
    const weekly = { ...delta, hashes: [hash('jeongja', '1w', '2014W40', 'Orders', [['Americano', 1]])] };
    expect(() => encodeApplyBatch(weekly, ack, keys, options)).toThrow(expect.objectContaining({ code: 'INVALID_DELTA' }));
  });
});

describe('decodeApplyReply', () => {
  const encoded = encodeApplyBatch(delta, ack, keys, options);

  it.each([
    ['duplicate', [0], { status: 'duplicate' }],
    ['partial', [2, '2-0'], { status: 'partial', ownedIds: ['2-0'] }],
  ])('reads a %s reply', (_case, reply, expected) => {
    expect(decodeApplyReply(reply, encoded, '30s')).toEqual(expected);
  });

  it('reads the totals of an applied reply, windows by start then branch', () => {
    const reply = [1, ['2030', '3'], ['Cash', '3'], ['Americano', '2'], ['2', '1'], [], [], ['Espresso', '10'], []];
    expect(decodeApplyReply(reply, encoded, '30s')).toEqual({
      status: 'applied',
      totals: [
        { branch: '*', date: '20141001093030', start: T0, end: T0 + 30_000, resolution: '30s', stats: { CustomerAgeGrades: { '2030': 3 }, PaymentMethods: { Cash: 3 }, Orders: { Americano: 2 }, OrderSizes: { '2': 1 } } },
        { branch: 'jeongja', date: '20141001093030', start: T0, end: T0 + 30_000, resolution: '30s', stats: { CustomerAgeGrades: {}, PaymentMethods: {}, Orders: { Espresso: 10 }, OrderSizes: {} } },
      ],
    });
  });

  it('reads the overflow count after the totals', () => {
    const reply = [1, [], [], [], [], [], [], [], [], 4];
    expect(decodeApplyReply(reply, encoded, '30s')).toMatchObject({ status: 'applied', overflowed: 4 });
    expect(decodeApplyReply([1, [], [], [], [], [], [], [], [], 0], encoded, '30s')).not.toHaveProperty('overflowed');
  });

  it('rejects an unexpected reply', () => {
    expect(() => decodeApplyReply('OK', encoded, '30s')).toThrow(expect.objectContaining({ code: 'REDIS_ERROR' }));
  });
});

describe('countsOf', () => {
  it.each([
    [['a', '1', 'b', '22'], { a: 1, b: 22 }],
    [{ a: '5' }, { a: 5 }],
    [null, {}],
    ['text', {}],
  ])('reads %j', (reply, expected) => {
    expect(countsOf(reply)).toEqual(expected);
  });

  it.each([['__proto__'], ['constructor'], ['hasOwnProperty'], ['toString']])('keeps a category named %s as an own key', (name) => {
    for (const reply of [[name, '3', 'Cash', '1'], Object.fromEntries([[name, '3'], ['Cash', '1']])]) {
      const counts = countsOf(reply);
      expect(Object.entries(counts)).toEqual([[name, 3], ['Cash', 1]]);
      expect(JSON.parse(JSON.stringify(counts)) as unknown).toEqual(Object.fromEntries([[name, 3], ['Cash', 1]]));
    }
  });
});
