// Processor benchmark: stream → stored counts throughput with 1 and 2 processors (the processors
// started and ready first, then the orders added to the stream at once as 500-order entries; timed
// from the group's first read until the lag and the pending list are empty; totals checked exactly), beside the seed-shaped baseline in the same run
// (LPOP per order from a preloaded list, HINCRBY per counted field, PUBLISH per order, one round trip
// at a time, for a fixed time slice); and processor memory: RSS at start and after every million
// orders up to 5M. Also reports CPU seconds per million orders (processor and redis-server), which
// do not depend on what else runs on the machine.
// Alert rules (issue 21): processor CPU per order with the alert stage off (ALERTS_ENABLED=off) and on
// (the default rules), alternating off, on, off, on over the same preloaded orders; CPU is user + system
// time of the processor process (/proc, the same figure as its process.cpuUsage()) from the first read
// until the stream is drained plus a settle time in which the alert stage evaluates the last closed
// windows; wall-clock time is not used for this comparison.
// Entries are compact (what the collector writes from files) unless BENCH_PROCESSOR_FORMAT=json (JSON lines,
// what HTTP ingest, the legacy list and collectors with STREAM_ENTRY_FORMAT=json write).
// Env: BENCH_PROCESSOR_ORDERS (default 6,000,000: at 2M a run lasted under a second, and each process's
// warm-up (JIT, heap growth) made 2 processors look 0.8x of one; at 6M they were 1.02x),
// BENCH_PROCESSOR_MEMORY_ORDERS (default 5,000,000),
// BENCH_PROCESSOR_ALERT_ORDERS (default 1,000,000 per run of the alert comparison).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Redis from 'ioredis';
import { startRedisServer, freePort } from '@coffee/testing';
import { RedisKeys } from '@coffee/redis-io';
import { report } from './lib/report.mjs';
import { makeEntries } from './lib/sample-entries.mjs';
import { cpuSeconds } from './lib/stats.mjs';

const ORDERS = Number(process.env.BENCH_PROCESSOR_ORDERS ?? 6_000_000);
const MEMORY_ORDERS = Number(process.env.BENCH_PROCESSOR_MEMORY_ORDERS ?? 5_000_000);
const ALERT_ORDERS = Number(process.env.BENCH_PROCESSOR_ALERT_ORDERS ?? 1_000_000);
/** After the drain, the alert stage still evaluates the windows closed last (it checks every 250 ms): both variants wait as long. */
const ALERT_SETTLE_MS = 1_500;
const BASELINE_SECONDS = 5;
const PER_ENTRY = 500;
const root = join(import.meta.dirname, '..');
const FORMAT = process.env.BENCH_PROCESSOR_FORMAT ?? 'compact';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const rssMiB = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
/** User + system CPU seconds of a process. */


process.stdout.write(`generating ${Math.max(ORDERS, ALERT_ORDERS).toLocaleString('en-US')} orders… `);
const generatedAt = performance.now();
// Enough distinct event time for the longest run that is not the memory run (which may cycle through them).
const entries = makeEntries(Math.max(ORDERS, ALERT_ORDERS), 7, { format: FORMAT, perEntry: PER_ENTRY, baselineEntries: 400 });
console.log(`${((performance.now() - generatedAt) / 1000).toFixed(1)} s`);
const server = await startRedisServer();
const redis = new Redis(server.url);
const redisPid = Number(/process_id:(\d+)/.exec(await redis.info('server'))?.[1]);

/** XADDs `total` orders (cycling through the generated entries) to the stream of `keys`; returns the cups. */
// One MULTI/EXEC: every entry appears at once, so processors already waiting on the stream read full
// batches from the first read on instead of trailing the preload.
async function preload(keys, total) {
  let cups = 0;
  const transaction = redis.multi();
  for (let i = 0, added = 0; added < total; i++, added += PER_ENTRY) {
    const e = i % entries.bodies.length;
    transaction.xadd(keys.ordersStream, '*', 'n', String(PER_ENTRY), 'o', entries.bodies[e]);
    cups += entries.cups[e];
  }
  await transaction.exec();
  return cups;
}

