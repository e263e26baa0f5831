// Covers RedisKeys: every key and channel name, with and without a prefix (table-driven).
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
});
