// Helpers for the multi-process processor tests: build, spawn the built processor and generator,
// feed the orders stream, wait for the group to drain, and compare the stored layout with a truth file.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startRedisServer, type RedisServer } from '@coffee/testing';
import { CompactOrderWriter, parseOrderLine, type CompactOrderEntries } from '@coffee/order-schema';
import { OrderStreamSink, RedisKeys } from '@coffee/redis-io';
import { Redis } from 'ioredis';

export const workspaceRoot = join(__dirname, '..', '..', '..', '..');

const LIBS = ['aggregation', 'order-schema', 'redis-io', 'service-kit', 'stats-store', 'testing'];

/** Where the built processor and generator run from (see {@link buildApps}). */
let snapshot: string | undefined;

/**
 * Builds the processor (with the libraries it needs) and the generator, then copies the build
 * output into a private directory the spawned processes run from: other engineers and parallel Nx
 * targets rebuild the same `dist` folders (`rm -rf dist && tsc`) while these tests run, and a
 * process started in that window would not find its modules. Third-party packages are linked, not
 * copied. Call once per suite in `beforeAll`.
 */
export function buildApps(): void {
  // A nested Nx run inside `nx test` would be taken for a recursive invocation of the parent's tasks.
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('NX_')));
  for (let attempt = 1; ; attempt++) {
    const result = spawnSync('npx', ['nx', 'run-many', '-t', 'build', '-p', 'processor', 'generator', '--output-style=static'], {
      cwd: workspaceRoot,
      env: { ...env, NX_NO_CLOUD: 'true', NX_DAEMON: 'false', NX_TUI: 'false' },
      encoding: 'utf8',
      maxBuffer: 1 << 26,
    });
    if (result.status !== 0) {
      throw new Error(`build failed:\n${result.stdout}\n${result.stderr}`);
    }
    try {
      snapshot = copyBuild();
      return;
    } catch (error) {
      if (attempt >= 3) {
        throw error;
      }
    }
  }
}

function copyBuild(): string {
  const root = mkdtempSync(join(tmpdir(), 'coffee-processor-build-'));
  const modules = join(root, 'node_modules');
  mkdirSync(join(modules, '@coffee'), { recursive: true });
  for (const name of readdirSync(join(workspaceRoot, 'node_modules'))) {
    if (name !== '@coffee') {
      symlinkSync(join(workspaceRoot, 'node_modules', name), join(modules, name));
    }
  }
  for (const lib of LIBS) {
    const from = join(workspaceRoot, 'libs', lib);
    const to = join(modules, '@coffee', lib);
    mkdirSync(to);
    cpSync(join(from, 'package.json'), join(to, 'package.json'));
    cpSync(join(from, 'dist'), join(to, 'dist'), { recursive: true });
  }
  for (const app of ['apps/processor/dist', 'tools/generator/dist']) {
    cpSync(join(workspaceRoot, app), join(root, app), { recursive: true });
    if (!existsSync(join(root, app, 'main.js'))) {
      throw new Error(`${app}/main.js missing after the build`);
    }
  }
  return root;
}

/** What {@link useProcessorSuite} provides, set in its `beforeAll`. */
export interface ProcessorSuite {
  server: RedisServer;
  /** A connection to `server`. */
  redis: Redis;
  /** A scratch directory for generator output. */
  dir: string;
}

/**
 * Registers the suite's `beforeAll`/`afterAll`: builds the apps, starts a private redis-server with
 * a connection and makes a scratch directory; afterwards kills leftover processors and removes all
 * of it. Jest runs `afterAll` hooks in declaration order, so a suite that must tear down its own
 * connections first (before the server stops) keeps its own hooks instead.
 */
export function useProcessorSuite(dirPrefix: string): ProcessorSuite {
  const suite: Partial<ProcessorSuite> = {};
  beforeAll(async () => {
    buildApps();
    suite.server = await startRedisServer();
    suite.redis = new Redis(suite.server.url);
    suite.dir = mkdtempSync(join(tmpdir(), dirPrefix));
  }, 300_000);
  afterAll(async () => {
    await cleanUp();
    suite.redis?.disconnect();
    await suite.server?.stop();
    if (suite.dir !== undefined) {
      rmSync(suite.dir, { recursive: true, force: true });
    }
  });
  return suite as ProcessorSuite;
}

/** Kills every processor still running and removes the build copy; call in `afterAll`. */
export async function cleanUp(): Promise<void> {
  await Promise.all([...running].map((processor) => processor.stop('SIGKILL')));
  if (snapshot !== undefined) {
    rmSync(snapshot, { recursive: true, force: true });
    snapshot = undefined;
  }
}

// Processors still running when the test process exits (a failed assertion before stop()) die with it.
const running = new Set<ProcessorProcess>();
process.once('exit', () => {
  for (const processor of running) {
    processor.child.kill('SIGKILL');
  }
});

