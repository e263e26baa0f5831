// Redis I/O throughput on one private redis-server, each figure beside a seed-shaped baseline measured in the same run:
//   sink:   200k order lines appended through OrderStreamSink in batches of 1,000 (checkpointed, pipelined)
//           vs one awaited RPUSH per line (what Flume's RedisSink did);
//   source: the same orders read back through OrderStreamSource (XREADGROUP, parse) vs one awaited LPOP per line;
//   legacy: the original list drained into the stream by LegacyListSource (LMOVE batches + atomic commit).
// Each phase also records CPU time (this process + redis-server), which stays meaningful on a busy machine where
// wall-clock rates swing. The baselines are latency-bound, so they run for at most BASELINE_LINES lines or
// BASELINE_SECONDS seconds, whichever comes first, and report a rate.
// Uses the BUILT libraries (run `nx build redis-io` first). BENCH_LINES / BENCH_BASELINE_LINES override the sizes.
import redisIo from '@coffee/redis-io';
import testing from '@coffee/testing';
import os from 'node:os';
import { report } from './lib/report.mjs';

const { createRedis, waitUntilReady, OrderStreamSink, OrderStreamSource, LegacyListSource, RedisKeys } = redisIo;
const { startRedisServer } = testing;

const LINES = Number(process.env.BENCH_LINES ?? 200_000);
const BASELINE_LINES = Number(process.env.BENCH_BASELINE_LINES ?? 50_000);
const BASELINE_SECONDS = Number(process.env.BENCH_BASELINE_SECONDS ?? 5);
const BATCH = 1_000;

const branches = ['jeongja', 'seohyeon', 'sunae', 'migeum'];
const coffees = ['Espresso', 'Americano', 'Caffe Latte', 'Flat White', 'Cappuccino', 'Caffe Mocha'];
const line = (i) =>
  JSON.stringify({
    branch: branches[i % 4],
    orders: [coffees[i % 6], coffees[(i * 7) % 6]].slice(0, 1 + (i % 2)),
    paymentMethod: ['Cash', 'Credit', 'Debit'][i % 3],
    customerAgeGrade: '2030',
    timestamp: 1_412_123_456_000 + i * 10,
  });
const lines = Array.from({ length: LINES }, (_, i) => line(i));

const seconds = (start) => Number(process.hrtime.bigint() - start) / 1e9;

/** Runs `phase` and returns its result with the CPU seconds spent by this process and by redis-server. */
async function withCpu(redis, phase) {
  const redisCpu = async () => {
    const info = await redis.info('cpu');
    return Number(info.match(/used_cpu_user:([\d.]+)/)[1]) + Number(info.match(/used_cpu_sys:([\d.]+)/)[1]);
  };
  const redisBefore = await redisCpu();
  const before = process.cpuUsage();
  const result = await phase();
  const used = process.cpuUsage(before);
  return { result, cpuSeconds: (used.user + used.system) / 1e6 + ((await redisCpu()) - redisBefore) };
}

async function sinkThroughput(redis, keys) {
  const sink = new OrderStreamSink(redis, keys);
  const at = (offset) => ({ sourceId: 'bench.log', fileId: '1:1', offset });
  const start = process.hrtime.bigint();
  const appends = [];
  let expected = null;
  for (let from = 0; from < lines.length; from += BATCH) {
    const next = at(Math.min(from + BATCH, lines.length));
    await sink.whenWritable();
    appends.push(sink.append({ lines: lines.slice(from, next.offset), checkpoint: { expected, next } }));
    expected = next;
  }
  await Promise.all(appends);
  const elapsed = seconds(start);
  const position = await sink.readPosition('bench.log');
  if (position?.offset !== lines.length) {
    throw new Error(`sink stored position ${JSON.stringify(position)}, expected offset ${lines.length}`);
  }
  return lines.length / elapsed;
}

async function sourceThroughput(url, keys) {
  const redis = createRedis(url, { name: 'bench-source', maxRetriesPerRequest: null });
  const source = new OrderStreamSource(redis, keys, { consumer: 'bench', blockMs: 20, batchEntries: 20 });
  await source.ensureGroup();
  const start = process.hrtime.bigint();
  let orders = 0;
  for (let batch = await source.next(); batch !== null; batch = await source.next()) {
    orders += batch.orderCount;
  }
  const elapsed = seconds(start) - 0.02; // the final empty read blocked for blockMs
  await source.close();
  await redis.quit();
  if (orders !== lines.length) {
    throw new Error(`source read ${orders} orders, expected ${lines.length}`);
  }
  return orders / elapsed;
}

