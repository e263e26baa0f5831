// End-to-end benchmark of the whole pipeline on this machine, each figure beside the faithful 2014
// pipeline (bench/lib/pipeline-2014.mjs: Flume RPUSH per line, Storm LPOP + PUBLISH per order with
// counts in memory, SaveBolt HINCRBY per field at window changes, in separate processes), same run:
//  1. throughput: a pre-written orders file → collector → stream → processor → stored counts, exact totals
//     checked; median of BENCH_PIPELINE_RUNS runs (default 3), with CPU-µs per order of each process; then the
//     same runs with 2 processors (one consumer group);
//  2. latency at 5k orders/s: a marker order appended to the file → its window's update at a WebSocket client;
//  3. memory: RSS of each service after the throughput run.
import { spawn } from 'node:child_process';
import { appendFileSync, closeSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { io } from 'socket.io-client';
import { startRedisServer, freePort } from '@coffee/testing';
import { RedisKeys } from '@coffee/redis-io';
import { report } from './lib/report.mjs';
import { pipeline2014Latency, pipeline2014Throughput } from './lib/pipeline-2014.mjs';
import { cpuSeconds, percentile } from './lib/stats.mjs';

const ORDERS = Number(process.env.BENCH_PIPELINE_ORDERS ?? 4_000_000);
const RUNS = Number(process.env.BENCH_PIPELINE_RUNS ?? 3);
const BASELINE_2014 = '2014 pipeline: Flume RPUSH per line, Storm LPOP + PUBLISH per order, SaveBolt HINCRBY per field per window; separate processes';
const BASELINE_2014_LATENCY = '2014 pipeline, RPUSH → subscriber';
const root = join(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'coffee-bench-'));
const server = await startRedisServer();
const redis = new Redis(server.url);