async function startProcessor(keys, name, env = {}) {
  const port = await freePort();
  const child = spawn(process.execPath, [join(root, 'apps/processor/dist/main.js')], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'warn', REDIS_URL: server.url, KEY_PREFIX: keys.prefix, PROCESSOR_PORT: String(port), CONSUMER_NAME: name, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    port,
    stop: async () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

/** Resolves once a processor's `/health/ready` answers 200. */
async function waitReady(port) {
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/health/ready`)).ok) {
        return;
      }
    } catch {
      // not listening yet
    }
    await sleep(50);
  }
  throw new Error(`processor on port ${port} never became ready`);
}

async function groupState(keys) {
  const groups = await redis.call('XINFO', 'GROUPS', keys.ordersStream).catch(() => []);
  for (const group of groups) {
    const fields = {};
    for (let i = 0; i < group.length; i += 2) {
      fields[group[i]] = group[i + 1];
    }
    if (fields.name === RedisKeys.PROCESSOR_GROUP) {
      // Drained: nothing pending and the last delivered id is the stream's last id (`lag` may be unknown).
      const stream = await redis.call('XINFO', 'STREAM', keys.ordersStream);
      const lastId = stream[stream.indexOf('last-generated-id') + 1];
      return { read: Number(fields['entries-read'] ?? 0), pending: Number(fields.pending), drained: Number(fields.pending) === 0 && fields['last-delivered-id'] === lastId };
    }
  }
  return undefined;
}

/** Sums the all-branches day hashes: orders (age grades) and cups (coffees). */
async function storedTotals(keys) {
  const days = await redis.zrange(keys.windowsIndex('*', '1d'), 0, -1);
  let orders = 0;
  let cups = 0;
  for (const day of days) {
    const ages = await redis.hgetall(keys.statsHash('*', day, 'CustomerAgeGrades'));
    const coffees = await redis.hgetall(keys.statsHash('*', day, 'Orders'));
    orders += Object.values(ages).reduce((a, n) => a + Number(n), 0);
    cups += Object.values(coffees).reduce((a, n) => a + Number(n), 0);
  }
  return { orders, cups };
}

/** Sum of one counter or gauge in a processor's /metrics (0 when absent). */
async function metricValue(port, name) {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name} `) || line.startsWith(`${name}{`))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

/**
 * Runs `count` processors over a preloaded stream of `total` orders. `env` is added to the processors'
 * environment; with `settleMs`, CPU is read that long after the drain (the alert stage's last windows).
 */
async function throughputRun(label, count, total, { env = {}, settleMs = 0 } = {}) {
  const keys = new RedisKeys({ prefix: `bench-${label}:` });
  // Every processor up and ready (its start-up, about 0.5 CPU-s of module loading, done) before the
  // orders arrive (all at once, see preload): otherwise the first one to start reads alone while the others still load, and their
  // start-up CPU falls inside the measured span (a 1-2 s run), which is what a long-running deployment never sees.
  const processors = [];
  for (let i = 0; i < count; i++) {
    processors.push(await startProcessor(keys, `${label}-${i}`, env));
  }
  await Promise.all(processors.map((p) => waitReady(p.port)));
  process.stdout.write(`[${label}] preloading ${total.toLocaleString('en-US')} orders… `);
  const preloadedAt = performance.now();
  const cups = await preload(keys, total);
  console.log(`${((performance.now() - preloadedAt) / 1000).toFixed(1)} s`);
  const rss = [];
  let firstReadAt;
  let cpuAtFirstRead = 0;
  let redisCpuAtFirstRead = 0;
  for (;;) {
    const state = await groupState(keys);
    const now = performance.now();
    if (firstReadAt === undefined && state !== undefined && state.read > 0) {
      firstReadAt = now;
      cpuAtFirstRead = processors.reduce((sum, p) => sum + cpuSeconds(p.child.pid), 0);
      redisCpuAtFirstRead = cpuSeconds(redisPid);
      rss.push({ orders: 0, MiB: rssMiB(processors[0].child.pid) });
    }
    if (firstReadAt !== undefined && state.read * PER_ENTRY >= (rss.length) * 1_000_000 && state.read * PER_ENTRY < total) {
      rss.push({ orders: state.read * PER_ENTRY, MiB: rssMiB(processors[0].child.pid) });
    }
    if (state !== undefined && state.drained) {
      break;
    }
    await sleep(firstReadAt === undefined ? 5 : 20);
  }
  const seconds = (performance.now() - firstReadAt) / 1000;
  await sleep(settleMs);
  const cpu = processors.reduce((sum, p) => sum + cpuSeconds(p.child.pid), 0) - cpuAtFirstRead;
  const redisCpu = cpuSeconds(redisPid) - redisCpuAtFirstRead;
  rss.push({ orders: total, MiB: rssMiB(processors[0].child.pid) });
  const alertWindows = await metricValue(processors[0].port, 'coffee_alert_windows_evaluated_total');
  const alertsWaiting = await metricValue(processors[0].port, 'coffee_alert_windows_waiting');
  const stored = await storedTotals(keys);
  const exact = stored.orders === total && stored.cups === cups;
  const exitCodes = [];
  for (const p of processors) {
    exitCodes.push(await p.stop());
  }
  await redis.del(keys.ordersStream);
  const rate = total / seconds;
  console.log(
    `[${label}] ${count} processor(s): ${total.toLocaleString('en-US')} orders in ${seconds.toFixed(2)} s = ${Math.round(rate).toLocaleString('en-US')} orders/s, ` +
      `processor CPU ${((cpu * 1e6) / total).toFixed(2)} s per 1M orders, redis CPU ${((redisCpu * 1e6) / total).toFixed(2)} s per 1M, ` +
      `totals ${exact ? 'exact' : `WRONG (${stored.orders}/${total} orders, ${stored.cups}/${cups} cups)`}, ` +
      `alert windows evaluated ${alertWindows} (waiting ${alertsWaiting}), exit codes ${exitCodes.join(',')}`,
  );
  return { rate, exact, rss, cpuPerMillion: (cpu * 1e6) / total, redisCpuPerMillion: (redisCpu * 1e6) / total, alertWindows, alertsWaiting };
}

/** The seed shape, consume side: LPOP per order, HINCRBY per counted field, PUBLISH per order, one round trip at a time. */
async function seedBaseline(seconds) {
  const list = 'seed:CoffeeOrderQueue';
  const lines = entries.baselineLines;
  for (let i = 0; i < lines.length; i += 10_000) {
    await redis.rpush(list, ...lines.slice(i, i + 10_000));
  }
  const consumer = new Redis(server.url);
  const datestring = (ms) => {
    const d = new Date(Math.floor(ms / 30_000) * 30_000 + 9 * 3600_000);
    const p = (n) => String(n).padStart(2, '0');
    return `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`;
  };
  const started = performance.now();
  const deadline = started + seconds * 1000;
  let counted = 0;
  while (performance.now() < deadline) {
    const line = await consumer.lpop(list);
    if (line === null) {
      break;
    }
    const order = JSON.parse(line);
    const date = datestring(order.timestamp);
    await consumer.hincrby(`seed:${order.branch}:${date}:CustomerAgeGrades`, order.customerAgeGrade, 1);
    await consumer.hincrby(`seed:${order.branch}:${date}:PaymentMethods`, order.paymentMethod, 1);
    for (const coffee of order.orders) {
      await consumer.hincrby(`seed:${order.branch}:${date}:Orders`, coffee, 1);
    }
    await consumer.publish('seed:CHANNEL_REDIS_PUBSUB', JSON.stringify({ header: 'PUBLISH_STATISTICS', body: { branch: order.branch, date } }));
    counted++;
  }
  const rate = counted / ((performance.now() - started) / 1000);
  consumer.disconnect();
  console.log(`[baseline] seed shape: ${Math.round(rate).toLocaleString('en-US')} orders/s`);
  return rate;
}

try {
  const baseline = await seedBaseline(BASELINE_SECONDS);
  const one = await throughputRun('one', 1, ORDERS);
  const two = await throughputRun('two', 2, ORDERS);
  const memory = await throughputRun('memory', 1, MEMORY_ORDERS);
  const alertRuns = { off: [], on: [] };
  for (const round of [1, 2]) {
    for (const state of ['off', 'on']) {
      alertRuns[state].push(await throughputRun(`alerts-${state}-${round}`, 1, ALERT_ORDERS, { env: { ALERTS_ENABLED: state }, settleMs: ALERT_SETTLE_MS }));
    }
  }
  const mean = (runs, field) => runs.reduce((sum, run) => sum + run[field], 0) / runs.length;
  const cpuOff = mean(alertRuns.off, 'cpuPerMillion');
  const cpuOn = mean(alertRuns.on, 'cpuPerMillion');
  const alertOverhead = (cpuOn / cpuOff - 1) * 100;
  const alertsExact = [...alertRuns.off, ...alertRuns.on].every((run) => run.exact);
  // Each "on" run against the "off" run just before it: on a loaded machine the spread between runs shows here.
  const pairs = alertRuns.on.map((run, i) => (run.cpuPerMillion / alertRuns.off[i].cpuPerMillion - 1) * 100);
  // The stage really ran in the "on" runs (and not in the "off" ones), and had caught up when CPU was read.
  const alertsRan = alertRuns.on.every((run) => run.alertWindows > 0 && run.alertsWaiting === 0) && alertRuns.off.every((run) => run.alertWindows === 0);
  console.log(
    `[alerts] processor CPU per order: off ${alertRuns.off.map((run) => run.cpuPerMillion.toFixed(3)).join(' / ')} µs, ` +
      `on ${alertRuns.on.map((run) => run.cpuPerMillion.toFixed(3)).join(' / ')} µs → rules add ${alertOverhead.toFixed(1)} % ` +
      `(pairs ${pairs.map((p) => `${p >= 0 ? '+' : ''}${p.toFixed(1)} %`).join(', ')}) ` +
      `(windows evaluated per on-run: ${alertRuns.on.map((run) => run.alertWindows).join(' / ')})`,
  );
  const baselineName = 'seed shape: LPOP + HINCRBY per field + PUBLISH per order';
  const rssStart = memory.rss[0]?.MiB ?? 0;
  const rssEnd = memory.rss.at(-1)?.MiB ?? 0;
  const million = (n) => `${(n / 1e6).toFixed(0)}M`;
  report(
    'processor',
    [
      { metric: `stream → stored counts, 1 processor (${FORMAT} entries)`, value: one.rate, unit: 'orders/s', baseline, baselineName, target: '>= 300,000 orders/s and >= 50x baseline', met: one.exact && one.rate >= 300_000 && one.rate >= 50 * baseline },
      { metric: 'stream → stored counts, 2 processors', value: two.rate, unit: 'orders/s', baseline, baselineName, met: two.exact },
      { metric: `stream → stored counts, 1 processor, ${million(MEMORY_ORDERS)} orders`, value: memory.rate, unit: 'orders/s', baseline, baselineName, met: memory.exact },
      { metric: 'processor CPU per 1M orders (1 processor)', value: one.cpuPerMillion, unit: 's' },
      { metric: 'redis-server CPU per 1M orders (1 processor)', value: one.redisCpuPerMillion, unit: 's' },
      { metric: 'processor RSS at start (first read)', value: rssStart, unit: 'MiB' },
      { metric: `processor CPU per order, alert rules off (mean of 2 runs of ${ALERT_ORDERS.toLocaleString('en-US')} orders)`, value: cpuOff, unit: 'CPU-µs' },
      {
        metric: `processor CPU per order, alert rules on (mean of 2 runs of ${ALERT_ORDERS.toLocaleString('en-US')} orders)`,
        value: cpuOn,
        unit: 'CPU-µs',
        baseline: cpuOff,
        baselineName: 'alert rules off, same run',
        ratio: cpuOff / cpuOn,
      },
      { metric: 'CPU the alert rules add per order', value: alertOverhead, unit: '%', target: '< 5 %', met: alertsExact && alertsRan && alertOverhead < 5 },
      { metric: `processor RSS after ${million(MEMORY_ORDERS)} orders`, value: rssEnd, unit: 'MiB', target: 'flat: no growth after the first million', met: rssEnd <= 1.25 * (memory.rss[1]?.MiB ?? rssEnd) },
    ],
    {
      orders: ORDERS,
      memoryOrders: MEMORY_ORDERS,
      alertOrders: ALERT_ORDERS,
      alertOverheadPairsPercent: pairs,
      rssSeries: memory.rss,
      exact: { one: one.exact, two: two.exact, memory: memory.exact, alerts: alertsExact },
      alertRuns: Object.fromEntries(
        Object.entries(alertRuns).map(([state, runs]) => [
          state,
          runs.map((run) => ({ cpuMicrosPerOrder: run.cpuPerMillion, redisCpuMicrosPerOrder: run.redisCpuPerMillion, windowsEvaluated: run.alertWindows, ordersPerSecond: run.rate })),
        ]),
      ),
    },
  );
  if (!one.exact || !two.exact || !memory.exact || !alertsExact) {
    process.exitCode = 1;
  }
} finally {
  redis.disconnect();
  await server.stop();
}
