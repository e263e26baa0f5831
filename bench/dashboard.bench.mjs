// Dashboard speed targets of issues #8 and #20, measured in headless Chromium (Debian `chromium`, driven by playwright-core)
// against the BUILT api-gateway serving the BUILT dashboard (apps/dashboard/dist) on a private redis-server:
//   load:   time from navigation start to the first chart drawn with data (age-grade bars in the DOM, then the next
//           frame: the pre-render drawn from the data embedded in index.html, or the React chart), to the React chart
//           in its place, and to all three charts drawn, median of BENCH_LOADS cold loads (fresh browser context
//           each); layout shift (CLS, PerformanceObserver 'layout-shift') over each load.
//           Baseline, loads interleaved with the dashboard's: the floor page (bench/fixtures/recharts-floor), React +
//           recharts alone drawing the same stacked age-grade bars from static data — no network, no other UI;
//   bundle: gzipped size of the production build (JS + CSS + HTML; gzip level 6, as `gzip -c`);
//   burst:  live packets published on the live channel at 20 updates/s for each of the 4 branches and for the
//           all-branches roll-up (what the processor publishes), for 10 s, timed so that a new window slides in
//           mid-burst, while the page (1280×800, default view: all branches, 30 s windows, last 10 min) records long
//           tasks (PerformanceObserver 'longtask'), layout shifts and CDP main-thread task time. Baseline, same run and same page:
//           the 10 s just before the burst, no live updates ("idle page": the machine's own noise floor).
//           Also checked: publish→chart latency of the updates and that the chart ends up showing the last packets.
// Needs `npx nx run-many -t build -p api-gateway dashboard` (built if missing). BENCH_DASHBOARD_DIR serves another
// dashboard build (e.g. a copy of an older one, for before/after figures); BENCH_LOADS, BENCH_BURST_SECONDS override.
/* global window -- functions passed to page.evaluate run in the browser */
import { spawn, spawnSync } from 'node:child_process';
import { get as httpGet } from 'node:http';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { buildFloorPage, CHROMIUM_ARGS, coldLoad, openPage, serveStatic } from './lib/browser-load.mjs';
import { report } from './lib/report.mjs';
import { seedHistory } from './lib/seed-history.mjs';

const ROOT = resolve(fileURLToPath(import.meta.url), '../..');
const GATEWAY = join(ROOT, 'apps/api-gateway/dist/main.js');
const DASHBOARD = resolve(ROOT, process.env.BENCH_DASHBOARD_DIR ?? 'apps/dashboard/dist');
const PREFIX = 'benchui:';
const BRANCHES = ['jeongja', 'migeum', 'seohyeon', 'sunae'];
const ALL = '*';
const LOADS = Number(process.env.BENCH_LOADS ?? 5);
const BURST_SECONDS = Number(process.env.BENCH_BURST_SECONDS ?? 10);
const UPDATES_PER_SECOND = 20;
const TRACE_TAIL_MS = 500;
const RANGE = 20; // windows in the default view (30 s windows, last 10 min)
const clock = () => performance.timeOrigin + performance.now();
const sleep = (ms) => new Promise((done) => setTimeout(done, Math.max(0, ms)));
const progress = (text) => process.stderr.write(`[dashboard bench] ${text}\n`);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const round = (x, digits = 1) => Number(x.toFixed(digits));
// report() divides by the baseline: give it the ratio itself where a figure may be 0 (0 vs 0 long tasks is 1x).
const lowerIsBetterRatio = (value, baseline) => (value === baseline ? 1 : baseline / value);

ensureBuilt();
const { default: testing } = await import('@coffee/testing');
const { Windowing } = (await import('@coffee/aggregation')).default;
const { RedisKeys, createRedis } = (await import('@coffee/redis-io')).default;
const { LiveChannel } = (await import('@coffee/stats-store')).default;
const { COFFEE_NAMES, PAYMENT_METHODS, AGE_GRADES } = (await import('@coffee/order-schema')).default;
const { chromium } = await import('playwright-core');
const windowing = new Windowing();

