// The seed-shaped baseline: the original pipeline's Redis traffic, one round trip at a time —
// Flume's RedisSink did one RPUSH per line, Storm's spout one LPOP per order, the bolts one HINCRBY per
// counted field and one PUBLISH per order. Used by the benchmarks as the "same run" baseline.
import Redis from 'ioredis';

const TYPES = ['CustomerAgeGrades', 'PaymentMethods', 'Orders'];

function datestring(ms) {
  const d = new Date(ms + 9 * 3600_000); // Asia/Seoul, as the original
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`;
}

/** Counts one order the original way: HINCRBY per field, PUBLISH per order. */
async function countOrder(redis, prefix, line, channel) {
  const order = JSON.parse(line);
  const date = datestring(Math.floor((order.timestamp ?? Date.now()) / 30_000) * 30_000);
  await redis.hincrby(`${prefix}${order.branch}:${date}:${TYPES[0]}`, order.customerAgeGrade, 1);
  await redis.hincrby(`${prefix}${order.branch}:${date}:${TYPES[1]}`, order.paymentMethod, 1);
  for (const coffee of order.orders) {
    await redis.hincrby(`${prefix}${order.branch}:${date}:${TYPES[2]}`, coffee, 1);
  }
  await redis.publish(channel, JSON.stringify({ header: 'PUBLISH_STATISTICS', body: { branch: order.branch, date } }));
}

/**
 * Runs producer (RPUSH per line) and consumer (LPOP per order + HINCRBY per field + PUBLISH per order)
 * concurrently for `seconds`, and returns orders fully counted per second.
 */
export async function seedPipelineThroughput(url, lines, seconds, prefix = 'seed:') {
  const producer = new Redis(url);
  const consumer = new Redis(url);
  const list = `${prefix}CoffeeOrderQueue`;
  const channel = `${prefix}CHANNEL_REDIS_PUBSUB`;
  const deadline = Date.now() + seconds * 1000;
  let counted = 0;
  const produce = (async () => {
    for (let i = 0; Date.now() < deadline; i = (i + 1) % lines.length) {
      await producer.rpush(list, lines[i]);
    }
  })();
  const started = Date.now();
  const consume = (async () => {
    while (Date.now() < deadline) {
      const line = await consumer.lpop(list);
      if (line === null) {
        await new Promise((r) => setTimeout(r, 1));
        continue;
      }
      await countOrder(consumer, prefix, line, channel);
      counted += 1;
    }
  })();
  await Promise.all([produce, consume]);
  const elapsed = (Date.now() - started) / 1000;
  producer.disconnect();
  consumer.disconnect();
  return counted / elapsed;
}

/** One marker order through the seed pipeline, timed from RPUSH to the subscriber's receipt, under `load` orders/s of background traffic. */
export async function seedPipelineLatency(url, lines, { load = 5000, markers = 40, intervalMs = 500, prefix = 'seedlat:' } = {}) {
  const producer = new Redis(url);
  const consumer = new Redis(url);
  const subscriber = new Redis(url);
  const list = `${prefix}CoffeeOrderQueue`;
  const channel = `${prefix}CHANNEL_REDIS_PUBSUB`;
  const sentAt = new Map();
  const latencies = [];
  await subscriber.subscribe(channel);
  subscriber.on('message', (_c, message) => {
    const { body } = JSON.parse(message);
    if (body.branch.startsWith('probe-')) {
      const t0 = sentAt.get(body.branch);
      if (t0 !== undefined) {
        latencies.push(performance.now() - t0);
        sentAt.delete(body.branch);
      }
    }
  });
  let running = true;
  const consume = (async () => {
    while (running) {
      const line = await consumer.lpop(list);
      if (line === null) {
        await new Promise((r) => setTimeout(r, 1));
        continue;
      }
      await countOrder(consumer, prefix, line, channel);
    }
  })();
  const background = (async () => {
    let i = 0;
    const t0 = Date.now();
    while (running) {
      const due = Math.floor(((Date.now() - t0) / 1000) * load);
      const pipeline = producer.pipeline();
      for (; i < due; i++) {
        pipeline.rpush(list, lines[i % lines.length]);
      }
      await pipeline.exec();
      await new Promise((r) => setTimeout(r, 10));
    }
  })();
  for (let m = 0; m < markers; m++) {
    await new Promise((r) => setTimeout(r, intervalMs));
    const branch = `probe-${m}`;
    sentAt.set(branch, performance.now());
    await producer.rpush(list, JSON.stringify({ branch, orders: ['Espresso'], paymentMethod: 'Cash', customerAgeGrade: '2030', timestamp: Date.now() }));
  }
  await new Promise((r) => setTimeout(r, 2000));
  running = false;
  await Promise.all([consume, background]);
  producer.disconnect();
  consumer.disconnect();
  subscriber.disconnect();
  return { latencies, lost: markers - latencies.length };
}

/** p-th percentile (0..100) of a list of numbers. */
export function percentile(values, p) {
  if (values.length === 0) {return NaN;}
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
