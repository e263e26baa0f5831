// The pipeline on a 3-master + 3-replica Redis Cluster (ORDER_SHARDS=3) against one Redis node, same
// run, same orders: 3 pre-written files (one per shard: the collector routes a file by its path) →
// collector → BENCH_CLUSTER_PROCESSORS processors → stored counts, exact totals checked (summed over
// the shards). Reports orders/s, CPU-µs per order of every redis-server and of the apps, the share
// of keys, stream entries and Redis CPU each master takes (target: none above 45 %), and the cost of
// REPLICA_WAIT_MS (the same cluster run with WAIT 1 after every commit).
// On a 2-core machine the cluster's 6 redis-servers and the apps share the cores: compare CPU per order.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { freePort, redisCli, startRedisCluster, startRedisServer } from '@coffee/testing';
import { createRedisClient, keySlot, orderShardKeys, resolveRedisTarget, shardIndexOf } from '@coffee/redis-io';
import { report } from './lib/report.mjs';
import { cpuSeconds } from './lib/stats.mjs';

const ORDERS = Number(process.env.BENCH_CLUSTER_ORDERS ?? 600_000);
const PROCESSORS = Number(process.env.BENCH_CLUSTER_PROCESSORS ?? 1);
const SHARDS = 3;
const REPLICA_WAIT_MS = 1_000;
const root = join(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'coffee-bench-cluster-'));