// Shapes drawn by the dashboard's own layers over recharts' axes, or (older builds) by recharts' <Bar>, <Area>, <Pie>.
// The first chart is the pre-render (the build's page shell, `data-shell-testid`) or the React chart, whichever draws
// first; `reactChart` is the React chart shown in its place (the React page no longer waiting behind it).
const DASHBOARD_CHARTS = {
  firstChart: ':is([data-testid=chart-age-grades][data-state=ready], [data-shell-testid=chart-age-grades]) :is(.stacked-bars__segment, .recharts-bar-rectangle)',
  reactChart: '#root:not(.is-behind) [data-testid=chart-age-grades][data-state=ready] :is(.stacked-bars__segment, .recharts-bar-rectangle)',
  payments: '[data-testid=chart-payment-methods][data-state=ready] :is(.stacked-areas__area, .recharts-area-area)',
  donut: '[data-testid=chart-payment-methods][data-state=ready] :is(.donut__slice, .recharts-pie-sector)',
  coffees: '[data-testid=chart-coffee-types][data-state=ready] :is(.stacked-bars__segment, .recharts-bar-rectangle)',
};
const FLOOR_CHART = { firstChart: '.recharts-bar-rectangle' };

async function main() {
  const started = clock();
  const loadAverageAtStart = loadavg().map((x) => round(x, 2));
  const redisServer = await testing.startRedisServer();
  const children = [];
  const floorDir = mkdtempSync(join(tmpdir(), 'coffee-floor-'));
  let browser;
  let floor;
  try {
    floor = await serveStatic(await buildFloorPage(floorDir));
    const seeded = await seedHistory(redisServer.url, { prefix: PREFIX, branches: BRANCHES, windowing });
    const url = await startGateway(redisServer.url, children);
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    const bundle = bundleSize();
    const page = await servedPage(url);
    progress(`index.html as served: ${page.bytes} bytes ${page.encoding}, ${page.embedded} answers embedded`);
    progress(`bundle: ${(bundle.total / 1000).toFixed(1)} kB gz (${bundle.files.map((f) => `${f.file} ${(f.gz / 1000).toFixed(1)}`).join(', ')})`);

    const loads = [];
    const floorLoads = [];
    for (let i = 0; i <= LOADS; i += 1) {
      const load = await coldLoad(browser, url, DASHBOARD_CHARTS);
      const floorLoad = await coldLoad(browser, floor.url, FLOOR_CHART);
      if (i > 0) {
        // the first loads warm the browser and the gateway up
        loads.push(load);
        floorLoads.push(floorLoad);
      }
      progress(`load ${i}${i === 0 ? ' (warm-up)' : ''}: ${Object.entries(load).map(([k, v]) => `${k} ${v}`).join(', ')} ms; floor page: first chart ${floorLoad.firstChart} ms`);
    }
    const firstChart = median(loads.map((l) => l.firstChart));
    const floorFirstChart = median(floorLoads.map((l) => l.firstChart));

    const traced = await trace(browser, url, redisServer.url);
    const rows = [
      {
        metric: `first chart with data, cold load (median of ${LOADS})`,
        value: firstChart,
        unit: 'ms',
        baseline: floorFirstChart,
        baselineName: 'floor page: React + recharts alone, same stacked bars from static data',
        ratio: lowerIsBetterRatio(firstChart, floorFirstChart),
        target: '<= 600 ms',
        met: firstChart <= 600,
      },
      { metric: `React chart in place of the pre-render, cold load (median of ${LOADS})`, value: median(loads.map((l) => l.reactChart)), unit: 'ms', target: 'report' },
      { metric: `layout shift (CLS) of a cold load until all charts drew, worst of ${LOADS}`, value: Math.max(...loads.map((l) => l.cls)), unit: 'CLS', target: '<= 0.05', met: Math.max(...loads.map((l) => l.cls)) <= 0.05 },
      // With the answers embedded in the page the data arrives with the HTML; loads where some were not (the gateway's
      // embedding time bound) also wait for REST answers.
      { metric: `history data received (in the HTML, else its REST answers), cold load (median of ${LOADS})`, value: median(loads.map((l) => l.data ?? l.html)), unit: 'ms', target: 'report' },
      { metric: `cold loads that requested history over REST (answers not embedded)`, value: loads.filter((l) => l.data !== undefined).length, unit: 'loads', target: 'report' },
      { metric: `all three charts with data, cold load (median of ${LOADS})`, value: median(loads.map((l) => l.allCharts)), unit: 'ms', target: 'report' },
      { metric: `index.html as served with the first view's answers (${page.encoding}, ${page.embedded} answers)`, value: page.bytes, unit: 'bytes', target: 'report' },
      { metric: 'production bundle, gzipped (JS + CSS + HTML)', value: round(bundle.total / 1000), unit: 'kB', target: '<= 250 kB', met: bundle.total <= 250_000 },
      {
        metric: `long tasks > 50 ms, ${BURST_SECONDS} s burst (20 updates/s × 4 branches + all)`,
        value: traced.burst.count,
        unit: 'tasks',
        baseline: traced.idle.count,
        baselineName: `same page, ${BURST_SECONDS} s without updates`,
        ratio: lowerIsBetterRatio(traced.burst.count, traced.idle.count),
        target: '0',
        met: traced.burst.count === 0,
      },
      { metric: 'longest task during the burst', value: traced.burst.longest, unit: 'ms', baseline: traced.idle.longest, baselineName: 'same page without updates', ratio: lowerIsBetterRatio(traced.burst.longest, traced.idle.longest), target: '<= 50 ms', met: traced.burst.longest <= 50 },
      { metric: `layout shift (CLS) during the ${BURST_SECONDS} s burst`, value: traced.burst.cls, unit: 'CLS', baseline: traced.idle.cls, baselineName: 'same page without updates', target: '<= 0.05', met: traced.burst.cls <= 0.05 },
      { metric: 'main-thread busy during the burst (CDP TaskDuration)', value: traced.burst.busyPercent, unit: '%', baseline: traced.idle.busyPercent, baselineName: 'same page without updates', ratio: lowerIsBetterRatio(traced.burst.busyPercent, traced.idle.busyPercent), target: 'report' },
      { metric: 'age-grade chart updates shown during the burst', value: traced.renders, unit: 'updates', target: 'report' },
      { metric: 'publish→chart latency of live updates, p50', value: traced.latency.p50, unit: 'ms', target: 'report' },
      { metric: 'publish→chart latency of live updates, max', value: traced.latency.max, unit: 'ms', target: '< 1000 ms', met: traced.latency.max < 1000 },
      { metric: 'chart shows the last packets after the burst (new window slid in)', value: traced.finalOk ? 1 : 0, unit: 'bool', target: '1', met: traced.finalOk },
    ];
    report('dashboard', rows, {
      command: 'node bench/dashboard.bench.mjs',
      dashboardDir: DASHBOARD,
      seededOrders: seeded,
      loads,
      floorLoads,
      bundleFiles: bundle.files,
      longTasks: { idle: traced.idle.tasks, burst: traced.burst.tasks },
      mainThreadPercent: { idle: traced.idle.breakdown, burst: traced.burst.breakdown },
      machineCpuPercent: { idle: traced.idle.machineBusyPercent, burst: traced.burst.machineBusyPercent },
      packetsPublished: traced.published,
      latencySamples: traced.latency.samples,
      finalTotal: traced.final,
      loadAverageAtStart,
      loadAverageAtEnd: loadavg().map((x) => round(x, 2)),
      seconds: round((clock() - started) / 1000),
    });
  } finally {
    await browser?.close();
    await floor?.close();
    rmSync(floorDir, { recursive: true, force: true });
    for (const child of children) {
      child.kill('SIGTERM');
    }
    await redisServer.stop();
  }
}

