// Stats store apply throughput on one private redis-server: stream entries (1,000 orders each, 4 branches)
// → XREADGROUP → aggregateBatch → applyBatch (one atomic Lua step: ownership check, HINCRBY, TTLs,
// indexes, XACK), beside the seed-shaped baseline measured in the same run on the same server: one
// RPUSH per order, one LPOP per order, one HINCRBY per field (the original Flume → Storm topology).
// Also measures the two ways of checking entry ownership inside the script (XPENDING per id vs. one
// XPENDING over the batch's id range with a consumer filter), as server µs per call.
//
// Each consumer has its own connection and consumer name in the one group; parsing the entries and
// aggregating are the consumer side's CPU work. A check at the end proves every order counted once.
//
// Run: npx nx run-many -t build -p stats-store && node bench/stats-store.bench.mjs
// Knobs (env): BENCH_ORDERS (default 400000), BENCH_BASELINE_ORDERS (10000), BENCH_READ_COUNT (entries
// per XREADGROUP, 10), BENCH_CONSUMERS (consumers, 2), BENCH_THREADS (0, default: the consumers share the
// main thread like one processor process; 1: one worker thread each, like separate processes).
import os from 'node:os';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import Redis from 'ioredis';
import { aggregateBatch, Windowing } from '@coffee/aggregation';
import { RedisKeys } from '@coffee/redis-io';
import { StatsStore } from '@coffee/stats-store';
import { startRedisServer } from '@coffee/testing';
import { report } from './lib/report.mjs';

const ORDERS = Number(process.env.BENCH_ORDERS ?? 400_000);
const BASELINE_ORDERS = Number(process.env.BENCH_BASELINE_ORDERS ?? 10_000);
const READ_COUNT = Number(process.env.BENCH_READ_COUNT ?? 10);
const CONSUMERS = Number(process.env.BENCH_CONSUMERS ?? 2);
const THREADS = process.env.BENCH_THREADS === '1';
const PER_ENTRY = 1_000;

const BRANCHES = ['jeongja', 'seohyeon', 'sunae', 'migeum'];
const COFFEES = ['Espresso', 'Espresso Macchiato', 'Espresso con Panna', 'Caffe Latte', 'Flat White', 'Cafe Breve', 'Cappuccino', 'Caffe Mocha', 'Americano'];
const PAYMENTS = ['Cash', 'Credit', 'Debit'];
const GRADES = ['0010', '1020', '2030', '3040', '4050', '5060', '6070', '7080', '8090', '9999'];

const windowing = new Windowing();
const seconds = (ns) => Number(ns) / 1e9;

/** Deterministic pseudo-random order lines, event times spread over the last 20 minutes, in order. */
function orderLines(count, salt) {
  let x = 2463534242 ^ salt;
  const next = (n) => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) % n;
  };
  const spanMs = 20 * 60_000;
  const t0 = windowing.windowStart(Date.now()) - spanMs;
  const lines = new Array(count);
  let cups = 0;
  for (let i = 0; i < count; i += 1) {
    const orders = Array.from({ length: 1 + next(3) }, () => COFFEES[next(COFFEES.length)]);
    cups += orders.length;
    lines[i] = JSON.stringify({
      branch: BRANCHES[next(BRANCHES.length)],
      orders,
      paymentMethod: PAYMENTS[next(PAYMENTS.length)],
      customerAgeGrade: GRADES[next(GRADES.length)],
      timestamp: t0 + Math.floor((i * spanMs) / count),
    });
  }
  return { lines, cups };
}

/** CPU seconds used so far by this process (all threads) and by redis-server. */
async function cpuSeconds(redis) {
  const info = await redis.info('cpu');
  const field = (name) => Number(new RegExp(`${name}:([0-9.]+)`).exec(info)?.[1] ?? 0);
  const own = process.cpuUsage();
  return { node: (own.user + own.system) / 1e6, redis: field('used_cpu_user') + field('used_cpu_sys') };
}

