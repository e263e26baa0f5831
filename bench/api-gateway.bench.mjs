// API gateway: live fan-out latency and history throughput of the BUILT app (node apps/api-gateway/dist/main.js)
// on a private redis-server, with baselines measured in this run:
//   live:    1,000 socket.io clients (two worker threads), each subscribed to one of 4 branches; live packets for
//            the 4 branches at 4/s each, published on the live channel with a send timestamp; p50/p99
//            publish→receive latency, deliveries, gateway CPU (from /proc/<pid>/stat) and peak RSS.
//   history: GET /api/stats?branch=jeongja&last=120 (3 types × 120 windows, ~57 kB of JSON) requests/s with wrk
//            when installed, else a keep-alive Node load loop, 32 connections, Accept-Encoding: gzip (as browsers
//            send), while live updates flow (4 branches at 4/s): the gateway as shipped (answer cache on), the
//            gateway with its cache off (HISTORY_CACHE_MS=0: one pipelined round trip per request), the naive
//            baseline (a tiny plain http server doing one awaited HGETALL per window and type, no pipelining), and
//            the machine's ceilings (plain node:http sending one fixed answer of the same size, uncompressed and
//            gzip-encoded). Cached answers are served by the gateway's history fast path, below Express and Nest;
//            with the cache off every request goes through the Nest controller.
//   admission: 200 concurrent clients (a worker thread) each looping over distinct maximal history queries
//            (10,000 windows × 3 types, Accept-Encoding: gzip, Retry-After ignored) for 60 s (issue 14's target;
//            BENCH_ADMISSION_SECONDS overrides), while live updates flow and a probe asks the cached last=120 query
//            every 20 ms: gateway alive, its peak RSS and CPU, its event-loop delay p99 (from its own /metrics,
//            prom-client's monitorEventLoopDelay, reset by a scrape at the start), the probe's p50/p99.
// Needs `npx nx build api-gateway` (built if missing). BENCH_LIVE_SECONDS, BENCH_HTTP_SECONDS, BENCH_CLIENTS override.
// BENCH_ONLY=admission runs only the admission part and prints its figures (no result file written);
// BENCH_ADMISSION_OVER_BUDGET=1 makes its attackers' queries over MAX_HISTORY_CELLS (every 4 types: 400s).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { report } from './lib/report.mjs';
import { seedHistory } from './lib/seed-history.mjs';

const ROOT = resolve(fileURLToPath(import.meta.url), '../..');
const APP = join(ROOT, 'apps/api-gateway/dist/main.js');
const PREFIX = 'bench:';
const BRANCHES = ['jeongja', 'seohyeon', 'sunae', 'migeum'];
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 1_000);
const CLIENT_WORKERS = 2;
const LIVE_SECONDS = Number(process.env.BENCH_LIVE_SECONDS ?? 15);
const HTTP_SECONDS = Number(process.env.BENCH_HTTP_SECONDS ?? 8);
const HTTP_CONNECTIONS = 32;
const UPDATES_PER_SECOND = 4;
const HISTORY_PATH = '/api/stats?branch=jeongja&last=120&type=CustomerAgeGrades,PaymentMethods,Orders';
const ADMISSION_SECONDS = Number(process.env.BENCH_ADMISSION_SECONDS ?? 60);
const ONLY_ADMISSION = process.env.BENCH_ONLY === 'admission';
const OVER_BUDGET = process.env.BENCH_ADMISSION_OVER_BUDGET === '1';
const ADMISSION_CLIENTS = 200;
const clock = () => performance.timeOrigin + performance.now();
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));
const progress = (text) => process.stderr.write(`[api-gateway bench] ${text}\n`);

if (!isMainThread) {
  await (workerData.mode === 'attackers' ? attackersWorker(workerData) : liveClientsWorker(workerData));
} else if (process.argv[2] === 'baseline-server') {
  await baselineServer(Number(process.argv[3]), process.argv[4]);
} else {
  await main();
}

// ---------------------------------------------------------------- main