function run(entry, env, args = []) {
  const child = spawn(process.execPath, [join(root, entry), ...args], { cwd: root, env: { ...process.env, LOG_LEVEL: 'warn', REDIS_URL: server.url, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
  const exited = new Promise((r) => child.once('exit', r));
  return { child, exited, stop: async () => { child.kill('SIGTERM'); await exited; } };
}
async function redisCpuSeconds() {
  const info = await redis.info('cpu');
  return Number(/used_cpu_user:([\d.]+)/.exec(info)[1]) + Number(/used_cpu_sys:([\d.]+)/.exec(info)[1]);
}
const median = (values) => percentile(values, 50);
const rssMiB = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
async function waitHttp(url) {
  for (let i = 0; i < 300; i++) {
    try { if ((await fetch(url)).ok) {return;} } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} never answered`);
}

try {
  // ---- 1. throughput ----
  const file = join(dir, 'orders.txt');
  const truthFile = join(dir, 'truth.json');
  console.log(`generating ${ORDERS.toLocaleString()} orders…`);
  const gen = run('tools/generator/dist/main.js', {}, ['--rate', 'max', '--count', String(ORDERS), '--seed', '11', '--timestamps', '--start', '2026-01-01T00:00:00Z', '--interval-ms', '1', '--out', file, '--truth', truthFile]);
  await gen.exited;
  const truth = JSON.parse(readFileSync(truthFile, 'utf8'));
  const runs = [];
  for (let r = 0; r < RUNS; r++) {
    runs.push(await throughputRun(new RedisKeys({ prefix: `tp${r}:` })));
    const last = runs.at(-1);
    console.log(`run ${r + 1}: ${ORDERS} orders in ${last.seconds.toFixed(1)} s = ${Math.round(last.throughput).toLocaleString('en-US')} orders/s; ${last.mismatches} mismatching fields; CPU-µs/order collector ${last.cpu.collector.toFixed(2)}, processor ${last.cpu.processor.toFixed(2)}, redis ${last.cpu.redis.toFixed(2)}; ${last.cores.toFixed(2)} cores busy`);
  }
  const throughput = median(runs.map((x) => x.throughput));
  const seconds = median(runs.map((x) => x.seconds));
  const mismatches = runs.reduce((a, x) => a + x.mismatches, 0);
  const cpu = Object.fromEntries(['collector', 'processor', 'redis'].map((k) => [k, median(runs.map((x) => x.cpu[k]))]));
  const cores = median(runs.map((x) => x.cores));
  const memory = runs.at(-1).memory;
  // The same runs with two processors (one consumer group): what adding a processor gives on these two cores.
  const runs2 = [];
  for (let r = 0; r < RUNS; r++) {
    runs2.push(await throughputRun(new RedisKeys({ prefix: `tp2p${r}:` }), 2));
    const last = runs2.at(-1);
    console.log(`run ${r + 1} with 2 processors: ${Math.round(last.throughput).toLocaleString('en-US')} orders/s; ${last.mismatches} mismatching fields; CPU-µs/order collector ${last.cpu.collector.toFixed(2)}, processors ${last.cpu.processor.toFixed(2)}, redis ${last.cpu.redis.toFixed(2)}; ${last.cores.toFixed(2)} cores busy`);
  }
  const two = {
    throughput: median(runs2.map((x) => x.throughput)),
    mismatches: runs2.reduce((a, x) => a + x.mismatches, 0),
    cpu: median(runs2.map((x) => x.cpu.collector + x.cpu.processor + x.cpu.redis)),
    cores: median(runs2.map((x) => x.cores)),
  };

  async function throughputRun(keys, processorCount = 1) {
    const env = { KEY_PREFIX: keys.prefix };
    const collectorPort = await freePort();
    const processorPorts = [];
    for (let p = 0; p < processorCount; p++) {
      processorPorts.push(await freePort());
    }
    const redisCpu0 = await redisCpuSeconds();
    const started = performance.now();
    const processors = processorPorts.map((port, p) => run('apps/processor/dist/main.js', { ...env, PROCESSOR_PORT: String(port), CONSUMER_NAME: `bench-${p}` }));
    const collector = run('apps/collector/dist/main.js', { ...env, COLLECTOR_PORT: String(collectorPort), ORDERS_FILES: file });
    const dayKeys = Object.keys(truth.hashes).filter((k) => k.startsWith('*:') && k.split(':')[1].length === 8 && k.endsWith(':Orders'));
    let counted = 0;
    while (counted < truth.cups) {
      await new Promise((r) => setTimeout(r, 100));
      const pipeline = redis.pipeline();
      for (const k of dayKeys) {
        const [b, d] = k.split(':');
        pipeline.hgetall(keys.statsHash(b, d, 'Orders'));
      }
      counted = (await pipeline.exec()).reduce((sum, [, h]) => sum + Object.values(h).reduce((a, n) => a + Number(n), 0), 0);
    }
    const seconds = (performance.now() - started) / 1000;
    const perOrder = (cpuS) => (cpuS * 1e6) / ORDERS;
    const cpuRun = { collector: cpuSeconds(collector.child.pid), processor: processors.reduce((sum, p) => sum + cpuSeconds(p.child.pid), 0), redis: (await redisCpuSeconds()) - redisCpu0 };
    const cpu = { collector: perOrder(cpuRun.collector), processor: perOrder(cpuRun.processor), redis: perOrder(cpuRun.redis) };
    const cores = (cpuRun.collector + cpuRun.processor + cpuRun.redis) / seconds;
    const memory = { collector: rssMiB(collector.child.pid), processor: rssMiB(processors[0].child.pid) };
    // exact totals
    let mismatches = 0;
    const entries = Object.entries(truth.hashes);
    for (let i = 0; i < entries.length; i += 5000) {
      const pipeline = redis.pipeline();
      const slice = entries.slice(i, i + 5000);
      for (const [key] of slice) {
        const [b, d, t] = key.split(':');
        pipeline.hgetall(keys.statsHash(b, d, t));
      }
      const results = await pipeline.exec();
      slice.forEach(([, expected], j) => {
        const stored = results[j][1];
        for (const [field, n] of Object.entries(expected)) {if (Number(stored[field]) !== n) {mismatches++;}}
        if (Object.keys(stored).length !== Object.keys(expected).length) {mismatches++;}
      });
    }
    await collector.stop();
    await Promise.all(processors.map((p) => p.stop()));
    // Free the run's keys so the next run starts from the same Redis size.
    for (let cursor = '0'; ;) {
      const [next, found] = await redis.scan(cursor, 'MATCH', `${keys.prefix}*`, 'COUNT', 10_000);
      if (found.length > 0) {await redis.unlink(...found);}
      if ((cursor = next) === '0') {break;}
    }
    return { seconds, throughput: ORDERS / seconds, mismatches, cpu, cores, memory };
  }
  const head = Buffer.alloc(16 << 20);
  const fd = openSync(file, 'r');
  const headBytes = readSync(fd, head, 0, head.length, 0);
  closeSync(fd);
  const sampleLines = head.toString('utf8', 0, headBytes).split('\n').slice(0, 50_000).filter((line) => line.endsWith('}'));
  rmSync(file, { force: true });
  const baseline = await pipeline2014Throughput(server.url, sampleLines, 10);

  // ---- 2. latency at 5k orders/s ----
  const latKeys = new RedisKeys({ prefix: 'lat:' });
  const latFile = join(dir, 'latency.txt');
  writeFileSync(latFile, '');
  const gatewayPort = await freePort();
  const latEnv = { KEY_PREFIX: latKeys.prefix };
  const services = [
    run('apps/processor/dist/main.js', { ...latEnv, PROCESSOR_PORT: String(await freePort()) }),
    run('apps/collector/dist/main.js', { ...latEnv, COLLECTOR_PORT: String(await freePort()), ORDERS_FILES: latFile }),
    run('apps/api-gateway/dist/main.js', { ...latEnv, GATEWAY_PORT: String(gatewayPort) }),
  ];
  await waitHttp(`http://127.0.0.1:${gatewayPort}/api/health`);
  const load = run('tools/generator/dist/main.js', {}, ['--rate', '5000', '--timestamps', '--seed', '5', '--out', latFile]);
  const socket = io(`http://127.0.0.1:${gatewayPort}`, { transports: ['websocket'] });
  const sentAt = [];
  const latencies = [];
  socket.on('stats', (body) => {
    if (body.branch !== 'probe' || sentAt.length === 0 || body.start !== Math.floor(sentAt[0].ts / 30_000) * 30_000) {return;}
    const n = Object.values(body.stats.PaymentMethods).reduce((a, b) => a + b, 0);
    const t0 = sentAt[n - 1];
    if (t0 !== undefined && !t0.seen) {
      t0.seen = true;
      latencies.push(performance.now() - t0.at);
    }
  });
  await socket.timeout(10_000).emitWithAck('subscribe', { branches: ['probe'] });
  await new Promise((r) => setTimeout(r, 3000));
  const MARKERS = 40;
  // All markers fall in one 30 s window would be ideal; the count resets per window, so restart numbering per window.
  for (let m = 0; m < MARKERS; m++) {
    await new Promise((r) => setTimeout(r, 500));
    const at = performance.now();
    const ts = Date.now();
    if (sentAt.length > 0 && Math.floor(ts / 30_000) !== Math.floor(sentAt.at(-1).ts / 30_000)) {sentAt.length = 0;}
    sentAt.push({ at, ts, seen: false });
    appendFileSync(latFile, JSON.stringify({ branch: 'probe', orders: ['Espresso'], paymentMethod: 'Cash', customerAgeGrade: '2030', timestamp: ts }) + '\n');
  }
  await new Promise((r) => setTimeout(r, 2000));
  socket.close();
  await load.stop();
  const gatewayRss = rssMiB(services[2].child.pid);
  for (const s of services) {await s.stop();}
  const seedLatency = await pipeline2014Latency(server.url, sampleLines, { load: 5000, markers: MARKERS });

  report('pipeline', [
    { metric: `end-to-end throughput, file → stored counts, median of ${RUNS} runs of ${(ORDERS / 1e6).toFixed(1)}M orders (${seconds.toFixed(1)} s, ${mismatches} mismatches)`, value: throughput, unit: 'orders/s', baseline, baselineName: BASELINE_2014, target: '>= 600k orders/s and >= 40x', met: mismatches === 0 && throughput >= 600_000 && throughput / baseline >= 40 },
    { metric: 'CPU per order, collector (median of runs)', value: cpu.collector, unit: 'CPU-µs' },
    { metric: 'CPU per order, processor (median of runs)', value: cpu.processor, unit: 'CPU-µs' },
    { metric: 'CPU per order, redis-server (median of runs)', value: cpu.redis, unit: 'CPU-µs', target: '<= 0.4', met: cpu.redis <= 0.4 },
    { metric: 'CPU per order, all three processes', value: cpu.collector + cpu.processor + cpu.redis, unit: 'CPU-µs', target: '<= 3.0', met: cpu.collector + cpu.processor + cpu.redis <= 3 },
    { metric: 'cores busy during the throughput run (collector + processor + redis-server CPU ÷ wall clock)', value: cores, unit: 'cores', target: '>= 1.8', met: cores >= 1.8 },
    { metric: `end-to-end throughput with 2 processors, median of ${RUNS} runs (${two.mismatches} mismatches)`, value: two.throughput, unit: 'orders/s', baseline: throughput, baselineName: '1 processor, same bench' },
    { metric: 'CPU per order with 2 processors, all processes', value: two.cpu, unit: 'CPU-µs' },
    { metric: 'cores busy with 2 processors', value: two.cores, unit: 'cores' },
    { metric: `latency p50 at 5k orders/s, append → WebSocket (${latencies.length}/${MARKERS} markers)`, value: percentile(latencies, 50), unit: 'ms', baseline: percentile(seedLatency.latencies, 50), baselineName: BASELINE_2014_LATENCY, ratio: percentile(seedLatency.latencies, 50) / percentile(latencies, 50) },
    { metric: 'latency p99 at 5k orders/s, append → WebSocket', value: percentile(latencies, 99), unit: 'ms', baseline: percentile(seedLatency.latencies, 99), baselineName: BASELINE_2014_LATENCY, ratio: percentile(seedLatency.latencies, 99) / percentile(latencies, 99), target: '< 250 ms', met: percentile(latencies, 99) < 250 },
    { metric: 'collector RSS after throughput run', value: memory.collector, unit: 'MiB' },
    { metric: 'processor RSS after throughput run', value: memory.processor, unit: 'MiB' },
    { metric: 'api-gateway RSS after latency run', value: gatewayRss, unit: 'MiB' },
  ]);
} finally {
  redis.disconnect();
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}
