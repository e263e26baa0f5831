// Collector spooling-directory throughput: the BUILT app (node apps/collector/dist/main.js) ingests a folder of
// 1,000 files of 1,000 generator-shaped lines each (SPOOL_DIRS, files dropped before the start, SPOOL_SETTLE_MS=0)
// into the orders stream and renames each one .COMPLETED; files/s and lines/s from the first commit to the last
// file renamed, on one private redis-server. Baseline: the same lines through the file tailer (one file of all
// the lines, ORDERS_FILES), measured in this run, first to last commit.
// Needs `nx build collector`. BENCH_SPOOL_FILES and BENCH_SPOOL_LINES override the sizes.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import testing from '@coffee/testing';
import { report } from './lib/report.mjs';
import { freePort } from '@coffee/testing';
import { cpuSeconds } from './lib/stats.mjs';

const { startRedisServer } = testing;
const ROOT = resolve(fileURLToPath(import.meta.url), '../..');
const FILES = Number(process.env.BENCH_SPOOL_FILES ?? 1_000);
const LINES = Number(process.env.BENCH_SPOOL_LINES ?? 1_000);
const DEADLINE_MS = 120_000;
const APP = join(ROOT, 'apps/collector/dist/main.js');

const sleep = (ms) => new Promise((done) => setTimeout(done, ms));
const now = () => performance.now();

function linesOf(file) {
  const branches = ['jeongja', 'seohyeon', 'sunae', 'migeum'];
  const coffees = ['Espresso', 'Americano', 'Caffe Latte', 'Flat White', 'Cappuccino', 'Caffe Mocha'];
  const parts = [];
  for (let i = 0; i < LINES; i++) {
    const n = file * LINES + i;
    parts.push(JSON.stringify({ branch: branches[n % 4], orders: [coffees[n % 6], coffees[(n * 7) % 6]].slice(0, 1 + (n % 2)), paymentMethod: ['Cash', 'Credit', 'Debit'][n % 3], customerAgeGrade: '2030' }));
  }
  return `${parts.join('\n')}\n`;
}

/** Runs the built collector with `env` until `finished()` says so; the timestamps of the first commit and the end. */
async function runCollector(url, prefix, env, finished) {
  const redis = new Redis(url);
  const child = spawn(process.execPath, [APP], {
    cwd: ROOT,
    env: { ...process.env, REDIS_URL: url, KEY_PREFIX: prefix, COLLECTOR_PORT: String(await freePort()), LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  let exitCode = null;
  const exited = new Promise((resolveExit) => child.once('exit', (code) => resolveExit((exitCode = code ?? -1))));
  const spawnedAt = now();
  let first;
  let done;
  while (done === undefined) {
    if (exitCode !== null) {
      throw new Error(`the collector exited with code ${exitCode} before it was done`);
    }
    if (now() - spawnedAt > DEADLINE_MS) {
      child.kill('SIGKILL');
      throw new Error(`the collector was not done within ${DEADLINE_MS} ms`);
    }
    const sample = { at: now(), cpu: cpuSeconds(child.pid) };
    if (first === undefined && (await redis.exists(`${prefix}coffee:orders`)) === 1) {
      first = sample;
    }
    if (first !== undefined && (await finished(redis))) {
      done = sample;
    }
    await sleep(20);
  }
  child.kill('SIGTERM');
  await exited;
  const stored = await redis.xlen(`${prefix}coffee:orders`);
  redis.disconnect();
  return { seconds: (done.at - first.at) / 1000, cpu: first.cpu !== undefined && done.cpu !== undefined ? done.cpu - first.cpu : undefined, entries: stored };
}

async function main() {
  if (!existsSync(APP)) {
    throw new Error('apps/collector/dist/main.js is missing: run `npx nx build collector` first');
  }
  const dir = mkdtempSync(join(tmpdir(), 'spool-bench-'));
  const server = await startRedisServer();
  try {
    const spool = join(dir, 'spool');
    mkdirSync(spool);
    const whole = join(dir, 'all.txt');
    const texts = [];
    for (let f = 0; f < FILES; f++) {
      const text = linesOf(f);
      texts.push(text);
      writeFileSync(join(spool, `orders-${String(f).padStart(5, '0')}.log`), text);
    }
    writeFileSync(whole, texts.join(''));
    const loadAtStart = loadavg().map((l) => Number(l.toFixed(2)));
    const completed = () => readdirSync(spool).filter((name) => name.endsWith('.COMPLETED')).length;
    const spoolRun = await runCollector(server.url, 'bench-spool:', { ORDERS_FILES: join(dir, 'none.txt'), SPOOL_DIRS: spool, SPOOL_SETTLE_MS: '0', SPOOL_POLL_MS: '50' }, async () => completed() === FILES);
    const size = statSync(whole).size;
    const tailRun = await runCollector(server.url, 'bench-tail:', { ORDERS_FILES: whole }, async (redis) => {
      const stored = await redis.hget('bench-tail:coffee:collector:offsets', whole);
      return stored !== null && JSON.parse(stored).offset === size;
    });
    const total = FILES * LINES;
    report(
      'spool',
      [
        { metric: `spool folder → stream, ${FILES.toLocaleString('en-US')} files of ${LINES.toLocaleString('en-US')} lines, first commit to last file renamed`, value: FILES / spoolRun.seconds, unit: 'files/s' },
        {
          metric: 'same, lines',
          value: total / spoolRun.seconds,
          unit: 'lines/s',
          baseline: total / tailRun.seconds,
          baselineName: 'the same lines as one tailed file (ORDERS_FILES), first to last commit',
        },
        { metric: 'same, per CPU-second of the collector process', value: spoolRun.cpu ? total / spoolRun.cpu : 0, unit: 'lines/CPU-s' },
      ],
      { files: FILES, linesPerFile: LINES, loadAverageAtStart: loadAtStart, loadAverageAtEnd: loadavg().map((l) => Number(l.toFixed(2))) },
    );
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