function ensureBuilt() {
  const libs = ['aggregation', 'order-schema', 'redis-io', 'stats-store', 'testing'].map((lib) => join(ROOT, 'libs', lib, 'dist/index.js'));
  const needed = [GATEWAY, ...libs, ...(process.env.BENCH_DASHBOARD_DIR ? [] : [join(DASHBOARD, 'index.html')])];
  if (needed.some((file) => !existsSync(file))) {
    const env = { ...process.env, NX_NO_CLOUD: 'true', NX_DAEMON: 'false', NX_TUI: 'false' };
    const args = ['nx', 'run-many', '-t', 'build', '-p', 'api-gateway', 'dashboard', 'testing', '--output-style=static'];
    const build = spawnSync('npx', args, { cwd: ROOT, stdio: 'inherit', env });
    if (build.status !== 0) {
      throw new Error(`npx ${args.join(' ')} failed`);
    }
  }
}

function bundleSize() {
  const files = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(path);
      } else if (/\.(js|css|html)$/.test(entry.name)) {
        const raw = readFileSync(path);
        files.push({ file: path.slice(DASHBOARD.length + 1), bytes: raw.length, gz: gzipSync(raw, { level: 6 }).length });
      }
    }
  };
  walk(DASHBOARD);
  return { files, total: files.reduce((a, f) => a + f.gz, 0) };
}

