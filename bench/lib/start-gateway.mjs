// Starts the BUILT api-gateway (apps/api-gateway/dist/main.js) on a free port against a given Redis, and waits for
// its health endpoint; for benchmarks that measure the gateway as shipped.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from '@coffee/testing';

const ROOT = join(import.meta.dirname, '..', '..');
export const GATEWAY_APP = join(ROOT, 'apps/api-gateway/dist/main.js');

/**
 * Spawns the gateway with `env` added to its environment (LOG_LEVEL warn, loopback only) and resolves once
 * `/api/health` answers 2xx (30 s at most). Returns its URL, pid and `stop()` (SIGTERM, waits for the exit).
 */
export async function startGateway(redisUrl, { prefix = '', env = {} } = {}) {
  const port = await freePort();
  const child = spawn(process.execPath, [GATEWAY_APP], {
    cwd: ROOT,
    env: { ...process.env, REDIS_URL: redisUrl, KEY_PREFIX: prefix, GATEWAY_PORT: String(port), GATEWAY_HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`api-gateway exited with ${child.exitCode}`);
    }
    const healthy = await fetch(`${url}/api/health`).then(
      (response) => response.ok,
      () => false,
    );
    if (healthy) {
      break;
    }
    if (Date.now() > deadline) {
      child.kill('SIGTERM');
      throw new Error(`${url} did not become healthy in 30 s`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    pid: child.pid,
    stop: async () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}
