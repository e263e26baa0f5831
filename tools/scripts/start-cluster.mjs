// Cluster mode of `npm start` (REDIS_CLUSTER=<masters>): a local Redis Cluster of `masters` masters +
// one replica each, redis-server processes on consecutive ports from REDIS_CLUSTER_PORT (default 7001),
// data and nodes.conf under .data/cluster/<port> (kept across restarts: the cluster re-forms by itself).
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

function cli(port, ...args) {
  try {
    return execFileSync('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args], { encoding: 'utf8', timeout: 5_000, stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return '';
  }
}

async function until(check, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) {
      throw new Error(`${what} not reached within ${timeoutMs} ms`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * Starts (or re-starts) the local cluster; returns `{ seeds, children }`. Throws with a clear message
 * when redis-server / redis-cli are missing or a port is taken by something that is not this cluster.
 */
export async function startLocalCluster({ root, masters, basePort, log, pipe }) {
  if (!Number.isInteger(masters) || masters < 3 || masters > 16) {
    throw new Error(`REDIS_CLUSTER=${masters}: a Redis Cluster needs 3 to 16 masters`);
  }
  if (spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status !== 0 || spawnSync('redis-cli', ['--version'], { stdio: 'ignore' }).status !== 0) {
    throw new Error('cluster mode needs redis-server and redis-cli (Debian/Ubuntu: sudo apt-get install -y redis-server; macOS: brew install redis)');
  }
  const ports = Array.from({ length: masters * 2 }, (_, i) => basePort + i);
  const children = [];
  let fresh = false;
  for (const port of ports) {
    const dir = join(root, '.data', 'cluster', String(port));
    mkdirSync(dir, { recursive: true });
    fresh ||= !existsSync(join(dir, 'nodes.conf'));
    if (cli(port, 'PING').trim() === 'PONG') {
      throw new Error(`port ${port} is taken by a running Redis: stop it, or set REDIS_CLUSTER_PORT to another base port`);
    }
    const child = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf', '--cluster-node-timeout', '2000', '--appendonly', 'yes', '--appendfsync', 'everysec', '--save', ''],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    pipe(`redis:${port}`, child);
    children.push(child);
  }
  await until(() => ports.every((port) => cli(port, 'PING').trim() === 'PONG'), 10_000, 'every cluster node answering PING');
  if (fresh) {
    log(`creating a Redis Cluster of ${masters} masters + ${masters} replicas on ports ${ports[0]}..${ports.at(-1)}`);
    execFileSync('redis-cli', ['--cluster', 'create', ...ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', '1', '--cluster-yes'], { stdio: 'ignore', timeout: 30_000 });
  }
  await until(() => ports.every((port) => cli(port, 'CLUSTER', 'INFO').includes('cluster_state:ok')), 30_000, 'cluster_state:ok on every node');
  log(`Redis Cluster ready on ports ${ports[0]}..${ports.at(-1)} (data in .data/cluster, kept across restarts)`);
  return { seeds: ports.map((p) => `127.0.0.1:${p}`).join(','), children };
}
