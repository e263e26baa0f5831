import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

/** Workspace root (apps/e2e/src/support → ../../../..). */
export const workspaceRoot = join(__dirname, '..', '..', '..', '..');

/** A built service running as a child process, with its output kept for failure messages. */
export interface Service {
  readonly name: string;
  readonly child: ChildProcess;
  readonly output: string[];
  /** SIGTERM (or the given signal) and wait for the exit; SIGKILL after 10 s. Returns the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

const entryPoints = {
  collector: 'apps/collector/dist/main.js',
  processor: 'apps/processor/dist/main.js',
  'api-gateway': 'apps/api-gateway/dist/main.js',
  generator: 'tools/generator/dist/main.js',
} as const;

/** Name of a built service. */
export type ServiceName = keyof typeof entryPoints;

/** Starts a built service (`nx build` must have run; the e2e test target depends on it). */
export function startService(name: ServiceName, env: Record<string, string>, args: readonly string[] = []): Service {
  const child = spawn(process.execPath, [join(workspaceRoot, entryPoints[name]), ...args], {
    cwd: workspaceRoot,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const keep = (chunk: Buffer): void => {
    output.push(chunk.toString('utf8'));
    if (output.length > 200) {
      output.splice(0, output.length - 200);
    }
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    name,
    child,
    output,
    stop: async (signal: NodeJS.Signals = 'SIGTERM') => {
      if (child.exitCode !== null || child.signalCode !== null) {
        return child.exitCode;
      }
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

/** Runs the generator to completion with the given CLI arguments. */
export async function runGenerator(args: readonly string[]): Promise<void> {
  const service = startService('generator', {}, args);
  const code = await new Promise<number | null>((resolve) => service.child.once('exit', (c) => resolve(c)));
  if (code !== 0) {
    throw new Error(`generator exited with ${code}: ${service.output.join('')}`);
  }
}

/** Polls an HTTP URL until it answers 2xx. */
export async function waitForHttp(url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      if (response.ok) {
        return;
      }
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} did not answer in time (${last})`);
}
