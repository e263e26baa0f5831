// Covers the payloads sent to clients: stats bodies (all ⇄ *, type filter, extra fields kept) and the original protocol's packets.
import type { LiveStatisticsBody, StatsWindow } from '@coffee/aggregation';
import { originalToLegacyLivePacket, originalToStatsPayload, toLegacyHistoryPacket, toLegacyLivePacket, toStatsPayload, typesKey } from './live-payloads';

const body: LiveStatisticsBody & { sentAt: number } = {
  branch: '*',
  date: '20240501090000',
  counts: [{ type: '2030', count: 2 }],
  start: 1_714_521_600_000,
  end: 1_714_521_630_000,
  resolution: '30s',
  stats: { CustomerAgeGrades: { '2030': 2 }, PaymentMethods: { Cash: 2 }, Orders: { Americano: 3 }, OrderSizes: { '1': 1, '2': 1 } },
  final: false,
  sentAt: 5,
};

describe('live payloads', () => {
  it('names the roll-up all and keeps every field for all types', () => {
    expect(toStatsPayload(body, undefined)).toEqual({ ...body, branch: 'all' });
    expect(body.branch).toBe('*');
  });

  it('keeps only the chosen types in stats', () => {
    expect(toStatsPayload({ ...body, branch: 'sunae' }, ['Orders']).stats).toEqual({ Orders: { Americano: 3 } });
  });

  it.each([
    [undefined, '*'],
    [['Orders', 'OrderSizes', 'PaymentMethods', 'CustomerAgeGrades'], '*'],
    [['Orders', 'CustomerAgeGrades'], 'CustomerAgeGrades,Orders'],
  ] as const)('keys the type selection %j as %s', (types, key) => {
    expect(typesKey(types)).toBe(key);
  });

  it('builds the original live packet for one type', () => {
    expect(toLegacyLivePacket(body, 'PaymentMethods')).toEqual({
      header: 'PUBLISH_STATISTICS',
      body: { branch: 'all', date: '20240501090000', counts: [{ type: 'Cash', count: 2 }], type: 'PaymentMethods' },
    });
  });

  it('builds the original history response: the array of windows in the given order, counted categories only', () => {
    const windows: StatsWindow[] = [
      { date: 'd1', start: 1, counts: { Americano: 1, Espresso: 0 }, total: 1 },
      { date: 'd2', start: 2, counts: { Americano: 0 }, total: 0 },
    ];
    expect(toLegacyHistoryPacket('*', windows)).toEqual({
      header: 'RESPONSE_STATISTICS_HISTORY',
      body: [
        { branch: 'all', date: 'd1', counts: [{ type: 'Americano', count: 1 }] },
        { branch: 'all', date: 'd2', counts: [] },
      ],
    });
  });

  it('turns an original CounterBolt packet into what each kind of client gets', () => {
    const original = { header: 'PUBLISH_STATISTICS', body: { branch: 'jeongja', date: '20141001093030', counts: [{ type: '__proto__', count: 2 }] } } as const;
    const packet = { ...original, body: { ...original.body, counts: [...original.body.counts] } };
    expect(originalToLegacyLivePacket(packet)).toEqual({ header: 'PUBLISH_STATISTICS', body: { ...packet.body, type: 'CustomerAgeGrades' } });
    const stats = originalToStatsPayload(packet, { start: 10, end: 40, resolution: '30s' });
    expect(stats).toEqual({ ...packet.body, start: 10, end: 40, resolution: '30s', stats: { CustomerAgeGrades: JSON.parse('{"__proto__":2}') as object } });
    expect(Object.keys(stats.stats.CustomerAgeGrades)).toEqual(['__proto__']);
    expect(originalToStatsPayload(packet, undefined)).not.toHaveProperty('start');
  });
});