async function main() {
  const started = clock();
  const loadAverageAtStart = loadavg().map((x) => Number(x.toFixed(2)));
  if (!existsSync(APP)) {
    const build = spawnSync('npx', ['nx', 'build', 'api-gateway', '--output-style=static'], {
      cwd: ROOT,
      stdio: 'inherit',
      env: { ...process.env, NX_NO_CLOUD: 'true', NX_DAEMON: 'false', NX_TUI: 'false' },
    });
    if (build.status !== 0) {
      throw new Error('npx nx build api-gateway failed');
    }
  }
  const { default: testing } = await import('@coffee/testing');
  const redisServer = await testing.startRedisServer();
  const children = [];
  const stopAll = async () => {
    for (const child of children) {
      child.kill('SIGTERM');
    }
    await redisServer.stop();
  };
  try {
    const seeded = await seedHistory(redisServer.url, { prefix: PREFIX, branches: BRANCHES });
    const gateway = await startGateway(redisServer.url, {}, children);
    if (ONLY_ADMISSION) {
      const stopUpdates = await startBackgroundUpdates(redisServer.url);
      await loadTest(`${gateway.url}${HISTORY_PATH}`);
      const admission = await admissionScenario(gateway);
      stopUpdates();
      console.log(JSON.stringify(admission));
      return;
    }
    progress(`live fan-out: ${CLIENTS} clients, ${LIVE_SECONDS} s`);
    const live = await liveFanOut(gateway, redisServer.url);
    progress(`live: p50 ${live.p50} ms, p90 ${live.p90} ms, p99 ${live.p99} ms, ${live.received}/${live.expected} deliveries, CPU ${live.cpuPercent}%, RSS ${live.rssMiB} MiB`);
    const rows = [];
    rows.push(
      { metric: 'live publish→receive latency p50', value: live.p50, unit: 'ms', target: 'report' },
      { metric: 'live publish→receive latency p90', value: live.p90, unit: 'ms', target: 'report' },
      { metric: 'live publish→receive latency p99', value: live.p99, unit: 'ms', target: '< 50 ms', met: live.p99 < 50 },
      { metric: 'live deliveries received / expected', value: live.received / live.expected, unit: 'ratio', target: '1', met: live.received === live.expected },
      { metric: 'gateway CPU during live fan-out', value: live.cpuPercent, unit: '% of one core' },
      { metric: 'gateway peak RSS during live fan-out', value: live.rssMiB, unit: 'MiB' },
    );

    const tool = hasWrk() ? 'wrk' : 'node keep-alive loop';
    // Live updates keep flowing (4 branches at 4/s), so cached answers are invalidated as in production.
    const stopUpdates = await startBackgroundUpdates(redisServer.url);
    const cached = await loadTest(`${gateway.url}${HISTORY_PATH}`);
    progress(`history, gateway: ${cached.toFixed(0)} req/s (${tool})`);
    progress(`admission: ${ADMISSION_CLIENTS} clients looping over distinct maximal queries, ${ADMISSION_SECONDS} s`);
    const admission = await admissionScenario(gateway);
    progress(
      `admission: alive ${admission.alive}, peak RSS ${admission.rssMiB} MiB, CPU ${admission.cpuPercent}%, event-loop delay p99 ${admission.loopDelayP99} ms, cached probe p50 ${admission.p50} ms p99 ${admission.p99} ms (${admission.probes} probes, ${admission.probeFailures} failed); ` +
        `attackers: ${admission.ok} answers (${admission.mib} MiB), ${admission.refused} × 503, ${admission.other} other, ${admission.errors} errors`,
    );
    const uncachedGateway = await startGateway(redisServer.url, { HISTORY_CACHE_MS: '0' }, children);
    const uncached = await loadTest(`${uncachedGateway.url}${HISTORY_PATH}`);
    progress(`history, gateway with cache off: ${uncached.toFixed(0)} req/s`);
    stopUpdates();
    const baselineUrl = await startBaseline(redisServer.url, children);
    const naive = await loadTest(`${baselineUrl}${HISTORY_PATH}`);
    progress(`history, naive baseline: ${naive.toFixed(0)} req/s`);
    const ceiling = await loadTest(`${baselineUrl}/ceiling`);
    progress(`plain node:http sending a fixed answer of the same size: ${ceiling.toFixed(0)} req/s`);
    const gzipCeiling = await loadTest(`${baselineUrl}/ceiling-gzip`);
    progress(`plain node:http sending that answer gzip-encoded: ${gzipCeiling.toFixed(0)} req/s`);
    rows.push(
      {
        metric: `history last=120 (3 types), gateway, ${tool}`,
        value: cached,
        unit: 'req/s',
        baseline: naive,
        baselineName: 'plain http + one HGETALL round trip per window',
        target: '>= 5,000 req/s',
        met: cached >= 5_000,
      },
      {
        metric: `history last=120 (3 types), gateway with cache off, ${tool}`,
        value: uncached,
        unit: 'req/s',
        baseline: naive,
        baselineName: 'plain http + one HGETALL round trip per window',
      },
      {
        metric: `machine ceiling: plain node:http sending a fixed uncompressed answer of the same size, ${tool}`,
        value: ceiling,
        unit: 'req/s',
      },
      {
        // The gateway sends gzip to clients that accept it (as wrk's requests say): this is its own ceiling.
        metric: `machine ceiling: plain node:http sending that fixed answer gzip-encoded, ${tool}`,
        value: gzipCeiling,
        unit: 'req/s',
      },
    );
    rows.push(
      { metric: `admission: gateway alive after ${ADMISSION_CLIENTS} concurrent maximal history queries for ${ADMISSION_SECONDS} s`, value: admission.alive ? 1 : 0, unit: 'bool', target: '1', met: admission.alive },
      { metric: 'admission: gateway peak RSS under that load', value: admission.rssMiB, unit: 'MiB', target: '< 400 MiB', met: admission.rssMiB < 400 },
      { metric: 'admission: cached last=120 query latency p50 meanwhile', value: admission.p50, unit: 'ms', target: 'report' },
      { metric: 'admission: cached last=120 query latency p99 meanwhile', value: admission.p99, unit: 'ms', target: '< 100 ms', met: admission.p99 < 100 && admission.probeFailures === 0 },
      { metric: 'admission: gateway event-loop delay p99 meanwhile', value: admission.loopDelayP99, unit: 'ms', target: 'report' },
      { metric: 'admission: gateway CPU meanwhile', value: admission.cpuPercent, unit: '% of one core' },
      { metric: 'admission: maximal answers completed (30,000 cells, streamed)', value: admission.ok, unit: 'answers' },
      { metric: 'admission: maximal queries refused (503 + Retry-After)', value: admission.refused, unit: 'answers' },
    );
    report('api-gateway', rows, {
      command: 'node bench/api-gateway.bench.mjs',
      clients: CLIENTS,
      liveSeconds: LIVE_SECONDS,
      packetsPublished: live.published,
      latencyMaxMs: live.max,
      httpConnections: HTTP_CONNECTIONS,
      httpSeconds: HTTP_SECONDS,
      loadTool: tool,
      seededOrders: seeded,
      gatewayLogLevel: 'warn',
      loadAverageAtStart,
      loadAverageAtEnd: loadavg().map((x) => Number(x.toFixed(2))),
      seconds: Number(((clock() - started) / 1000).toFixed(1)),
    });
  } finally {
    await stopAll();
  }
}

