#!/usr/bin/env node
// `npm run bench`: builds everything, runs every bench/*.bench.mjs one after another (each measures
// Coffee Pulse beside a baseline in the same run), then writes bench/results/latest.json and a
// readable summary table (bench/results/latest.md, also printed). `npm run bench -- aggregation` runs one.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { machine } from '../../bench/lib/report.mjs';

const root = join(import.meta.dirname, '..', '..');
const benchDir = join(root, 'bench');
const resultsDir = join(benchDir, 'results');
const env = { ...process.env, NX_NO_CLOUD: 'true', NX_DAEMON: 'false', NX_TUI: 'false' };
const only = process.argv.slice(2);

const build = spawnSync('npx', ['nx', 'run-many', '-t', 'build', '--output-style=static'], { cwd: root, env, stdio: 'inherit' });
if (build.status !== 0) {
  console.error('build failed');
  process.exit(1);
}

const benches = readdirSync(benchDir)
  .filter((f) => f.endsWith('.bench.mjs'))
  .filter((f) => only.length === 0 || only.some((o) => f.startsWith(o)))
  .sort();
const started = Date.now();
const failures = [];
// A bench that hangs is stopped; the end-to-end ones (pipeline: 3 × 4M orders plus the 2014 baseline; the gateway's
// 60 s admission flood) need more than five minutes on this 2-core machine.
const perBenchMinutes = Number(process.env.BENCH_TIMEOUT_MINUTES ?? 15);
for (const file of benches) {
  console.log(`\n=== ${file} ===`);
  const t0 = Date.now();
  const run = spawnSync(process.execPath, ['--expose-gc', join(benchDir, file)], { cwd: root, env, stdio: 'inherit', timeout: perBenchMinutes * 60_000 });
  console.log(`(${((Date.now() - t0) / 1000).toFixed(0)} s)`);
  if (run.status !== 0) {
    failures.push(file);
  }
}

// Every benchmark's latest result: a partial run keeps the others' last figures, from their own result file or,
// on a fresh clone where only the committed latest.json exists, from that (whichever was measured last).
const latestPath = join(resultsDir, 'latest.json');
const previous = new Map(existsSync(latestPath) ? JSON.parse(readFileSync(latestPath, 'utf8')).results.map((r) => [r.name, r]) : []);
const results = readdirSync(benchDir)
  .filter((f) => f.endsWith('.bench.mjs'))
  .sort()
  .map((f) => {
    const name = f.replace('.bench.mjs', '');
    const path = join(resultsDir, `${name}.json`);
    const own = existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : undefined;
    const kept = previous.get(name);
    return own && kept ? (own.at >= kept.at ? own : kept) : (own ?? kept);
  })
  .filter((result) => result !== undefined);
const latest = { at: new Date().toISOString(), machine: machine(), durationSeconds: Math.round((Date.now() - started) / 1000), failures, results };
writeFileSync(latestPath, JSON.stringify(latest, null, 2) + '\n');

const fmt = (n) => (typeof n !== 'number' ? String(n ?? '') : Math.abs(n) >= 1000 ? Math.round(n).toLocaleString('en-US') : Number(n.toPrecision(3)).toString());
const m = latest.machine;
const lines = [
  `Measured ${latest.at.slice(0, 10)} on ${m.cpus} × ${m.cpuModel}, ${m.memGiB} GiB, Node ${m.node} (${latest.durationSeconds} s).`,
  '',
  '| benchmark | metric | Coffee Pulse | baseline | ratio | target | met |',
  '|---|---|---|---|---|---|---|',
];
for (const result of results) {
  for (const row of result.rows) {
    lines.push(
      `| ${result.name} | ${row.metric} | ${fmt(row.value)} ${row.unit} | ${row.baseline !== undefined ? `${fmt(row.baseline)} ${row.unit} (${row.baselineName ?? 'baseline'})` : ''} | ${row.ratio !== undefined && row.ratio !== null ? `${row.ratio}×` : ''} | ${row.target ?? ''} | ${row.met === undefined ? '' : row.met ? 'yes' : 'no'} |`,
    );
  }
}
writeFileSync(join(resultsDir, 'latest.md'), lines.join('\n') + '\n');
console.log('\n' + lines.join('\n'));
if (failures.length > 0) {
  console.error(`\nfailed: ${failures.join(', ')}`);
  process.exit(1);
}