function entryPoint(app: 'apps/processor' | 'tools/generator'): string {
  if (snapshot === undefined) {
    throw new Error('call buildApps() first');
  }
  return join(snapshot, app, 'dist', 'main.js');
}

/** A built processor running as a child process. */
export interface ProcessorProcess {
  readonly child: ChildProcess;
  readonly port: number;
  readonly consumer: string;
  readonly output: string[];
  /** Resolves with the exit code (null when killed by a signal). */
  readonly exited: Promise<number | null>;
  /** SIGTERM (or `signal`) and wait; SIGKILL after 20 s. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts `node apps/processor/dist/main.js` with the given settings (LOG_LEVEL warn unless set). */
export async function startProcessor(env: Record<string, string>): Promise<ProcessorProcess> {
  const port = await freePort();
  const consumer = env['CONSUMER_NAME'] ?? `test-${port}`;
  const child = spawn(process.execPath, [entryPoint('apps/processor')], {
    cwd: workspaceRoot,
    env: { ...process.env, LOG_LEVEL: 'warn', PROCESSOR_PORT: String(port), CONSUMER_NAME: consumer, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const keep = (chunk: Buffer): void => {
    output.push(chunk.toString('utf8'));
    if (output.length > 300) {
      output.splice(0, output.length - 300);
    }
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const processor: ProcessorProcess = {
    child,
    port,
    consumer,
    output,
    exited,
    stop: async (signal: NodeJS.Signals = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill(signal);
      }
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
  running.add(processor);
  void exited.then(() => running.delete(processor));
  return processor;
}

/** Resolves once the processor answers `GET /health`. */
export async function waitForHealth(processor: ProcessorProcess, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (processor.child.exitCode !== null) {
      throw new Error(`processor exited with ${processor.child.exitCode}: ${processor.output.join('')}`);
    }
    try {
      if ((await fetch(`http://127.0.0.1:${processor.port}/health`)).ok) {
        return;
      }
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      throw new Error(`processor did not answer /health in time: ${processor.output.join('')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Runs the built generator to completion. */
export async function runGenerator(args: readonly string[]): Promise<void> {
  const child = spawn(process.execPath, [entryPoint('tools/generator'), ...args], { cwd: workspaceRoot, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) {
    throw new Error(`generator exited with ${code}: ${stderr}`);
  }
}

/** How {@link appendLines} writes orders: JSON lines (as a foreign writer or an older collector does) or compact entries (as the collector does). */
export type EntryFormat = 'json' | 'compact';

/** Appends a file's order lines to the orders stream (500 per entry), `chunk` lines per atomic append, as JSON lines or compact entries. */
export async function appendLines(redis: Redis, keys: RedisKeys, lines: readonly string[], chunk = 20_000, format: EntryFormat = 'json'): Promise<void> {
  const sink = new OrderStreamSink(redis, keys);
  for (let i = 0; i < lines.length; i += chunk) {
    const slice = lines.slice(i, i + chunk);
    await sink.append({ lines: format === 'json' ? slice : compactEntries(slice) });
  }
}

/** Timed order lines as compact entries (`CompactOrderWriter`), so the processor counts them from columns. */
function compactEntries(lines: readonly string[]): CompactOrderEntries {
  const writer = new CompactOrderWriter();
  for (const line of lines) {
    const parsed = parseOrderLine(line);
    if (!parsed.ok || parsed.order.timestamp === undefined) {
      throw new Error(`not a timed order line: ${line}`);
    }
    writer.addOrder({ ...parsed.order, timestamp: parsed.order.timestamp });
  }
  return writer.finish();
}

/** The non-empty lines of a file. */
export function readLines(file: string): string[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.length > 0);
}

/** The generator's truth file. */
export interface Truth {
  timeZone: string;
  windowSizeSeconds: number;
  orders: number;
  cups: number;
  hashes: Record<string, Record<string, number>>;
}

export function readTruth(file: string): Truth {
  return JSON.parse(readFileSync(file, 'utf8')) as Truth;
}

/** Adds the counts of several truths (e.g. a run and its late orders). */
export function mergeTruths(...truths: Truth[]): Truth {
  const [first] = truths;
  if (first === undefined) {
    throw new Error('no truth');
  }
  const merged: Truth = { ...first, orders: 0, cups: 0, hashes: {} };
  for (const truth of truths) {
    merged.orders += truth.orders;
    merged.cups += truth.cups;
    for (const [key, counts] of Object.entries(truth.hashes)) {
      const into = (merged.hashes[key] ??= {});
      for (const [field, count] of Object.entries(counts)) {
        into[field] = (into[field] ?? 0) + count;
      }
    }
  }
  return merged;
}

/** The consumer group's state (XINFO GROUPS), or undefined before it exists. `lag` is null when Redis cannot tell (e.g. after a restart). */
export async function groupState(
  redis: Redis,
  keys: RedisKeys,
): Promise<{ lag: number | null; pending: number; consumers: number; lastDeliveredId: string } | undefined> {
  let reply: unknown;
  try {
    reply = await redis.call('XINFO', 'GROUPS', keys.ordersStream);
  } catch {
    return undefined;
  }
  for (const item of reply as unknown[][]) {
    const fields = new Map<string, unknown>();
    for (let i = 0; i + 1 < item.length; i += 2) {
      fields.set(String(item[i]), item[i + 1]);
    }
    if (fields.get('name') === RedisKeys.PROCESSOR_GROUP) {
      const lag = fields.get('lag');
      return {
        lag: lag === null || lag === undefined ? null : Number(lag),
        pending: Number(fields.get('pending')),
        consumers: Number(fields.get('consumers')),
        lastDeliveredId: String(fields.get('last-delivered-id')),
      };
    }
  }
  return undefined;
}

/**
 * Throws unless every entry of the stream was delivered and acknowledged: nothing pending, and the
 * group's last delivered id is the stream's last id (XINFO's `lag` can be unknown after a restart).
 */
export async function assertDrained(redis: Redis, keys: RedisKeys): Promise<void> {
  const state = await groupState(redis, keys);
  const stream = (await redis.call('XINFO', 'STREAM', keys.ordersStream)) as unknown[];
  const lastId = String(stream[stream.indexOf('last-generated-id') + 1]);
  if (state === undefined || state.pending !== 0 || state.lastDeliveredId !== lastId) {
    throw new Error(`not drained yet: ${JSON.stringify(state)}, stream at ${lastId}`);
  }
}

const RESOLUTION_BY_LENGTH: Readonly<Record<number, string>> = { 14: '30s', 12: '1m', 10: '1h', 8: '1d' };

/**
 * Differences between the stored layout and the truth: every truth hash read exactly (with the key
 * prefix), and through the windows indexes no window stored that the truth does not have.
 * Returns human-readable problems (empty when equal).
 */
export async function diffAgainstTruth(redis: Redis, keys: RedisKeys, truth: Truth): Promise<string[]> {
  const problems: string[] = [];
  const entries = Object.entries(truth.hashes);
  for (let i = 0; i < entries.length; i += 2_000) {
    const slice = entries.slice(i, i + 2_000);
    const pipeline = redis.pipeline();
    for (const [key] of slice) {
      const [branch = '', date = '', type = ''] = key.split(':');
      pipeline.hgetall(keys.statsHash(branch, date, type as 'Orders'));
    }
    const replies = (await pipeline.exec()) ?? [];
    slice.forEach(([key, expected], j) => {
      const stored = Object.fromEntries(Object.entries((replies[j]?.[1] ?? {}) as Record<string, string>).map(([field, count]) => [field, Number(count)]));
      if (JSON.stringify(sortKeys(stored)) !== JSON.stringify(sortKeys(expected))) {
        problems.push(`${key}: stored ${JSON.stringify(sortKeys(stored))}, expected ${JSON.stringify(sortKeys(expected))}`);
      }
    });
  }
  const expectedWindows = new Map<string, Set<string>>();
  for (const key of Object.keys(truth.hashes)) {
    const [branch = '', date = ''] = key.split(':');
    const index = `${branch}|${RESOLUTION_BY_LENGTH[date.length] ?? '?'}`;
    let dates = expectedWindows.get(index);
    if (dates === undefined) {
      dates = new Set();
      expectedWindows.set(index, dates);
    }
    dates.add(date);
  }
  const realBranches = [...new Set(Object.keys(truth.hashes).map((key) => key.split(':')[0] ?? ''))].filter((b) => b !== '*').sort();
  const storedBranches = (await redis.smembers(keys.branchesIndex)).filter((b) => b !== '*').sort();
  if (JSON.stringify(storedBranches) !== JSON.stringify(realBranches)) {
    problems.push(`branches index ${JSON.stringify(storedBranches)}, expected ${JSON.stringify(realBranches)}`);
  }
  for (const branch of [...storedBranches, '*']) {
    for (const resolution of Object.values(RESOLUTION_BY_LENGTH)) {
      const stored = await redis.zrange(keys.windowsIndex(branch, resolution), 0, -1);
      const expected = expectedWindows.get(`${branch}|${resolution}`) ?? new Set<string>();
      const extra = stored.filter((date) => !expected.has(date));
      const missing = [...expected].filter((date) => !stored.includes(date));
      if (extra.length > 0 || missing.length > 0) {
        problems.push(`windows index ${branch}/${resolution}: extra ${JSON.stringify(extra.slice(0, 5))}, missing ${JSON.stringify(missing.slice(0, 5))}`);
      }
    }
  }
  return problems;
}

function sortKeys(record: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Reads `/metrics` of a running processor and returns one sample's value (sum over label sets). */
export async function metricValue(processor: ProcessorProcess, name: string, labels = ''): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${processor.port}/metrics`)).text();
  let sum = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith(name) && (line[name.length] === '{' || line[name.length] === ' ') && line.includes(labels)) {
      sum += Number(line.slice(line.lastIndexOf(' ') + 1));
    }
  }
  return sum;
}