function run(entry, env, args = []) {
  const child = spawn(process.execPath, [join(root, entry), ...args], { cwd: root, env: { ...process.env, LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
  const exited = new Promise((r) => child.once('exit', r));
  return { child, exited, stop: async () => { child.kill('SIGTERM'); await exited; } };
}
async function waitHttp(url) {
  for (let i = 0; i < 600; i++) {
    try { if ((await fetch(url)).ok) {return;} } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} never answered`);
}
const total = (hash) => Object.values(hash).reduce((a, n) => a + Number(n), 0);
async function nodeCpu(port) {
  const info = await redisCli(port, 'INFO', 'cpu');
  return Number(/used_cpu_user:([\d.]+)/.exec(info)[1]) + Number(/used_cpu_sys:([\d.]+)/.exec(info)[1]);
}
/** Port of the master holding each slot range, from CLUSTER SLOTS. */
async function slotMasters(client) {
  const slots = await client.cluster('SLOTS');
  return (slot) => slots.find(([from, to]) => slot >= from && slot <= to)?.[2]?.[1];
}

// One file per shard (the shard of a file is chosen by its path); the same files feed both modes.
const allFile = join(dir, 'all.txt');
const truthFile = join(dir, 'truth.json');
console.log(`generating ${ORDERS.toLocaleString()} orders…`);
await run('tools/generator/dist/main.js', {}, ['--rate', 'max', '--count', String(ORDERS), '--seed', '17', '--timestamps', '--start', '2026-02-01T00:00:00Z', '--interval-ms', '1', '--out', allFile, '--truth', truthFile]).exited;
const truth = JSON.parse(readFileSync(truthFile, 'utf8'));
const lines = readFileSync(allFile, 'utf8').split('\n').filter((l) => l !== '');
rmSync(allFile);
const files = new Map();
for (let n = 0; files.size < SHARDS; n++) {
  const path = join(dir, `orders-${n}.txt`);
  if (!files.has(shardIndexOf(path, SHARDS))) {files.set(shardIndexOf(path, SHARDS), path);}
}
const paths = [...files.values()];
// Written aside; each run moves copies into place once every service is ready (the tailers wait for the files).
paths.forEach((path, f) => writeFileSync(`${path}.all`, lines.filter((_, i) => i % SHARDS === f).map((l) => `${l}\n`).join('')));
lines.length = 0;
const dayKeys = Object.keys(truth.hashes).filter((k) => k.startsWith('*:') && k.split(':')[1].length === 8 && k.endsWith(':Orders'));

/** One run: collector + processors on `env`'s Redis until the counts (summed over `layouts`) hold every cup; exactness checked. */
async function throughputRun(client, env, layouts, redisPorts) {
  const processors = [];
  const ready = [];
  for (let p = 0; p < PROCESSORS; p++) {
    const port = await freePort();
    processors.push(run('apps/processor/dist/main.js', { ...env, PROCESSOR_PORT: String(port), CONSUMER_NAME: `bench-${p}` }));
    ready.push(`http://127.0.0.1:${port}/health/ready`);
  }
  const collectorPort = await freePort();
  const collector = run('apps/collector/dist/main.js', { ...env, COLLECTOR_PORT: String(collectorPort), ORDERS_FILES: paths.join(',') });
  ready.push(`http://127.0.0.1:${collectorPort}/health/ready`);
  await Promise.all(ready.map(waitHttp));
  // Timed from here: services up, files appear (start-up time and CPU are not counted).
  const cpu0 = Object.fromEntries(await Promise.all(redisPorts.map(async (p) => [p, await nodeCpu(p)])));
  const apps0 = { collector: cpuSeconds(collector.child.pid), processors: processors.reduce((s, p) => s + cpuSeconds(p.child.pid), 0) };
  const started = performance.now();
  for (const path of paths) {
    writeFileSync(`${path}.tmp`, readFileSync(`${path}.all`));
    renameSync(`${path}.tmp`, path);
  }
  for (let counted = 0; counted < truth.cups; ) {
    await new Promise((r) => setTimeout(r, 100));
    const parts = await Promise.all(layouts.flatMap((keys) => dayKeys.map((k) => client.hgetall(keys.statsHash('*', k.split(':')[1], 'Orders')))));
    counted = parts.reduce((sum, h) => sum + total(h), 0);
  }
  const seconds = (performance.now() - started) / 1000;
  const apps = { collector: cpuSeconds(collector.child.pid) - apps0.collector, processors: processors.reduce((s, p) => s + cpuSeconds(p.child.pid), 0) - apps0.processors };
  const redisCpu = Object.fromEntries(await Promise.all(redisPorts.map(async (p) => [p, (await nodeCpu(p)) - cpu0[p]])));
  let mismatches = 0;
  for (const [key, expected] of Object.entries(truth.hashes)) {
    const [b, d, t] = key.split(':');
    const parts = await Promise.all(layouts.map((keys) => client.hgetall(keys.statsHash(b, d, t))));
    const sum = {};
    for (const part of parts) {for (const [f, n] of Object.entries(part)) {sum[f] = (sum[f] ?? 0) + Number(n);}}
    for (const [f, n] of Object.entries(expected)) {if (sum[f] !== n) {mismatches++;}}
    if (Object.keys(sum).length !== Object.keys(expected).length) {mismatches++;}
  }
  await collector.stop();
  await Promise.all(processors.map((p) => p.stop()));
  for (const path of paths) {
    rmSync(path, { force: true });
  }
  const us = (s) => (s * 1e6) / ORDERS;
  return { seconds, throughput: ORDERS / seconds, mismatches, appsUs: { collector: us(apps.collector), processors: us(apps.processors) }, redisUs: Object.fromEntries(Object.entries(redisCpu).map(([p, s]) => [p, us(s)])), redisCpu };
}

let single;
let cluster;
try {
  // ---- one node ----
  single = await startRedisServer();
  const singleClient = new Redis(single.url);
  const one = await throughputRun(singleClient, { REDIS_URL: single.url, KEY_PREFIX: 'single:' }, orderShardKeys({ keyPrefix: 'single:' }), [single.port]);
  singleClient.disconnect();
  await single.stop();
  single = undefined;
  console.log(`one node: ${Math.round(one.throughput).toLocaleString('en-US')} orders/s, ${one.mismatches} mismatches, redis ${Object.values(one.redisUs)[0].toFixed(2)} CPU-µs/order`);

  // ---- cluster, 3 shards ----
  cluster = await startRedisCluster();
  const target = resolveRedisTarget(undefined, cluster.seeds);
  const client = createRedisClient(target, { name: 'bench-cluster' });
  await new Promise((r) => client.once('ready', r));
  const ports = cluster.nodes.map((n) => n.port);
  const roles = await cluster.roles();
  const masters = ports.filter((p) => roles.get(p)?.role === 'master');
  const clusterEnv = (prefix, extra = {}) => ({ REDIS_URL: '', REDIS_CLUSTER_NODES: cluster.seeds, ORDER_SHARDS: String(SHARDS), KEY_PREFIX: prefix, ...extra });
  const layouts = orderShardKeys({ keyPrefix: 'c:', redisClusterNodes: cluster.seeds, orderShards: SHARDS });
  const keysBefore = Object.fromEntries(await Promise.all(masters.map(async (p) => [p, Number(await redisCli(p, 'DBSIZE'))])));
  const sharded = await throughputRun(client, clusterEnv('c:'), layouts, ports);
  console.log(`cluster: ${Math.round(sharded.throughput).toLocaleString('en-US')} orders/s, ${sharded.mismatches} mismatches`);
  // Shares per master: keys, stream entries (entries-added of each shard's stream, on its master), Redis CPU.
  const masterOf = await slotMasters(client);
  const keys = Object.fromEntries(await Promise.all(masters.map(async (p) => [p, Number(await redisCli(p, 'DBSIZE')) - keysBefore[p]])));
  const entries = Object.fromEntries(masters.map((p) => [p, 0]));
  for (const layout of layouts) {
    const info = await client.call('XINFO', 'STREAM', layout.ordersStream);
    const added = Number(info[info.indexOf('entries-added') + 1]);
    const port = masterOf(keySlot(layout.ordersStream));
    entries[port] = (entries[port] ?? 0) + added;
  }
  const share = (table, p) => (100 * table[p]) / masters.reduce((s, q) => s + table[q], 0);
  const rows = masters.map((p) => ({ master: p, keys: share(keys, p), entries: share(entries, p), cpu: share(sharded.redisCpu, p) }));
  console.table(rows.map((r) => ({ master: r.master, 'keys %': r.keys.toFixed(1), 'stream entries %': r.entries.toFixed(1), 'Redis CPU %': r.cpu.toFixed(1) })));
  const worst = Math.max(...rows.flatMap((r) => [r.keys, r.entries, r.cpu]));

  // ---- cluster with REPLICA_WAIT_MS ----
  const waitLayouts = orderShardKeys({ keyPrefix: 'w:', redisClusterNodes: cluster.seeds, orderShards: SHARDS });
  const waited = await throughputRun(client, clusterEnv('w:', { REPLICA_WAIT_MS: String(REPLICA_WAIT_MS) }), waitLayouts, ports);
  console.log(`cluster + REPLICA_WAIT_MS: ${Math.round(waited.throughput).toLocaleString('en-US')} orders/s, ${waited.mismatches} mismatches`);
  client.disconnect();

  const sum = (o) => Object.values(o).reduce((a, b) => a + b, 0);
  const mastersUs = (r) => masters.reduce((s, p) => s + r.redisUs[p], 0);
  const replicasUs = (r) => ports.filter((p) => !masters.includes(p)).reduce((s, p) => s + r.redisUs[p], 0);
  const n = `${(ORDERS / 1e3).toFixed(0)}k orders, ${PROCESSORS} processor(s)`;
  report('cluster', [
    { metric: `end-to-end throughput, 3 masters + 3 replicas, ORDER_SHARDS=3 (${n}, ${sharded.mismatches} mismatches)`, value: sharded.throughput, unit: 'orders/s', baseline: one.throughput, baselineName: `one redis-server, same run (${one.mismatches} mismatches)` },
    { metric: 'CPU per order, the 3 masters together (cluster)', value: mastersUs(sharded), unit: 'CPU-µs', baseline: sum(one.redisUs), baselineName: 'the one redis-server' },
    ...masters.map((p) => ({ metric: `CPU per order, master :${p} (cluster)`, value: sharded.redisUs[p], unit: 'CPU-µs' })),
    { metric: 'CPU per order, the 3 replicas together (cluster)', value: replicasUs(sharded), unit: 'CPU-µs' },
    { metric: 'CPU per order, collector (cluster)', value: sharded.appsUs.collector, unit: 'CPU-µs', baseline: one.appsUs.collector, baselineName: 'collector on one node' },
    { metric: `CPU per order, processor(s) (cluster, ${SHARDS} shard loops each)`, value: sharded.appsUs.processors, unit: 'CPU-µs', baseline: one.appsUs.processors, baselineName: 'processor(s) on one node' },
    ...rows.map((r) => ({ metric: `master :${r.master} share: keys ${r.keys.toFixed(1)} %, stream entries ${r.entries.toFixed(1)} %, Redis CPU`, value: r.cpu, unit: '%', target: '<= 45 % each', met: Math.max(r.keys, r.entries, r.cpu) <= 45 })),
    { metric: 'largest share any master takes (keys, entries or CPU)', value: worst, unit: '%', target: '<= 45', met: worst <= 45 },
    { metric: `end-to-end throughput with REPLICA_WAIT_MS=${REPLICA_WAIT_MS} (WAIT 1 after every commit; ${waited.mismatches} mismatches)`, value: waited.throughput, unit: 'orders/s', baseline: sharded.throughput, baselineName: 'cluster without REPLICA_WAIT_MS' },
    { metric: 'CPU per order, 3 masters, with REPLICA_WAIT_MS', value: mastersUs(waited), unit: 'CPU-µs', baseline: mastersUs(sharded), baselineName: 'without' },
    { metric: 'CPU per order, collector + processor(s), with REPLICA_WAIT_MS', value: waited.appsUs.collector + waited.appsUs.processors, unit: 'CPU-µs', baseline: sharded.appsUs.collector + sharded.appsUs.processors, baselineName: 'without' },
  ]);
  if (one.mismatches + sharded.mismatches + waited.mismatches > 0) {
    process.exitCode = 1;
  }
} finally {
  await single?.stop();
  await cluster?.stop();
  rmSync(dir, { recursive: true, force: true });
}
