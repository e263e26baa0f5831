// Collector file → stream throughput, with the original's shape as the baseline, both measured in this run on one
// private redis-server:
//   collector: the BUILT app (node apps/collector/dist/main.js) tails a file of 1M generator lines into the orders
//              stream (validate, stamp, batch, atomic append + checkpoint); lines/s from its first commit to its last;
//   baseline:  the same file read line by line with one awaited RPUSH per line, as Flume's RedisSink did, for a
//              fixed time slice just before and just after the collector's run (their mean: the machine is shared,
//              so its load drifts during a run).
// Needs `nx build collector` (and the generator's build for its lines; otherwise lines are written here).
// BENCH_LINES and BENCH_BASELINE_SECONDS override the sizes.
import { spawn, spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import testing from '@coffee/testing';
import { report } from './lib/report.mjs';
import { freePort } from '@coffee/testing';
import { cpuSeconds } from './lib/stats.mjs';

const { startRedisServer } = testing;
const ROOT = resolve(fileURLToPath(import.meta.url), '../..');
const LINES = Number(process.env.BENCH_LINES ?? 1_000_000);
const BASELINE_SECONDS = Number(process.env.BENCH_BASELINE_SECONDS ?? 3);
const DEADLINE_MS = 90_000;
const APP = join(ROOT, 'apps/collector/dist/main.js');
const GENERATOR = join(ROOT, 'tools/generator/dist/main.js');
const PREFIX = 'bench:';

const sleep = (ms) => new Promise((done) => setTimeout(done, ms));
const now = () => performance.now();

function writeOrders(file) {
  if (existsSync(GENERATOR)) {
    const run = spawnSync(process.execPath, [GENERATOR, '--rate', 'max', '--count', String(LINES), '--seed', '1', '--out', file], { stdio: ['ignore', 'ignore', 'inherit'] });
    if (run.status !== 0) {
      throw new Error(`generator exited with ${run.status}`);
    }
    return 'tools/generator (--rate max --seed 1)';
  }
  const branches = ['jeongja', 'seohyeon', 'sunae', 'migeum'];
  const coffees = ['Espresso', 'Americano', 'Caffe Latte', 'Flat White', 'Cappuccino', 'Caffe Mocha'];
  const parts = [];
  for (let i = 0; i < LINES; i++) {
    parts.push(JSON.stringify({ branch: branches[i % 4], orders: [coffees[i % 6], coffees[(i * 7) % 6]].slice(0, 1 + (i % 2)), paymentMethod: ['Cash', 'Credit', 'Debit'][i % 3], customerAgeGrade: '2030' }));
  }
  writeFileSync(file, `${parts.join('\n')}\n`);
  return 'written by the bench (generator not built)';
}

/** One awaited RPUSH per line of the file, for a fixed time slice: lines/s. */
async function baseline(url, file) {
  const redis = new Redis(url);
  const key = `${PREFIX}CoffeeOrderQueue`;
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  let count = 0;
  const start = now();
  for await (const line of lines) {
    await redis.rpush(key, line);
    count++;
    if (now() - start >= BASELINE_SECONDS * 1000) {
      break;
    }
  }
  const elapsed = (now() - start) / 1000;
  lines.close();
  await redis.del(key);
  redis.disconnect();
  return count / elapsed;
}

const SUM_LINES = `local total = 0
for _, entry in ipairs(redis.call('XRANGE', KEYS[1], '-', '+')) do
  local f = entry[2]
  for i = 1, #f, 2 do if f[i] == 'n' then total = total + tonumber(f[i + 1]) end end
end
return total`;

async function collector(url, file) {
  const size = statSync(file).size;
  const redis = new Redis(url);
  const env = { ...process.env, REDIS_URL: url, KEY_PREFIX: PREFIX, ORDERS_FILES: file, COLLECTOR_PORT: String(await freePort()), LOG_LEVEL: 'warn' };
  const spawnedAt = now();
  const child = spawn(process.execPath, [APP], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'inherit'] });
  let exitCode = null;
  const exited = new Promise((resolveExit) => child.once('exit', (code) => resolveExit((exitCode = code ?? -1))));
  let first;
  let done;
  while (done === undefined) {
    if (exitCode !== null) {
      throw new Error(`the collector exited with code ${exitCode} before committing the whole file`);
    }
    if (now() - spawnedAt > DEADLINE_MS) {
      child.kill('SIGKILL');
      throw new Error(`the collector did not commit the whole file within ${DEADLINE_MS} ms`);
    }
    const stored = await redis.hget(`${PREFIX}coffee:collector:offsets`, file);
    const offset = stored === null ? 0 : JSON.parse(stored).offset;
    const sample = { at: now(), offset, cpu: cpuSeconds(child.pid) };
    if (first === undefined && offset > 0) {
      first = sample;
    }
    if (offset === size) {
      done = sample;
    }
    await sleep(20);
  }
  child.kill('SIGTERM');
  await exited;
  const stored = Number(await redis.eval(SUM_LINES, 1, `${PREFIX}coffee:orders`));
  const dead = await redis.xlen(`${PREFIX}coffee:orders:dead`);
  redis.disconnect();
  if (stored + dead !== LINES) {
    throw new Error(`stream holds ${stored} orders and ${dead} dead letters, expected ${LINES} lines`);
  }
  const steadyLines = (LINES * (size - first.offset)) / size;
  const steadySeconds = (done.at - first.at) / 1000;
  const cpu = first.cpu !== undefined && done.cpu !== undefined ? done.cpu - first.cpu : undefined;
  return {
    linesPerSecond: steadyLines / steadySeconds,
    linesPerCpuSecond: cpu ? steadyLines / cpu : undefined,
    endToEnd: LINES / ((done.at - spawnedAt) / 1000),
    exitCode,
  };
}

async function main() {
  if (!existsSync(APP)) {
    throw new Error('apps/collector/dist/main.js is missing: run `npx nx build collector` first');
  }
  const dir = mkdtempSync(join(tmpdir(), 'collector-bench-'));
  const server = await startRedisServer();
  try {
    const file = join(dir, 'CoffeeOrders.txt');
    const source = writeOrders(file);
    const loadAtStart = loadavg().map((l) => Number(l.toFixed(2)));
    const before = await baseline(server.url, file);
    const run = await collector(server.url, file);
    const after = await baseline(server.url, file);
    const base = (before + after) / 2;
    const target = 300_000;
    report(
      'collector',
      [
        {
          metric: `file → stream throughput, ${LINES.toLocaleString('en-US')} lines, first to last commit (wall clock)`,
          value: run.linesPerSecond,
          unit: 'lines/s',
          baseline: base,
          baselineName: 'one awaited RPUSH per line (Flume RedisSink shape)',
          target: '>= 300k lines/s and >= 30x baseline',
          met: run.linesPerSecond >= target && run.linesPerSecond >= 30 * base,
        },
        { metric: 'same, per CPU-second of the collector process', value: run.linesPerCpuSecond ?? 0, unit: 'lines/CPU-s' },
        { metric: 'end to end including process start-up', value: run.endToEnd, unit: 'lines/s' },
      ],
      {
        lines: LINES,
        source,
        baselineBeforeAndAfter: [Math.round(before), Math.round(after)],
        loadAverageAtStart: loadAtStart,
        loadAverageAtEnd: loadavg().map((l) => Number(l.toFixed(2))),
        collectorExitCode: run.exitCode,
      },
    );
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
