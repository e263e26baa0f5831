#!/usr/bin/env node
// `npm test`: builds every project, then lint (zero warnings) + typecheck + every jest suite (unit,
// integration on private redis-servers, end-to-end with headless Chromium), and prints one closing line
// `N passed, N failed` counted from jest's JSON reports plus failed lint/typecheck tasks.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');
const reportsDir = join(root, 'reports', 'jest');
const env = { ...process.env, NX_NO_CLOUD: 'true', NX_DAEMON: 'false', NX_TUI: 'false', FORCE_COLOR: process.env.FORCE_COLOR ?? '0' };
const extra = process.argv.slice(2); // e.g. `npm test -- -p aggregation`

function nx(args) {
  const started = Date.now();
  console.log(`\n$ nx ${args.join(' ')}`);
  const result = spawnSync('npx', ['nx', ...args], { cwd: root, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 30 });
  process.stdout.write(result.stdout ?? '');
  const failed = [...(result.stdout ?? '').matchAll(/^\s*- ([\w-]+:[\w-]+)\s*$/gm)].map((m) => m[1]);
  if (result.status !== 0 && failed.length === 0) {
    failed.push(`nx ${args[1]} (exit ${result.status})`);
  }
  console.log(`(${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return failed;
}

rmSync(reportsDir, { recursive: true, force: true });
mkdirSync(reportsDir, { recursive: true });

const failedTasks = [];
failedTasks.push(...nx(['run-many', '-t', 'build', '--output-style=static', ...extra]));
failedTasks.push(...nx(['run-many', '-t', 'lint', 'typecheck', '--output-style=static', '--parallel=2', ...extra]));
// Workspace scripts and benchmarks are not an Nx project: lint them directly.
console.log('\n$ eslint bench tools/scripts --max-warnings=0');
if (spawnSync('npx', ['eslint', 'bench', 'tools/scripts', '--max-warnings=0'], { cwd: root, env, stdio: 'inherit' }).status !== 0) {
  failedTasks.push('workspace:lint');
}
failedTasks.push(...nx(['run-many', '-t', 'test', '--output-style=stream', '--parallel=2', ...extra]));

let passed = 0;
let failed = 0;
const suites = [];
for (const file of existsSync(reportsDir) ? readdirSync(reportsDir) : []) {
  const report = JSON.parse(readFileSync(join(reportsDir, file), 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  // A suite that failed to run (syntax error, crash in beforeAll) has no failed tests: count it.
  const brokenSuites = report.testResults.filter((s) => s.status === 'failed' && s.assertionResults.every((a) => a.status !== 'failed')).length;
  failed += brokenSuites;
  suites.push(`${file.replace(/\.json$/, '')}: ${report.numPassedTests} passed, ${report.numFailedTests + brokenSuites} failed`);
}
// Failed lint/typecheck/build tasks count as failures; failed test tasks are already counted above
// unless they produced no report at all.
for (const task of failedTasks) {
  const [project, target] = task.split(':');
  if (target !== 'test' || !existsSync(join(reportsDir, `${project}.json`))) {
    failed += 1;
  }
}

console.log('\nPer project:');
for (const line of suites) {
  console.log(`  ${line}`);
}
if (failedTasks.length > 0) {
  console.log(`Failed tasks: ${failedTasks.join(', ')}`);
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || failedTasks.length > 0 ? 1 : 0);