async function freePort() {
  const { default: testing } = await import('@coffee/testing');
  return testing.freePort();
}

async function waitForHealth(url, child) {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`${url} exited with ${child.exitCode}`);
    }
    try {
      const response = await fetch(`${url}/api/health`);
      if (response.ok) {
        return;
      }
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`${url} did not become healthy in 30 s`);
}

async function startGateway(redisUrl, env, children) {
  const port = await freePort();
  // BENCH_GATEWAY_NODE_ARGS: extra node flags for the gateway (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile it).
  const nodeArgs = (process.env.BENCH_GATEWAY_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, APP], {
    cwd: ROOT,
    env: { ...process.env, REDIS_URL: redisUrl, KEY_PREFIX: PREFIX, GATEWAY_PORT: String(port), GATEWAY_HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.push(child);
  const url = `http://127.0.0.1:${port}`;
  await waitForHealth(url, child);
  return { url, pid: child.pid };
}

// ---------------------------------------------------------------- live fan-out

/** Body of a live packet for `branch`'s current window with `n` as its growing totals. */
function liveBody(windowing, branch, n) {
  const window = windowing.windowAt(Date.now());
  const stats = {
    CustomerAgeGrades: { '2030': n, '3040': 7, '4050': 3 },
    PaymentMethods: { Cash: n, Credit: 4, Debit: 2 },
    Orders: { Americano: n, Espresso: 5, 'Caffe Latte': 3, Cappuccino: 1 },
  };
  return {
    branch,
    date: window.date,
    counts: Object.entries(stats.CustomerAgeGrades).map(([type, count]) => ({ type, count })),
    start: window.start,
    end: window.end,
    resolution: windowing.baseResolution,
    stats,
    final: false,
    sentAt: clock(),
  };
}

/** Publishes live packets for the 4 branches at 4/s each until the returned function is called. */
async function startBackgroundUpdates(redisUrl) {
  const { LiveChannel } = (await import('@coffee/stats-store')).default;
  const { Windowing } = (await import('@coffee/aggregation')).default;
  const { RedisKeys, createRedis } = (await import('@coffee/redis-io')).default;
  const publisher = createRedis(redisUrl);
  const channel = new RedisKeys({ prefix: PREFIX }).liveChannel;
  const windowing = new Windowing();
  let tick = 0;
  const timer = setInterval(() => {
    tick += 1;
    void publisher.publish(channel, LiveChannel.serialize(liveBody(windowing, BRANCHES[tick % BRANCHES.length], 1_000 + tick)));
  }, 1_000 / (UPDATES_PER_SECOND * BRANCHES.length));
  return () => {
    clearInterval(timer);
    publisher.disconnect();
  };
}

function cpuTicks(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

function rssMiB(pid) {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
  return Number(line?.split(/\s+/)[1] ?? 0) / 1024;
}

function clockTicks() {
  const out = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
  return Number(out.stdout?.trim()) || 100;
}

async function liveFanOut(gateway, redisUrl) {
  const { LiveChannel } = (await import('@coffee/stats-store')).default;
  const { Windowing } = (await import('@coffee/aggregation')).default;
  const { RedisKeys, createRedis } = (await import('@coffee/redis-io')).default;
  const publisher = createRedis(redisUrl);
  const channel = new RedisKeys({ prefix: PREFIX }).liveChannel;
  const windowing = new Windowing();
  const perWorker = Math.ceil(CLIENTS / CLIENT_WORKERS);
  const workers = Array.from({ length: CLIENT_WORKERS }, (_, i) => {
    const count = Math.min(perWorker, CLIENTS - i * perWorker);
    return new Worker(fileURLToPath(import.meta.url), { workerData: { url: gateway.url, count, offset: i * perWorker, branches: BRANCHES } });
  });
  const messages = workers.map((worker) => {
    const queue = [];
    const waiters = [];
    worker.on('message', (message) => (waiters.length > 0 ? waiters.shift()(message) : queue.push(message)));
    worker.on('error', (error) => {
      throw error;
    });
    return () => (queue.length > 0 ? Promise.resolve(queue.shift()) : new Promise((done) => waiters.push(done)));
  });
  await Promise.all(messages.map((next) => next()));
  await sleep(1_000);
  for (const worker of workers) {
    worker.postMessage('start');
  }

  const tck = clockTicks();
  const cpuStart = cpuTicks(gateway.pid);
  const wallStart = clock();
  let peakRss = rssMiB(gateway.pid);
  const rssTimer = setInterval(() => (peakRss = Math.max(peakRss, rssMiB(gateway.pid))), 250);
  const totals = Object.fromEntries(BRANCHES.map((b) => [b, 0]));
  const subscribersPerBranch = Object.fromEntries(BRANCHES.map((b, i) => [b, Array.from({ length: CLIENTS }, (_, c) => c % BRANCHES.length === i).filter(Boolean).length]));
  let published = 0;
  let expected = 0;
  const step = 1_000 / (UPDATES_PER_SECOND * BRANCHES.length);
  const end = clock() + LIVE_SECONDS * 1_000;
  for (let tick = 0; clock() < end; tick += 1) {
    const branch = BRANCHES[tick % BRANCHES.length];
    totals[branch] += 1;
    await publisher.publish(channel, LiveChannel.serialize(liveBody(windowing, branch, totals[branch])));
    published += 1;
    expected += subscribersPerBranch[branch];
    const next = wallStart + (tick + 1) * step;
    await sleep(Math.max(0, next - clock()));
  }
  await sleep(1_500);
  const cpuPercent = ((cpuTicks(gateway.pid) - cpuStart) / tck / ((clock() - wallStart) / 1_000)) * 100;
  clearInterval(rssTimer);
  for (const worker of workers) {
    worker.postMessage('stop');
  }
  const results = await Promise.all(messages.map((next) => next()));
  await Promise.all(workers.map((worker) => worker.terminate()));
  publisher.disconnect();
  const latencies = new Float64Array(results.flatMap((r) => Array.from(r.latencies))).sort();
  const pick = (p) => Number(latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))].toFixed(2));
  return {
    published,
    expected,
    received: results.reduce((sum, r) => sum + r.received, 0),
    p50: pick(0.5),
    p90: pick(0.9),
    p99: pick(0.99),
    max: Number(latencies[latencies.length - 1].toFixed(2)),
    cpuPercent: Number(cpuPercent.toFixed(1)),
    rssMiB: Number(peakRss.toFixed(1)),
  };
}