async function serverUsec(redis, command) {
  const info = await redis.info('commandstats');
  const line = info.split('\n').find((l) => l.startsWith(`cmdstat_${command}:`));
  const calls = Number(/calls=(\d+)/.exec(line ?? '')?.[1] ?? 0);
  const usec = Number(/usec=(\d+)/.exec(line ?? '')?.[1] ?? 0);
  return { calls, usec };
}

/** Coffee Pulse: XADD entries, then {@link consumer} threads drain the stream; checks the totals. */
async function coffeePulse(url, admin) {
  const keys = new RedisKeys({ prefix: 'bench:' });
  const group = RedisKeys.PROCESSOR_GROUP;
  const { lines, cups } = orderLines(ORDERS, 1);
  await admin.xgroup('CREATE', keys.ordersStream, group, '$', 'MKSTREAM');

  const produceStart = process.hrtime.bigint();
  for (let first = 0; first < lines.length; first += PER_ENTRY * 50) {
    const pipeline = admin.pipeline();
    for (let at = first; at < Math.min(first + PER_ENTRY * 50, lines.length); at += PER_ENTRY) {
      const chunk = lines.slice(at, at + PER_ENTRY);
      pipeline.xadd(keys.ordersStream, '*', 'n', String(chunk.length), 'o', chunk.join('\n'));
    }
    await pipeline.exec();
  }
  const produceNs = process.hrtime.bigint() - produceStart;

  await admin.config('RESETSTAT');
  const specs = Array.from({ length: CONSUMERS }, (_, i) => ({ url, prefix: keys.prefix, consumer: `bench-${i}` }));
  let cpuBefore;
  let consumeStart;
  let applies;
  let cleanup = async () => {};
  if (THREADS) {
    const workers = await Promise.all(
      specs.map(
        (spec) =>
          new Promise((resolve, reject) => {
            const worker = new Worker(new URL(import.meta.url), { workerData: spec });
            worker.once('error', reject);
            worker.once('message', () => resolve(worker)); // ready
          }),
      ),
    );
    cpuBefore = await cpuSeconds(admin);
    consumeStart = process.hrtime.bigint();
    const counts = await Promise.all(
      workers.map(
        (worker) =>
          new Promise((resolve, reject) => {
            worker.once('error', reject);
            worker.once('message', (done) => resolve(done.applies));
            worker.postMessage('go');
          }),
      ),
    );
    applies = counts.reduce((x, y) => x + y, 0);
    cleanup = () => Promise.all(workers.map((worker) => worker.terminate()));
  } else {
    const prepared = await Promise.all(specs.map(prepareConsumer));
    cpuBefore = await cpuSeconds(admin);
    consumeStart = process.hrtime.bigint();
    applies = (await Promise.all(prepared.map((p) => p.run()))).reduce((x, y) => x + y, 0);
  }
  const consumeNs = process.hrtime.bigint() - consumeStart;
  const cpuAfter = await cpuSeconds(admin);
  const lua = await serverUsec(admin, 'evalsha');
  await cleanup();

  // Check: every order and cup counted once in the all-branches day windows, nothing left pending.
  const store = new StatsStore(admin, keys, { windowing });
  let counted = 0;
  let countedCups = 0;
  for (const { date } of await store.storedWindows('*', '1d')) {
    counted += Object.values(await store.readWindow('*', date, 'PaymentMethods')).reduce((a, b) => a + b, 0);
    countedCups += Object.values(await store.readWindow('*', date, 'Orders')).reduce((a, b) => a + b, 0);
  }
  const pending = (await admin.xpending(keys.ordersStream, group))[0];
  if (counted !== ORDERS || countedCups !== cups || pending !== 0) {
    throw new Error(`check failed: ${counted}/${ORDERS} orders, ${countedCups}/${cups} cups, ${pending} pending`);
  }
  return { produceNs, consumeNs, applies, lua, cpu: cpuAfter.node - cpuBefore.node + cpuAfter.redis - cpuBefore.redis };
}

