// Covers the payloads sent to clients: stats bodies (all ⇄ *, type filter, extra fields kept) and the original protocol's packets.
import type { LiveStatisticsBody } from '@coffee/aggregation';
import { toLegacyHistoryPacket, toLegacyLivePacket, toStatsPayload, typesKey } from './live-payloads';

const body: LiveStatisticsBody & { sentAt: number } = {
  branch: '*',
  date: '20240501090000',
  counts: [{ type: '2030', count: 2 }],
  start: 1_714_521_600_000,
  end: 1_714_521_630_000,
  resolution: '30s',
  stats: { CustomerAgeGrades: { '2030': 2 }, PaymentMethods: { Cash: 2 }, Orders: { Americano: 3 } },
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
    [['Orders', 'PaymentMethods', 'CustomerAgeGrades'], '*'],
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

  it('builds the original history response', () => {
    expect(toLegacyHistoryPacket('jeongja', 'Orders', [{ date: 'd1', start: 1, counts: { Americano: 1, Espresso: 0 }, total: 1 }])).toEqual({
      header: 'RESPONSE_STATISTICS_HISTORY',
      body: {
        branch: 'jeongja',
        type: 'Orders',
        history: [{ branch: 'jeongja', date: 'd1', counts: [{ type: 'Americano', count: 1 }, { type: 'Espresso', count: 0 }] }],
      },
    });
  });
});
