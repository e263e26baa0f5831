// The built collector as a real child process, for tests that SIGKILL it: compiled apart from `apps/collector/dist`
// (which `nx build collector`, maybe running alongside, starts by removing), output kept for failure messages.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

/** The workspace root. */
export const ROOT = resolve(__dirname, '../../../..');

/** Builds the libraries the collector runs on and compiles the collector into `outDir` (relative to the root). */
export function buildCollectorInto(outDir: string): void {
  const env = { ...process.env, NX_NO_CLOUD: 'true', NX_DAEMON: 'false', NX_TUI: 'false' };
  execFileSync('npx', ['nx', 'run-many', '-t', 'build', '-p', 'order-schema,redis-io,service-kit', '--output-style=static'], { cwd: ROOT, env, stdio: 'pipe' });
  execFileSync('npx', ['tsc', '-p', 'apps/collector/tsconfig.app.json', '--outDir', outDir], { cwd: ROOT, env, stdio: 'pipe' });
}

/** Starts the collector compiled into `outDir` with `env`; `onOutput` gets its stdout and stderr. */
export function spawnCollector(outDir: string, env: NodeJS.ProcessEnv, onOutput: (text: string) => void): ChildProcess {
  const proc = spawn(process.execPath, [`${outDir}/main.js`], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const keep = (chunk: Buffer): void => onOutput(chunk.toString('utf8'));
  proc.stdout?.on('data', keep);
  proc.stderr?.on('data', keep);
  return proc;
}

/** Resolves with the exit code once `proc` has exited (at once when it already has). */
export function exited(proc: ChildProcess): Promise<number | null> {
  if (proc.exitCode !== null || proc.signalCode !== null) {
    return Promise.resolve(proc.exitCode);
  }
  return new Promise((done) => proc.once('exit', (code) => done(code)));
}