/** The page as the gateway sends it to a browser (brotli): bytes on the wire and how many answers it embeds. */
function servedPage(url) {
  return new Promise((resolve, reject) => {
    httpGet(url, { headers: { accept: 'text/html', 'accept-encoding': 'br, gzip' } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        const encoding = res.headers['content-encoding'] ?? 'identity';
        const html = (encoding === 'br' ? brotliDecompressSync(body) : encoding === 'gzip' ? gunzipSync(body) : body).toString();
        const element = /id="coffee-first-view">([\s\S]*?)<\/script>/.exec(html);
        const embedded = element ? Object.keys(JSON.parse(element[1]).answers ?? {}).length : 0;
        resolve({ bytes: body.length, encoding, embedded });
      });
    }).on('error', reject);
  });
}

async function startGateway(redisUrl, children) {
  const port = await testing.freePort();
  const env = { ...process.env, REDIS_URL: redisUrl, KEY_PREFIX: PREFIX, GATEWAY_PORT: String(port), GATEWAY_HOST: '127.0.0.1', LOG_LEVEL: 'warn', DASHBOARD_DIR: DASHBOARD };
  const child = spawn(process.execPath, [GATEWAY], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'inherit'] });
  children.push(child);
  const url = `http://127.0.0.1:${port}`;
  for (const deadline = Date.now() + 30_000; Date.now() < deadline; await sleep(100)) {
    if (child.exitCode !== null) {
      throw new Error(`the gateway exited with ${child.exitCode}`);
    }
    const ok = await fetch(`${url}/api/health`).then((r) => r.ok, () => false);
    if (ok) {
      return url;
    }
  }
  throw new Error('the gateway did not become healthy in 30 s');
}

/** Long tasks and CDP main-thread time of the page in [from, to] (epoch ms); a CPU profile when BENCH_PROFILE names a directory. */
async function window_(page, cdp, from, to, name) {
  const profiling = process.env.BENCH_PROFILE !== undefined;
  if (profiling) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 250 });
    await cdp.send('Profiler.start');
  }
  const before = await mainThreadSeconds(cdp);
  const cpuBefore = machineCpu();
  await sleep(to - clock());
  const after = await mainThreadSeconds(cdp);
  const cpuAfter = machineCpu();
  if (profiling) {
    const { profile } = await cdp.send('Profiler.stop');
    mkdirSync(process.env.BENCH_PROFILE, { recursive: true });
    writeFileSync(join(process.env.BENCH_PROFILE, `${name}.cpuprofile`), JSON.stringify(profile));
  }
  const recorded = await page.evaluate(() => ({ longTasks: window.__bench.longTasks, shifts: window.__bench.shifts }));
  const inWindow = recorded.longTasks.filter((t) => t.at >= from && t.at < to);
  const cls = Number(recorded.shifts.filter((t) => t.at >= from && t.at < to).reduce((a, t) => a + t.value, 0).toFixed(4));
  const durations = inWindow.map((t) => round(t.duration));
  // [ms from the start of the trace, duration ms] of each long task.
  const tasks = inWindow.map((t) => [Math.round(t.at - from), round(t.duration)]);
  const percent = (metric) => round(((after[metric] - before[metric]) * 1000 * 100) / (to - from));
  const breakdown = Object.fromEntries(['ScriptDuration', 'RecalcStyleDuration', 'LayoutDuration'].map((m) => [m, percent(m)]));
  // All cores, every process (this page, the gateway, and whatever else runs on the shared machine).
  const machineBusyPercent = round((100 * (cpuAfter.busy - cpuBefore.busy)) / (cpuAfter.total - cpuBefore.total || 1));
  return { count: durations.length, longest: Math.max(0, ...durations), tasks, cls, busyPercent: percent('TaskDuration'), breakdown, machineBusyPercent };
}