async function liveClientsWorker({ url, count, offset, branches }) {
  const { io } = await import('socket.io-client');
  const sockets = [];
  const latencies = [];
  let received = 0;
  let measuring = false;
  for (let i = 0; i < count; i += 50) {
    const batch = Array.from({ length: Math.min(50, count - i) }, (_, j) => {
      const branch = branches[(offset + i + j) % branches.length];
      const socket = io(url, { transports: ['websocket'], forceNew: true, reconnection: false });
      socket.on('stats', (body) => {
        if (measuring && typeof body.sentAt === 'number') {
          latencies.push(clock() - body.sentAt);
          received += 1;
        }
      });
      sockets.push(socket);
      return new Promise((done, fail) => {
        socket.once('connect', () => socket.emit('subscribe', { branches: [branch] }, done));
        socket.once('connect_error', fail);
      });
    });
    await Promise.all(batch);
  }
  parentPort.postMessage('ready');
  parentPort.on('message', (message) => {
    if (message === 'start') {
      measuring = true;
    } else if (message === 'stop') {
      for (const socket of sockets) {
        socket.disconnect();
      }
      parentPort.postMessage({ received, latencies: Float64Array.from(latencies) });
    }
  });
}

// ---------------------------------------------------------------- admission control

/** 200 attackers (a worker thread) on distinct maximal queries; a probe times the cached query from here. */
async function admissionScenario(gateway) {
  const worker = new Worker(fileURLToPath(import.meta.url), { workerData: { mode: 'attackers', url: gateway.url, clients: ADMISSION_CLIENTS, seconds: ADMISSION_SECONDS } });
  const result = new Promise((done, fail) => {
    worker.once('message', done);
    worker.once('error', fail);
  });
  await eventLoopDelayP99(gateway); // the scrape resets the gateway's event-loop delay histogram
  const tck = clockTicks();
  const cpuStart = cpuTicks(gateway.pid);
  const wallStart = clock();
  let peakRss = rssMiB(gateway.pid);
  const rssTimer = setInterval(() => {
    try {
      peakRss = Math.max(peakRss, rssMiB(gateway.pid));
    } catch {
      // the gateway died: reported as not alive below
    }
  }, 250);
  const latencies = [];
  let probeFailures = 0;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const end = clock() + ADMISSION_SECONDS * 1_000;
  await sleep(500);
  while (clock() < end) {
    const started = clock();
    const status = await new Promise((done) => {
      http
        .get(`${gateway.url}${HISTORY_PATH}`, { agent, headers: { 'Accept-Encoding': 'gzip' } }, (response) => response.on('end', () => done(response.statusCode)).resume())
        .on('error', () => done(0));
    });
    if (status === 200) {
      latencies.push(clock() - started);
    } else {
      probeFailures += 1;
    }
    await sleep(Math.max(0, started + 20 - clock()));
  }
  const attackers = await result;
  await worker.terminate();
  let cpuPercent = Number.NaN;
  let loopDelayP99 = Number.NaN;
  try {
    cpuPercent = Number((((cpuTicks(gateway.pid) - cpuStart) / tck / ((clock() - wallStart) / 1_000)) * 100).toFixed(1));
    loopDelayP99 = await eventLoopDelayP99(gateway);
  } catch {
    // the gateway died: reported as not alive below
  }
  agent.destroy();
  clearInterval(rssTimer);
  let alive = false;
  try {
    alive = (await fetch(`${gateway.url}/api/health`)).ok;
  } catch {
    alive = false;
  }
  latencies.sort((a, b) => a - b);
  const pick = (p) => Number((latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? Number.NaN).toFixed(2));
  return { alive, rssMiB: Number(peakRss.toFixed(1)), cpuPercent, loopDelayP99, p50: pick(0.5), p99: pick(0.99), probes: latencies.length, probeFailures, ...attackers, mib: Number((attackers.bytes / 1048576).toFixed(1)) };
}

