// Cold page loads in headless Chromium (Debian `chromium`, driven by playwright-core) for the dashboard bench:
// a probe installed before the page's scripts marks when the wanted selectors first match (and the frame after),
// and the load is awaited through a console message, not `page.waitForFunction`: Playwright's injected script
// would otherwise be compiled on the page's main thread in the middle of the load it measures (≈ 100 ms here).
// Also builds and serves the floor page (bench/fixtures/recharts-floor): React + recharts alone drawing the chart.
/* global window, document, PerformanceObserver, requestAnimationFrame, MutationObserver -- probe() runs in the browser */
import { readFileSync, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CHROMIUM_ARGS = ['--headless', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
export const VIEWPORT = { width: 1280, height: 800 };
const LOADED = 'bench:loaded';
const FLOOR_SOURCE = resolve(fileURLToPath(import.meta.url), '../../fixtures/recharts-floor');

/**
 * Installed in every page before its scripts run: long tasks, when each of `wanted` (name → selector) first
 * matches and the frame after it, `allCharts` once all have, and the age-grade chart's `data-total` changes.
 */
function probe(wanted) {
  const b = { longTasks: [], marks: {}, totals: [], shifts: [] };
  window.__bench = b;
  const now = () => performance.timeOrigin + performance.now();
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      b.longTasks.push({ at: performance.timeOrigin + e.startTime, duration: e.duration });
    }
  }).observe({ type: 'longtask', buffered: true });
  // Layout shifts not caused by input (what CLS sums), with their time.
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (!e.hadRecentInput) {
        b.shifts.push({ at: performance.timeOrigin + e.startTime, value: e.value });
      }
    }
  }).observe({ type: 'layout-shift', buffered: true });
  const mark = (name, then) => {
    b.marks[name] = performance.now();
    requestAnimationFrame(() => {
      b.marks[`${name}Frame`] = performance.now();
      then?.();
    });
  };
  new MutationObserver((records) => {
    for (const [name, selector] of Object.entries(wanted)) {
      if (b.marks[name] === undefined && document.querySelector(selector)) {
        mark(name);
      }
    }
    if (b.marks.allCharts === undefined && Object.keys(wanted).every((name) => b.marks[name] !== undefined)) {
      mark('allCharts', () => console.debug('bench:loaded'));
    }
    for (const r of records) {
      if (r.type === 'attributes' && r.attributeName === 'data-total' && r.target.dataset.testid === 'chart-age-grades') {
        b.totals.push({ at: now(), total: Number(r.target.dataset.total) });
      }
    }
  }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-state', 'data-total'] });
}

/** A fresh context (empty cache) with the probe, navigated to `url` and loaded until every wanted selector has drawn. */
export async function openPage(browser, url, wanted) {
  const context = await browser.newContext({ viewport: VIEWPORT });
  await context.addInitScript(probe, wanted);
  const page = await context.newPage();
  const loaded = page.waitForEvent('console', { predicate: (m) => m.text() === LOADED, timeout: 30_000 });
  await page.goto(url);
  await loaded;
  return { context, page };
}

/**
 * One cold load: ms from navigation start to the HTML, the REST answers (if any), each wanted selector drawn (the
 * frame after it matched) and all of them; `cls`: the layout shifts (not after input) summed until then.
 */
export async function coldLoad(browser, url, wanted) {
  const { context, page } = await openPage(browser, url, wanted);
  const figures = await page.evaluate(() => {
    const resources = performance.getEntriesByType('resource');
    const stats = resources.filter((e) => e.name.includes('/api/stats'));
    const [nav] = performance.getEntriesByType('navigation');
    const { marks } = window.__bench;
    return {
      html: nav.responseEnd,
      domContentLoaded: nav.domContentLoadedEventEnd,
      ...(stats.length > 0 && { statsRequested: Math.min(...stats.map((e) => e.startTime)), data: Math.max(...stats.map((e) => e.responseEnd)) }),
      ...Object.fromEntries(Object.keys(marks).filter((k) => k.endsWith('Frame')).map((k) => [k.slice(0, -'Frame'.length), marks[k]])),
      cls: window.__bench.shifts.reduce((a, s) => a + s.value, 0),
    };
  });
  await context.close();
  return Object.fromEntries(Object.entries(figures).map(([k, v]) => [k, k === 'cls' ? Number(v.toFixed(4)) : Math.round(v)]));
}

/** Builds the floor page with the workspace's vite into `outDir`. */
export async function buildFloorPage(outDir) {
  const { build } = await import('vite');
  await build({ root: FLOOR_SOURCE, configFile: false, logLevel: 'warn', build: { outDir, emptyOutDir: true, reportCompressedSize: false } });
  return outDir;
}

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css' };

/** Serves `dir` on a free loopback port (files as they are, like the gateway serves the dashboard). */
export async function serveStatic(dir) {
  const server = createServer((req, res) => {
    const { pathname } = new URL(req.url, 'http://localhost');
    const path = join(dir, pathname === '/' ? 'index.html' : pathname);
    if (!path.startsWith(dir) || !existsSync(path) || !statSync(path).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' }).end(readFileSync(path));
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((done) => server.close(done)) };
}
