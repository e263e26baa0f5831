// Seeds stored history through the real stats store, for benchmarks that read it back (gateway REST, dashboard):
// `windows` 30 s windows back from now, 10 orders per branch and window, every statistic type and resolution.
import aggregation from '@coffee/aggregation';
import orderSchema from '@coffee/order-schema';
import redisIo from '@coffee/redis-io';
import statsStore from '@coffee/stats-store';

const { Windowing, aggregateBatch } = aggregation;
const { COFFEE_NAMES, PAYMENT_METHODS, AGE_GRADES } = orderSchema;
const { RedisKeys, createRedis } = redisIo;
const { StatsStore } = statsStore;

/** Returns how many orders were stored. */
export async function seedHistory(redisUrl, { prefix, branches, windows = 150, windowing = new Windowing() }) {
  const redis = createRedis(redisUrl);
  const store = new StatsStore(redis, new RedisKeys({ prefix }), { windowing });
  const now = Date.now();
  let orders = 0;
  for (let w = 0; w < windows; w += 1) {
    const batch = [];
    for (const [b, branch] of branches.entries()) {
      for (let i = 0; i < 10; i += 1) {
        const n = w * 40 + b * 10 + i;
        batch.push({
          branch,
          orders: [COFFEE_NAMES[n % 9], COFFEE_NAMES[(n * 7) % 9]].slice(0, 1 + (n % 2)),
          paymentMethod: PAYMENT_METHODS[n % 3],
          customerAgeGrade: AGE_GRADES[n % 10],
          timestamp: now - w * 30_000 - i * 1_000,
        });
      }
    }
    await store.applyUnacked(aggregateBatch(batch, windowing));
    orders += batch.length;
  }
  redis.disconnect();
  return orders;
}