/** The gateway's event-loop delay p99 (ms) since its previous /metrics scrape (prom-client resets the histogram on each). */
async function eventLoopDelayP99(gateway) {
  // A fresh connection: a pooled keep-alive one may have been closed by the gateway meanwhile.
  const text = await new Promise((done, fail) => {
    http
      .get(`${gateway.url}/metrics`, { agent: false }, (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk) => (body += chunk));
        response.on('end', () => done(body));
      })
      .on('error', fail);
  });
  const match = /^coffee_nodejs_eventloop_lag_p99_seconds(?:\{[^}]*\})?\s+(\S+)/m.exec(text);
  return match === null ? Number.NaN : Number((Number(match[1]) * 1_000).toFixed(1));
}

async function attackersWorker({ url, clients, seconds }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
  const base = Math.floor(Date.now() / 30_000) * 30_000;
  const counts = { ok: 0, refused: 0, other: 0, errors: 0, bytes: 0 };
  let next = 0;
  const end = clock() + seconds * 1_000;
  const one = () =>
    new Promise((done) => {
      // Distinct maximal ranges: 10,000 base windows × 3 types (30,000 cells, MAX_HISTORY_CELLS), each shifted by one window.
      // The types are named: the default is every type (4 since OrderSizes), which makes each query over the limit
      // (a 400): BENCH_ADMISSION_OVER_BUDGET=1 floods with those instead.
      const from = base - (10_000 + (next++ % 20_000)) * 30_000;
      const path = `/api/stats?${OVER_BUDGET ? '' : 'type=CustomerAgeGrades,PaymentMethods,Orders&'}from=${from}&to=${from + 10_000 * 30_000 - 1}`;
      http
        .get(`${url}${path}`, { agent, headers: { 'Accept-Encoding': 'gzip' } }, (response) => {
          response.on('data', (chunk) => (counts.bytes += chunk.length));
          response.on('end', () => {
            if (response.statusCode === 200) {
              counts.ok += 1;
            } else if (response.statusCode === 503 && response.headers['retry-after'] !== undefined) {
              counts.refused += 1;
            } else {
              counts.other += 1;
            }
            done();
          });
          response.on('error', () => {
            counts.errors += 1;
            done();
          });
        })
        .on('error', () => {
          counts.errors += 1;
          done();
        });
    });
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (clock() < end) {
        await one();
      }
    }),
  );
  agent.destroy();
  parentPort.postMessage(counts);
}

