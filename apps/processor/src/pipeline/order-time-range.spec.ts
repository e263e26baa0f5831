// Covers the agreement the processor relies on: every order time @coffee/order-schema accepts, @coffee/aggregation can window and count (one source of truth for the range).
import { aggregateBatch, EventTimeTracker, Windowing } from '@coffee/aggregation';
import { MAX_TIMESTAMP_MS, MIN_TIMESTAMP_MS, parseOrderLine } from '@coffee/order-schema';

const zones = ['Asia/Seoul', 'Pacific/Kiritimati', 'Pacific/Pago_Pago', 'UTC'];
const order = (timestamp: number) => ({ branch: 'jeongja', orders: ['Americano'], paymentMethod: 'Cash', customerAgeGrade: '2030', timestamp });

describe('order-time range shared by order-schema and aggregation', () => {
  it.each(zones)('counts orders at both ends of the schema range in %s', (timeZone) => {
    const windowing = new Windowing({ timeZone });
    for (const t of [MIN_TIMESTAMP_MS, MAX_TIMESTAMP_MS]) {
      expect(aggregateBatch([order(t)], windowing).orders).toBe(1);
      expect(new EventTimeTracker(windowing).observe([order(t)], 0).orders).toBe(1);
    }
  });

  it.each([
    [MAX_TIMESTAMP_MS + 1, 'INVALID_TIMESTAMP'],
    [MIN_TIMESTAMP_MS - 1, 'INVALID_TIMESTAMP'],
  ])('rejects %p at parse time, before any reader could fail on it', (timestamp, code) => {
    const result = parseOrderLine(JSON.stringify(order(timestamp)));
    expect(result.ok ? 'ok' : result.error.code).toBe(code);
  });
});