/** Connects one consumer; `run()` then drains the stream (XREADGROUP → parse → aggregateBatch → applyBatch) and resolves the number of applies. */
async function prepareConsumer({ url, prefix, consumer }) {
  const client = new Redis(url);
  const keys = new RedisKeys({ prefix });
  const group = RedisKeys.PROCESSOR_GROUP;
  const store = new StatsStore(client, keys, { windowing });
  await client.ping();
  return {
    async run() {
      let applies = 0;
      for (;;) {
        const reply = await client.xreadgroup('GROUP', group, consumer, 'COUNT', READ_COUNT, 'STREAMS', keys.ordersStream, '>');
        if (reply === null) {
          break;
        }
        const ids = [];
        const orders = [];
        for (const [id, fields] of reply[0][1]) {
          ids.push(id);
          const body = fields[fields.indexOf('o') + 1];
          for (const line of body.split('\n')) {
            orders.push(JSON.parse(line));
          }
        }
        const result = await store.applyBatch(aggregateBatch(orders, windowing), { stream: keys.ordersStream, group, consumer, ids });
        if (result.status !== 'applied') {
          throw new Error(`unexpected ${result.status}`);
        }
        applies += 1;
      }
      await client.quit();
      return applies;
    },
  };
}

/** Worker thread body: prepare, say ready, run on 'go', report the applies. */
async function workerMain() {
  const prepared = await prepareConsumer(workerData);
  parentPort.postMessage('ready');
  await new Promise((resolve) => parentPort.once('message', resolve));
  parentPort.postMessage({ applies: await prepared.run() });
}

/** The original shape: RPUSH per order; a spout LPOPs one order at a time; a bolt HINCRBYs each field of its window hash. */
async function seedShaped(admin) {
  const list = 'seed:CoffeeOrderQueue';
  const { lines } = orderLines(BASELINE_ORDERS, 2);
  const produceStart = process.hrtime.bigint();
  for (let first = 0; first < lines.length; first += PER_ENTRY) {
    const pipeline = admin.pipeline();
    for (const line of lines.slice(first, first + PER_ENTRY)) {
      pipeline.rpush(list, line);
    }
    await pipeline.exec();
  }
  const produceNs = process.hrtime.bigint() - produceStart;
  const base = windowing.baseResolution;
  const cpuBefore = await cpuSeconds(admin);
  const consumeStart = process.hrtime.bigint();
  for (;;) {
    const line = await admin.lpop(list);
    if (line === null) {
      break;
    }
    const order = JSON.parse(line);
    const prefix = `seed:${order.branch}:${windowing.datestring(order.timestamp, base)}:`;
    // The bolt's HINCRBYs of one order go out together (kinder than the original's one round trip each).
    await Promise.all([
      admin.hincrby(`${prefix}CustomerAgeGrades`, order.customerAgeGrade, 1),
      admin.hincrby(`${prefix}PaymentMethods`, order.paymentMethod, 1),
      ...order.orders.map((coffee) => admin.hincrby(`${prefix}Orders`, coffee, 1)),
    ]);
  }
  const consumeNs = process.hrtime.bigint() - consumeStart;
  const cpuAfter = await cpuSeconds(admin);
  return { produceNs, consumeNs, cpu: cpuAfter.node - cpuBefore.node + cpuAfter.redis - cpuBefore.redis };
}