// ---------------------------------------------------------------- history throughput

function hasWrk() {
  return spawnSync('wrk', ['--version'], { encoding: 'utf8' }).error === undefined;
}

async function loadTest(url) {
  // Warm-up (JIT, connections, cache).
  for (let i = 0, failures = 0; i < 20; i += 1) {
    let response;
    try {
      response = await fetch(url, { headers: { 'Accept-Encoding': 'gzip' } });
    } catch (error) {
      // A pooled keep-alive connection the server closed meanwhile: retry on a new one.
      if (++failures > 3) {
        throw error;
      }
      continue;
    }
    if (!response.ok) {
      throw new Error(`${url} answered ${response.status}`);
    }
    await response.arrayBuffer();
  }
  if (hasWrk()) {
    const run = spawnSync('wrk', ['-t2', `-c${HTTP_CONNECTIONS}`, `-d${HTTP_SECONDS}s`, '-H', 'Accept-Encoding: gzip', url], { encoding: 'utf8' });
    const match = /Requests\/sec:\s+([\d.]+)/.exec(run.stdout ?? '');
    const non2xx = /Non-2xx or 3xx responses:\s+(\d+)/.exec(run.stdout ?? '');
    if (match === null || non2xx !== null) {
      throw new Error(`wrk failed on ${url}: ${run.stdout}${run.stderr}`);
    }
    return Number(match[1]);
  }
  const agent = new http.Agent({ keepAlive: true, maxSockets: HTTP_CONNECTIONS });
  const end = clock() + HTTP_SECONDS * 1_000;
  let done = 0;
  const one = () =>
    new Promise((ok, fail) => {
      http
        .get(url, { agent, headers: { 'Accept-Encoding': 'gzip' } }, (response) => {
          if (response.statusCode !== 200) {
            fail(new Error(`${url} answered ${response.statusCode}`));
          }
          response.on('end', ok).resume();
        })
        .on('error', fail);
    });
  const started = clock();
  await Promise.all(
    Array.from({ length: HTTP_CONNECTIONS }, async () => {
      while (clock() < end) {
        await one();
        done += 1;
      }
    }),
  );
  agent.destroy();
  return done / ((clock() - started) / 1_000);
}

