// Covers publishing: the `npm pack` tarball installs into a fresh project outside the workspace and works from ESM, CommonJS and TypeScript.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const libRoot = join(__dirname, '..');
const workspaceRoot = join(libRoot, '..', '..');
const tsc = join(workspaceRoot, 'node_modules', 'typescript', 'bin', 'tsc');

const ORDERS = `[
  { branch: 'jeongja', orders: ['Americano', 'Espresso'], paymentMethod: 'Cash', customerAgeGrade: '2030', timestamp: Date.UTC(2014, 9, 1, 0, 30, 45) },
  { branch: 'sunae', orders: ['Americano'], paymentMethod: 'Credit', customerAgeGrade: '1020', timestamp: Date.UTC(2014, 9, 1, 0, 31, 5) },
]`;
const REPORT = `{
  const windowing = new Windowing();
  const delta = aggregateBatch(${ORDERS}, windowing);
  const all = delta.hashes.find((h) => h.branch === ALL_BRANCHES && h.resolution === '1h' && h.type === 'Orders');
  let code;
  try { new Windowing({ timeZone: 'Mars/Olympus' }); } catch (error) { code = error instanceof AggregationError ? error.code : 'other'; }
  console.log(JSON.stringify({ hashes: delta.hashes.length, orders: delta.orders, cups: delta.cups, date: windowing.datestring(Date.UTC(2014, 9, 1, 0, 30, 45), '30s'), all: Object.fromEntries(all.fields), code }));
}`;
// 16 hashes per branch (4 resolutions x 4 types) + 24 for `*` (two 30s and two 1m windows, one hour, one day).
const EXPECTED = { hashes: 16 + 16 + 24, orders: 2, cups: 3, date: '20141001093030', all: { Americano: 2, Espresso: 1 }, code: 'INVALID_TIME_ZONE' };

/** Runs a command; on failure the error carries its stdout and stderr, so the test output shows why. */
function run(command: string, args: string[], cwd: string): string {
  try {
    return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 90_000 });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${stdout ?? ''}${stderr ?? ''}`);
  }
}

describe('@coffee/aggregation as a published package', () => {
  let work = '';
  let consumer = '';
  let packedFiles: string[] = [];

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'coffee-aggregation-pack-'));
    // Build into a staging copy (not libs/aggregation/dist) so a concurrent `nx build` is never disturbed.
    const stage = join(work, 'stage');
    mkdirSync(stage);
    copyFileSync(join(libRoot, 'package.json'), join(stage, 'package.json'));
    copyFileSync(join(libRoot, 'README.md'), join(stage, 'README.md'));
    run(process.execPath, [tsc, '-p', join(libRoot, 'tsconfig.lib.json'), '--outDir', join(stage, 'dist')], workspaceRoot);
    const [packed] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', work], stage)) as { filename: string; files: { path: string }[] }[];
    packedFiles = packed.files.map((f) => f.path).sort();
    consumer = join(work, 'consumer');
    mkdirSync(consumer);
    writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }));
    run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', join(work, packed.filename)], consumer);
  }, 120_000);

  afterAll(() => {
    if (work !== '') {
      rmSync(work, { recursive: true, force: true });
    }
  });

  it('ships dist, README and package.json only, with zero dependencies', () => {
    expect(packedFiles).toEqual(expect.arrayContaining(['README.md', 'package.json', 'dist/index.js', 'dist/index.d.ts', 'dist/lib/windowing.js']));
    expect(packedFiles.filter((f) => !f.startsWith('dist/') && f !== 'README.md' && f !== 'package.json')).toEqual([]);
    expect(packedFiles.filter((f) => f.includes('.spec.') || f.includes('tsbuildinfo'))).toEqual([]);
    const installed = JSON.parse(readFileSync(join(consumer, 'node_modules', '@coffee', 'aggregation', 'package.json'), 'utf8')) as Record<string, unknown>;
    expect([installed.dependencies, installed.peerDependencies]).toEqual([undefined, undefined]);
  });

  it('works from an ES module', () => {
    writeFileSync(join(consumer, 'esm.mjs'), `import { Windowing, aggregateBatch, ALL_BRANCHES, AggregationError } from '@coffee/aggregation';\n${REPORT}\n`);
    expect(JSON.parse(run(process.execPath, ['esm.mjs'], consumer))).toEqual(EXPECTED);
  });

  it('works from CommonJS', () => {
    writeFileSync(join(consumer, 'cjs.cjs'), `const { Windowing, aggregateBatch, ALL_BRANCHES, AggregationError } = require('@coffee/aggregation');\n${REPORT}\n`);
    expect(JSON.parse(run(process.execPath, ['cjs.cjs'], consumer))).toEqual(EXPECTED);
  });

  it('type-checks a strict TypeScript consumer against the shipped declarations', () => {
    writeFileSync(
      join(consumer, 'consumer.mts'),
      [
        "import { Windowing, aggregateBatch, mergeDeltas, EventTimeTracker, NewestPerKey, type CountableOrder, type BatchDelta, type WindowRange } from '@coffee/aggregation';",
        'const windowing = new Windowing({ timeZone: "Asia/Seoul" });',
        `const orders: CountableOrder[] = ${ORDERS};`,
        'const delta: BatchDelta = mergeDeltas(aggregateBatch(orders, windowing), aggregateBatch([], windowing));',
        'const windows: WindowRange[] = windowing.lastWindows(Date.UTC(2014, 9, 1), 3, "1h");',
        'const tracker = new EventTimeTracker(windowing);',
        'const live = new NewestPerKey<BatchDelta>({ max: 2 });',
        'export const result: [number, number, number, number] = [delta.cups, windows.length, tracker.observe(orders, 0).lateOrders, live.set("a", delta).dropped === undefined ? 1 : 0];',
        '',
      ].join('\n'),
    );
    expect(() => run(process.execPath, [tsc, '--noEmit', '--strict', '--skipDefaultLibCheck', '--lib', 'es2022', '--target', 'es2022', '--module', 'nodenext', '--moduleResolution', 'nodenext', 'consumer.mts'], consumer)).not.toThrow();
  });
});
