// GET /api/top (issue 21): the chart tooltip's per-window ranking for 24 h of 30 s windows (2,880 windows, top 3
// coffee types, all branches) from the BUILT gateway on a private redis-server holding 24 h of seeded history.
// Coffee Pulse: the gateway's cached answer (TOP_CACHE_MS=60000 here, so that the default 5 s lifetime does not
// expire it during the run: every request after the first is a cache hit), one keep-alive client asking the same
// range again and again (as every tooltip of one dashboard view does), Accept-Encoding: gzip; latency is measured
// from the request to the last byte of the body. Baseline in the same run: the same gateway with its top-N cache
// off (TOP_CACHE_MS=0: every request reads the 2,880 window hashes and ranks them). Also reports the gateway's CPU
// per request (/proc), which does not depend on what else runs on the machine.
// Env: BENCH_TOP_SECONDS (default 5) per variant. Needs the built gateway (`npm run bench` builds it).
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { gunzipSync } from 'node:zlib';
import { startRedisServer } from '@coffee/testing';
import { report } from './lib/report.mjs';
import { seedHistory } from './lib/seed-history.mjs';
import { startGateway } from './lib/start-gateway.mjs';
import { cpuSeconds, percentile } from './lib/stats.mjs';

const SECONDS = Number(process.env.BENCH_TOP_SECONDS ?? 5);
const PREFIX = 'bench-top:';
const BRANCHES = ['jeongja', 'seohyeon', 'sunae', 'migeum'];
const WINDOW_MS = 30_000;
const WINDOWS = 2_880;
const TARGET_P99_MS = 20;

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

/** One GET; resolves with the status, the body's size on the wire and its JSON once the last byte is in. */
function get(url) {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { agent, headers: { 'Accept-Encoding': 'gzip' } }, (response) => {
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode, body: Buffer.concat(chunks), gzip: response.headers['content-encoding'] === 'gzip' }));
      response.on('error', reject);
    });
    request.on('error', reject);
  });
}

/** Sequential requests for `seconds`: latencies (ms), requests, gateway CPU seconds used. */
async function measure(url, pid, seconds) {
  const latencies = [];
  const cpuBefore = cpuSeconds(pid);
  const deadline = performance.now() + seconds * 1000;
  while (performance.now() < deadline) {
    const t0 = performance.now();
    const answer = await get(url);
    latencies.push(performance.now() - t0);
    if (answer.status !== 200) {
      throw new Error(`GET ${url} answered ${answer.status}: ${answer.body.toString('utf8').slice(0, 200)}`);
    }
  }
  return { latencies, cpu: cpuSeconds(pid) - cpuBefore };
}

const redisServer = await startRedisServer();
const gateways = [];
try {
  // The range is fixed before seeding (which takes a while on a loaded machine): its newest window is the seeded newest.
  const to = Date.now();
  process.stdout.write(`seeding ${WINDOWS} windows of 30 s (24 h) for ${BRANCHES.length} branches… `);
  const seededAt = performance.now();
  const orders = await seedHistory(redisServer.url, { prefix: PREFIX, branches: BRANCHES, windows: WINDOWS });
  console.log(`${orders.toLocaleString('en-US')} orders in ${((performance.now() - seededAt) / 1000).toFixed(1)} s`);
  const from = Math.floor(to / WINDOW_MS) * WINDOW_MS - (WINDOWS - 1) * WINDOW_MS;
  const path = `/api/top?type=Orders&n=3&branch=all&resolution=30s&from=${from}&to=${to}`;

  const results = {};
  for (const [variant, env] of [
    ['cached', { TOP_CACHE_MS: '60000' }],
    ['uncached', { TOP_CACHE_MS: '0' }],
  ]) {
    const gateway = await startGateway(redisServer.url, { prefix: PREFIX, env });
    gateways.push(gateway);
    const first = await get(gateway.url + path);
    const text = (first.gzip ? gunzipSync(first.body) : first.body).toString('utf8');
    const windows = first.status === 200 ? JSON.parse(text).windows : [];
    const ranked = windows.filter((window) => window.top.length > 0).length;
    const run = await measure(gateway.url + path, gateway.pid, SECONDS);
    results[variant] = {
      p50: percentile(run.latencies, 50),
      p99: percentile(run.latencies, 99),
      requests: run.latencies.length,
      cpuMsPerRequest: (run.cpu * 1000) / run.latencies.length,
      windows: windows.length,
      ranked,
      wireBytes: first.body.length,
      jsonBytes: Buffer.byteLength(text),
    };
    const r = results[variant];
    console.log(
      `[${variant}] ${r.requests} requests in ${SECONDS} s: p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms, gateway CPU ${r.cpuMsPerRequest.toFixed(3)} ms/request; ` +
        `${r.windows} windows (${r.ranked} ranked), ${r.wireBytes.toLocaleString('en-US')} bytes gzip (${r.jsonBytes.toLocaleString('en-US')} JSON)`,
    );
    await gateway.stop();
    gateways.pop();
  }
  const { cached, uncached } = results;
  const complete = cached.windows === WINDOWS && cached.ranked === WINDOWS && uncached.windows === WINDOWS;
  const baselineName = 'same gateway, top-N cache off (TOP_CACHE_MS=0)';
  report(
    'api-top',
    [
      { metric: 'GET /api/top 24 h at 30 s (2,880 windows, top 3), cached, p99', value: cached.p99, unit: 'ms', baseline: uncached.p99, baselineName, ratio: uncached.p99 / cached.p99, target: `< ${TARGET_P99_MS} ms`, met: complete && cached.p99 < TARGET_P99_MS },
      { metric: 'GET /api/top 24 h at 30 s, cached, p50', value: cached.p50, unit: 'ms', baseline: uncached.p50, baselineName, ratio: uncached.p50 / cached.p50 },
      { metric: 'GET /api/top 24 h at 30 s, cached, gateway CPU per request', value: cached.cpuMsPerRequest, unit: 'CPU-ms', baseline: uncached.cpuMsPerRequest, baselineName, ratio: uncached.cpuMsPerRequest / cached.cpuMsPerRequest },
      { metric: 'GET /api/top 24 h at 30 s, answer size (gzip)', value: cached.wireBytes / 1024, unit: 'KiB' },
    ],
    { seconds: SECONDS, windows: WINDOWS, results },
  );
  if (!complete) {
    console.error(`incomplete answer: ${cached.windows}/${WINDOWS} windows, ${cached.ranked} ranked`);
    process.exitCode = 1;
  }
} finally {
  for (const gateway of gateways) {
    await gateway.stop();
  }
  agent.destroy();
  await redisServer.stop();
}