async function startBaseline(redisUrl, children) {
  const port = await freePort();
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), 'baseline-server', String(port), redisUrl], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  children.push(child);
  const url = `http://127.0.0.1:${port}`;
  await waitForHealth(url, child);
  return url;
}

/**
 * The naive history server: plain node:http, one awaited HGETALL per window and type, no pipelining,
 * no compression. `/ceiling` sends one such answer, computed at start, as fast as node:http can; `/ceiling-gzip`
 * the same answer gzip-encoded.
 */
async function baselineServer(port, redisUrl) {
  const { Windowing, STATISTIC_TYPES } = (await import('@coffee/aggregation')).default;
  const { RedisKeys, createRedis } = (await import('@coffee/redis-io')).default;
  const { DEFAULT_VOCABULARY } = (await import('@coffee/stats-store')).default;
  const redis = createRedis(redisUrl);
  const keys = new RedisKeys({ prefix: PREFIX });
  const windowing = new Windowing();
  const answer = async (branch, last) => {
    const windows = windowing.lastWindows(Date.now(), last, windowing.baseResolution);
    const series = {};
    for (const type of STATISTIC_TYPES) {
      series[type] = [];
      for (const window of windows) {
        const hash = await redis.hgetall(keys.statsHash(branch, window.date, type));
        const counts = Object.fromEntries(DEFAULT_VOCABULARY[type].map((c) => [c, 0]));
        let total = 0;
        for (const [category, count] of Object.entries(hash)) {
          counts[category] = Number(count);
          total += Number(count);
        }
        series[type].push({ date: window.date, start: window.start, counts, total });
      }
    }
    return JSON.stringify({ branch, resolution: windowing.baseResolution, series });
  };
  const fixed = await answer('jeongja', 120);
  const fixedGzip = gzipSync(fixed);
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x');
    res.setHeader('Content-Type', 'application/json');
    if (url.pathname === '/api/health') {
      res.end('{"status":"ok"}');
    } else if (url.pathname === '/ceiling') {
      res.end(fixed);
    } else if (url.pathname === '/ceiling-gzip') {
      res.setHeader('Content-Encoding', 'gzip');
      res.end(fixedGzip);
    } else {
      res.end(await answer(url.searchParams.get('branch') ?? 'jeongja', Number(url.searchParams.get('last') ?? 20)));
    }
  });
  server.listen(port, '127.0.0.1');
  process.once('SIGTERM', () => {
    server.close();
    redis.disconnect();
    process.exit(0);
  });
}