/** Server µs per ownership check of `k` ids: one XPENDING per id vs. one XPENDING over the range with a consumer filter. */
async function ownershipChecks(admin) {
  const stream = 'own:stream';
  await admin.xgroup('CREATE', stream, 'g', '$', 'MKSTREAM');
  const pipeline = admin.pipeline();
  for (let i = 0; i < 4_000; i += 1) {
    pipeline.xadd(stream, '*', 'n', '1');
  }
  await pipeline.exec();
  for (let i = 0; i < 4; i += 1) {
    await admin.xreadgroup('GROUP', 'g', i === 2 ? 'other' : 'c1', 'COUNT', 1_000, 'STREAMS', stream, '>');
  }
  const mine = (await admin.xpending(stream, 'g', '-', '+', 4_000, 'c1')).map(([id]) => id);
  const perId = `local n = 0
for i = 1, #ARGV do
  local row = redis.call('XPENDING', KEYS[1], 'g', ARGV[i], ARGV[i], 1)[1]
  if row and row[2] == 'c1' then n = n + 1 end
end
return n`;
  const range = `local wanted, n = {}, 0
for i = 1, #ARGV do wanted[ARGV[i]] = true end
for _, row in ipairs(redis.call('XPENDING', KEYS[1], 'g', ARGV[1], ARGV[#ARGV], #ARGV + 16, 'c1')) do
  if wanted[row[1]] then n = n + 1 end
end
return n`;
  const rows = [];
  for (const k of [1, 10, 50]) {
    const cost = {};
    for (const [name, source] of [['perId', perId], ['range', range]]) {
      const sha = await admin.script('LOAD', source);
      await admin.config('RESETSTAT');
      const calls = [];
      for (let i = 0; i < 2_000; i += 1) {
        const at = (i * 37) % (mine.length - k);
        calls.push(admin.evalsha(sha, 1, stream, ...mine.slice(at, at + k)));
      }
      const owned = await Promise.all(calls);
      if (owned.some((n) => n !== k)) {
        throw new Error(`${name} check miscounted`);
      }
      const { calls: n, usec } = await serverUsec(admin, 'evalsha');
      cost[name] = usec / n;
    }
    rows.push({
      metric: `ownership check of ${k} id(s) in Lua, range+consumer XPENDING (server time)`,
      value: Number(cost.range.toFixed(2)),
      unit: 'µs/call',
      baseline: Number(cost.perId.toFixed(2)),
      baselineName: 'one XPENDING per id',
      ratio: cost.perId / cost.range,
    });
  }
  return rows;
}

if (!isMainThread) {
  await workerMain();
} else {
  const started = Date.now();
  const server = await startRedisServer();
  const admin = new Redis(server.url);
  try {
    const ours = await coffeePulse(server.url, admin);
    const seed = await seedShaped(admin);
    const ownership = await ownershipChecks(admin);

    const applyRate = ORDERS / seconds(ours.consumeNs);
    const seedApplyRate = BASELINE_ORDERS / seconds(seed.consumeNs);
    const e2eRate = ORDERS / seconds(ours.produceNs + ours.consumeNs);
    const seedE2eRate = BASELINE_ORDERS / seconds(seed.produceNs + seed.consumeNs);
    const baselineName = 'seed-shaped: LPOP per order + HINCRBY per field';
    report(
      'stats-store',
      [
        {
          metric: `apply throughput (XREADGROUP ${READ_COUNT}×${PER_ENTRY} → aggregateBatch → applyBatch, ${CONSUMERS} consumer ${THREADS ? 'threads' : 'loops on one thread'})`,
          value: Math.round(applyRate),
          unit: 'orders/s',
          baseline: Math.round(seedApplyRate),
          baselineName,
          target: '>= 300000 orders/s and >= 50x baseline',
          met: applyRate >= 300_000 && applyRate >= 50 * seedApplyRate,
        },
        {
          metric: 'end to end (XADD entries + apply) vs (RPUSH per order + LPOP + HINCRBY)',
          value: Math.round(e2eRate),
          unit: 'orders/s',
          baseline: Math.round(seedE2eRate),
          baselineName: 'seed-shaped: RPUSH per order (pipelined by 1,000) + consume',
        },
        {
          metric: 'apply work per CPU second (consumers + redis-server CPU time; robust to a busy machine)',
          value: Math.round(ORDERS / ours.cpu),
          unit: 'orders/CPU-s',
          baseline: Math.round(BASELINE_ORDERS / seed.cpu),
          baselineName: 'seed-shaped consumer + redis-server CPU time',
        },
        {
          metric: 'Redis time per applyBatch (Lua, 4 resolutions × 5 branches incl. *)',
          value: Number((ours.lua.usec / ours.lua.calls).toFixed(1)),
          unit: 'µs/call',
        },
        { metric: 'Redis time per order applied', value: Number((ours.lua.usec / ORDERS).toFixed(3)), unit: 'µs/order' },
        ...ownership,
      ],
      { loadAverage: os.loadavg(), orders: ORDERS, baselineOrders: BASELINE_ORDERS, readCount: READ_COUNT, consumers: CONSUMERS, applies: ours.applies, seconds: (Date.now() - started) / 1000 },
    );
  } finally {
    await admin.quit();
    await server.stop();
  }
}
