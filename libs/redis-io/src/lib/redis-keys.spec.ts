// Covers RedisKeys: every key and channel name, with and without a prefix (table-driven).
import { keySlot } from './key-slot';
import { RedisKeys } from './redis-keys';

describe('RedisKeys', () => {
  const plain = new RedisKeys();
  const prefixed = new RedisKeys({ prefix: 'test-1:' });

  it.each([
    ['ordersStream', plain.ordersStream, 'coffee:orders', prefixed.ordersStream, 'test-1:coffee:orders'],
    ['deadLetterStream', plain.deadLetterStream, 'coffee:orders:dead', prefixed.deadLetterStream, 'test-1:coffee:orders:dead'],
    ['httpDeadLetterStream', plain.httpDeadLetterStream, 'coffee:orders:dead:http', prefixed.httpDeadLetterStream, 'test-1:coffee:orders:dead:http'],
    ['collectorOffsets', plain.collectorOffsets, 'coffee:collector:offsets', prefixed.collectorOffsets, 'test-1:coffee:collector:offsets'],
    ['legacyList', plain.legacyList, 'CoffeeOrderQueue', prefixed.legacyList, 'test-1:CoffeeOrderQueue'],
    ['legacyProcessing(c1)', plain.legacyProcessing('c1'), 'CoffeeOrderQueue:processing:c1', prefixed.legacyProcessing('c1'), 'test-1:CoffeeOrderQueue:processing:c1'],
    ['legacyCommitted(c1)', plain.legacyCommitted('c1'), 'CoffeeOrderQueue:committed:c1', prefixed.legacyCommitted('c1'), 'test-1:CoffeeOrderQueue:committed:c1'],
    ['branchesIndex', plain.branchesIndex, 'coffee:branches', prefixed.branchesIndex, 'test-1:coffee:branches'],
    ['liveChannel', plain.liveChannel, 'CHANNEL_REDIS_PUBSUB', prefixed.liveChannel, 'test-1:CHANNEL_REDIS_PUBSUB'],
    ['statsHash', plain.statsHash('jeongja', '20141001093030', 'CustomerAgeGrades'), 'jeongja:20141001093030:CustomerAgeGrades', prefixed.statsHash('jeongja', '20141001093030', 'CustomerAgeGrades'), 'test-1:jeongja:20141001093030:CustomerAgeGrades'],
    ['legacyImportMarker', plain.legacyImportMarker('sunae'), 'coffee:legacy-import:sunae', prefixed.legacyImportMarker('sunae'), 'test-1:coffee:legacy-import:sunae'],
    ['baseStatsHashPattern', plain.baseStatsHashPattern(), `*:${'[0-9]'.repeat(14)}:*`, new RedisKeys({ prefix: 'a*[b]:' }).baseStatsHashPattern(), `a\\*\\[b\\]:*:${'[0-9]'.repeat(14)}:*`],
    ['alertsStream', plain.alertsStream, 'coffee:{alerts}', prefixed.alertsStream, 'test-1:coffee:{alerts}'],
    ['alertsChannel', plain.alertsChannel, 'coffee:{alerts}:live', prefixed.alertsChannel, 'test-1:coffee:{alerts}:live'],
    ['alertMarker', plain.alertMarker('silent:sunae:1412123400000'), 'coffee:{alerts}:id:silent:sunae:1412123400000', prefixed.alertMarker('spike:*:0'), 'test-1:coffee:{alerts}:id:spike:*:0'],
    ['windowsIndex', plain.windowsIndex('sunae', '1m'), 'coffee:windows:sunae:1m', prefixed.windowsIndex('sunae', '1m'), 'test-1:coffee:windows:sunae:1m'],
  ])('%s', (_name, actual, expected, actualPrefixed, expectedPrefixed) => {
    expect(actual).toBe(expected);
    expect(actualPrefixed).toBe(expectedPrefixed);
  });

  it('names the processors group and keeps the prefix', () => {
    expect(RedisKeys.PROCESSOR_GROUP).toBe('processors');
    expect(plain.prefix).toBe('');
    expect(prefixed.prefix).toBe('test-1:');
  });

  it.each([
    ['jeongja:20141001093030:CustomerAgeGrades', { branch: 'jeongja', date: '20141001093030', type: 'CustomerAgeGrades' }],
    ['*:20141001093030:Orders', { branch: '*', date: '20141001093030', type: 'Orders' }],
    ['jeongja:201410010930:Orders', undefined],
    ['coffee:windows:jeongja:30s', undefined],
    ['a:b:20141001093030:Orders', undefined],
  ])('parseBaseStatsHash(%s)', (key, expected) => {
    expect(plain.parseBaseStatsHash(key)).toEqual(expected);
    expect(prefixed.parseBaseStatsHash(`test-1:${key}`)).toEqual(expected);
    expect(prefixed.parseBaseStatsHash(key)).toBeUndefined();
  });

  describe('shardKeys', () => {
    it('is the original layout, unchanged, on one node', () => {
      expect(plain.shardKeys(1, false)).toEqual([plain]);
      expect(() => plain.shardKeys(3, false)).toThrow(/ORDER_SHARDS=3 needs a Redis Cluster/);
    });

    it.each([0, 1.5, 1_025])('refuses %p shards', (shards) => {
      expect(() => plain.shardKeys(shards, true)).toThrow(/ORDER_SHARDS must be an integer from 1 to 1024/);
    });

    it('refuses a prefix with a hash tag on a cluster', () => {
      expect(() => new RedisKeys({ prefix: '{coffee}' }).shardKeys(3, true)).toThrow(/hash tag/);
    });

    const [s0, s1] = prefixed.shardKeys(3, true);
    it.each([
      ['ordersStream', s0?.ordersStream, `test-1:{${s0?.shardTag}}coffee:orders`],
      ['deadLetterStream', s0?.deadLetterStream, `test-1:{${s0?.shardTag}}coffee:orders:dead`],
      ['collectorOffsets', s1?.collectorOffsets, `test-1:{${s1?.shardTag}}coffee:collector:offsets`],
      ['ingestReceipt', s1?.ingestReceipt('ab'), `test-1:{${s1?.shardTag}}coffee:ingest:ab`],
      ['statsHash', s1?.statsHash('sunae', '20141001093030', 'Orders'), `test-1:{${s1?.shardTag}}sunae:20141001093030:Orders`],
      ['windowsIndex', s1?.windowsIndex('sunae', '1m'), `test-1:{${s1?.shardTag}}coffee:windows:sunae:1m`],
      ['branchesIndex', s1?.branchesIndex, `test-1:{${s1?.shardTag}}coffee:branches`],
      ['liveChannel (global)', s1?.liveChannel, 'test-1:CHANNEL_REDIS_PUBSUB'],
      ['alertsStream (global)', s1?.alertsStream, 'test-1:coffee:{alerts}'],
    ])('shard %s', (_name, actual, expected) => {
      expect(actual).toBe(expected);
    });

    it('puts the three shards in three different thirds of the slots', () => {
      const thirds = prefixed.shardKeys(3, true).map((keys) => Math.floor(keySlot(keys.ordersStream) / (16_384 / 3)));
      expect(thirds).toEqual([0, 1, 2]);
    });

    it('parses a shard\'s stats hash back', () => {
      expect(s1?.parseBaseStatsHash(s1.statsHash('sunae', '20141001093030', 'Orders'))).toEqual({ branch: 'sunae', date: '20141001093030', type: 'Orders' });
    });
  });
});