/** Cumulative CPU jiffies of the whole machine from /proc/stat (zeros where it does not exist). */
function machineCpu() {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const total = fields.reduce((a, b) => a + b, 0);
    return { total, busy: total - fields[3] - (fields[4] ?? 0) };
  } catch {
    return { total: 0, busy: 0 };
  }
}

async function mainThreadSeconds(cdp) {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(metrics.map((m) => [m.name, m.value]));
}

/** Idle trace, then the burst (a new window starting mid-burst), on one page; checks what the chart shows after it. */
async function trace(browser, url, redisUrl) {
  const { context, page } = await openPage(browser, url, DASHBOARD_CHARTS);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const windowMs = windowing.windowSizeMs;
  const burstMs = BURST_SECONDS * 1000;
  // The burst starts 60% of the way before a window boundary, at least an idle trace from now.
  const lead = Math.min(burstMs * 0.6, windowMs - 1000);
  let burstAt = windowing.windowStart(clock()) + windowMs - lead;
  while (burstAt < clock() + burstMs + TRACE_TAIL_MS + 1000) {
    burstAt += windowMs;
  }
  await sleep(burstAt - burstMs - TRACE_TAIL_MS - 500 - clock());
  progress(`idle trace (${BURST_SECONDS} s)`);
  const idle = await window_(page, cdp, clock(), clock() + burstMs + TRACE_TAIL_MS, 'idle');
  const rest = await fetch(`${url}/api/stats?branch=all&type=CustomerAgeGrades&last=${RANGE + 2}`).then((r) => r.json());
  const restTotals = Object.fromEntries(rest.windows.map((w) => [w.date, w]));
  await sleep(burstAt - clock());
  progress(`idle: ${idle.count} long tasks, longest ${idle.longest} ms, main thread ${idle.busyPercent}% busy ${JSON.stringify(idle.breakdown)}, machine CPU ${idle.machineBusyPercent}%`);
  progress(`burst (${BURST_SECONDS} s, ${UPDATES_PER_SECOND}/s for ${BRANCHES.length} branches + all)`);
  const publishing = publish(redisUrl, restTotals, burstAt, burstAt + burstMs);
  const burst = await window_(page, cdp, burstAt, burstAt + burstMs + TRACE_TAIL_MS, 'burst');
  const sent = await publishing;
  progress(`burst: ${burst.count} long tasks ${JSON.stringify(burst.tasks)} ([ms into the burst, ms]), main thread ${burst.busyPercent}% busy ${JSON.stringify(burst.breakdown)}, machine CPU ${burst.machineBusyPercent}%`);
  await sleep(1500);
  const totals = await page.evaluate(() => window.__bench.totals);
  const shown = Number(await page.getAttribute('[data-testid=chart-age-grades]', 'data-total'));
  const expectedTotal = (newest, packets) => {
    let sum = 0;
    for (let i = 0; i < RANGE; i += 1) {
      const date = windowing.windowAt(newest.start - i * windowMs).date;
      sum += packets.get(date) ?? restTotals[date]?.total ?? 0;
    }
    return sum;
  };
  // Latency: the all-branches packets of the window filling when the burst began (chart totals grow by one each).
  const first = sent.all[0];
  const samples = [];
  const lastTotals = new Map();
  for (const p of sent.all.filter((s) => s.date === first.date)) {
    lastTotals.set(p.date, p.total);
    const expected = expectedTotal(first, lastTotals);
    // Shown when the total reaches it, or when the chart drops its oldest window (the new window slid in, with it applied).
    const seen = totals.find((o, i) => o.at >= p.at && (o.total >= expected || (i > 0 && o.total < totals[i - 1].total)));
    samples.push(seen ? seen.at - p.at : Infinity);
  }
  for (const p of sent.all) {
    lastTotals.set(p.date, p.total);
  }
  const newest = sent.all[sent.all.length - 1];
  const rolled = sent.all.find((p) => p.date !== first.date);
  const final = { shown, expected: expectedTotal(newest, lastTotals), newestWindow: newest.date, firstWindow: first.date, newWindowAtMs: rolled ? Math.round(rolled.at - burstAt) : null };
  await context.close();
  const finite = samples.filter(Number.isFinite).sort((a, b) => a - b);
  return {
    idle,
    burst,
    renders: totals.filter((o) => o.at >= burstAt && o.at < burstAt + burstMs + TRACE_TAIL_MS).length,
    published: sent.count,
    latency: {
      p50: finite.length ? Math.round(median(finite)) : Infinity,
      max: finite.length === samples.length && finite.length > 0 ? Math.round(finite[finite.length - 1]) : Infinity,
      samples: samples.length,
    },
    final,
    finalOk: shown === final.expected && newest.date !== first.date,
  };
}