async function legacyThroughput(url, redis, keys) {
  for (let from = 0; from < lines.length; from += 10_000) {
    await redis.rpush(keys.legacyList, ...lines.slice(from, from + 10_000));
  }
  const reader = createRedis(url, { name: 'bench-legacy', maxRetriesPerRequest: null });
  const legacy = new LegacyListSource(reader, keys, { consumer: 'bench', batchSize: BATCH, blockMs: 20 });
  const abort = new globalThis.AbortController();
  const start = process.hrtime.bigint();
  let moved = 0;
  const stats = await legacy.run((raw) => {
    moved += raw.length;
    if (moved >= lines.length) {
      abort.abort();
    }
    return { lines: raw };
  }, abort.signal);
  const elapsed = seconds(start);
  await reader.quit();
  if (stats.lines !== lines.length || (await redis.llen(keys.legacyProcessing('bench'))) !== 0) {
    throw new Error(`legacy reader moved ${stats.lines} lines, expected ${lines.length}`);
  }
  return lines.length / elapsed;
}

async function rpushBaseline(redis, keys) {
  const start = process.hrtime.bigint();
  let pushed = 0;
  while (pushed < BASELINE_LINES && seconds(start) < BASELINE_SECONDS) {
    await redis.rpush(keys.legacyList, lines[pushed]);
    pushed += 1;
  }
  return { rate: pushed / seconds(start), count: pushed };
}

async function lpopBaseline(redis, keys, expected) {
  const start = process.hrtime.bigint();
  let popped = 0;
  while ((await redis.lpop(keys.legacyList)) !== null) {
    popped += 1;
  }
  if (popped !== expected) {
    throw new Error(`popped ${popped}, expected ${expected}`);
  }
  return { rate: popped / seconds(start), count: popped };
}

const server = await startRedisServer();
const redis = createRedis(server.url, { name: 'bench' });
try {
  await waitUntilReady(redis, 5_000);
  await sinkThroughput(redis, new RedisKeys({ prefix: 'warmup:' }));
  await redis.del('warmup:coffee:orders', 'warmup:coffee:collector:offsets');

  const baselineKeys = new RedisKeys({ prefix: 'baseline:' });
  const rpush = await withCpu(redis, () => rpushBaseline(redis, baselineKeys));
  const lpop = await withCpu(redis, () => lpopBaseline(redis, baselineKeys, rpush.result.count));

  const keys = new RedisKeys({ prefix: 'bench:' });
  const sink = await withCpu(redis, () => sinkThroughput(redis, keys));
  const source = await withCpu(redis, () => sourceThroughput(server.url, keys));
  const legacy = await withCpu(redis, () => legacyThroughput(server.url, redis, new RedisKeys({ prefix: 'legacy:' })));

  const per100k = (phase, count) => (phase.cpuSeconds * 1e3 * 100_000) / count;
  const baselineName = (what, count) => `one awaited ${what} per line (seed), ${count.toLocaleString('en-US')} lines`;
  const rpushName = baselineName('RPUSH', rpush.result.count);
  const lpopName = baselineName('LPOP', lpop.result.count);
  const cpuRow = (metric, phase, count, base, baseName) => {
    const value = per100k(phase, count);
    const baseline = per100k(base, base.result.count);
    return { metric, value, unit: 'CPU ms per 100k lines (node + redis)', baseline, baselineName: baseName, ratio: baseline / value };
  };
  report('redis-io', [
    { metric: `sink: ${LINES.toLocaleString('en-US')} lines, batches of ${BATCH}, checkpointed`, value: sink.result, unit: 'lines/s', baseline: rpush.result.rate, baselineName: rpushName },
    cpuRow('sink CPU cost', sink, LINES, rpush, rpushName),
    { metric: 'source: XREADGROUP + parse, 20 entries per read', value: source.result, unit: 'orders/s', baseline: lpop.result.rate, baselineName: lpopName },
    cpuRow('source CPU cost', source, LINES, lpop, lpopName),
    { metric: 'legacy list → stream (take batch + atomic commit)', value: legacy.result, unit: 'lines/s', baseline: lpop.result.rate, baselineName: lpopName },
    cpuRow('legacy CPU cost', legacy, LINES, lpop, lpopName),
  ], { lines: LINES, batch: BATCH, loadAverage: os.loadavg(), redis: (await redis.info('server')).match(/redis_version:(\S+)/)?.[1] });
} finally {
  await redis.quit();
  await server.stop();
}