/**
 * Publishes live packets (window totals so far) for every branch and the roll-up at UPDATES_PER_SECOND each
 * from `from` to `to`: each packet adds one order (one cup) to its window; a window the seed filled starts
 * from the seeded totals. Returns the all-branches packets with their publish time and age-grade total.
 */
async function publish(redisUrl, restTotals, from, to) {
  const publisher = createRedis(redisUrl);
  const channel = new RedisKeys({ prefix: PREFIX }).liveChannel;
  const state = new Map();
  const all = [];
  let count = 0;
  const step = 1000 / UPDATES_PER_SECOND;
  for (let tick = 0; from + tick * step < to; tick += 1) {
    await sleep(from + tick * step - clock());
    const at = clock();
    const window = windowing.windowAt(at);
    const pipeline = publisher.pipeline();
    for (const branch of [...BRANCHES, ALL]) {
      const key = `${branch}|${window.date}`;
      if (!state.has(key)) {
        // Only the roll-up's seeded window counts are known (REST, all branches); real branches start from zero.
        const seededAges = branch === ALL ? { ...restTotals[window.date]?.counts } : {};
        state.set(key, { ages: seededAges, payments: {}, orders: {} });
      }
      const s = state.get(key);
      const n = tick + BRANCHES.length;
      const inc = (counts, category) => (counts[category] = (counts[category] ?? 0) + 1);
      inc(s.ages, AGE_GRADES[n % AGE_GRADES.length]);
      inc(s.payments, PAYMENT_METHODS[n % PAYMENT_METHODS.length]);
      inc(s.orders, COFFEE_NAMES[n % COFFEE_NAMES.length]);
      const body = {
        branch,
        date: window.date,
        counts: Object.entries(s.ages)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([type, c]) => ({ type, count: c })),
        start: window.start,
        end: window.end,
        resolution: windowing.baseResolution,
        stats: { CustomerAgeGrades: { ...s.ages }, PaymentMethods: { ...s.payments }, Orders: { ...s.orders } },
        final: false,
      };
      pipeline.publish(channel, LiveChannel.serialize(body));
      count += 1;
      if (branch === ALL) {
        all.push({ at, date: window.date, start: window.start, total: Object.values(s.ages).reduce((a, b) => a + b, 0) });
      }
    }
    await pipeline.exec();
  }
  publisher.disconnect();
  return { all, count };
}

await main();
