import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'node:net';
import { freePort } from './free-port';

/** Options for {@link startRedisServer}. */
export interface RedisServerOptions {
  /** Persist with an append-only file (fsync always) in a private temp dir, so a restart keeps the data. Default false. */
  appendOnly?: boolean;
  /** Port to listen on; default a free one. */
  port?: number;
  /** How long to wait for "Ready to accept connections", ms. Default 10 000. */
  startTimeoutMs?: number;
  /** More `redis-server` arguments, e.g. `['--cluster-enabled', 'yes']`; they win over the defaults. */
  extraArgs?: readonly string[];
}

/** A private redis-server started for one test suite. */
export interface RedisServer {
  /** `redis://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  /** Data directory (the AOF lives here when `appendOnly` is set). */
  readonly dir: string;
  /** Stops the server (SIGTERM, then SIGKILL after 5 s). Idempotent. */
  stop(): Promise<void>;
  /** Kills the server abruptly (SIGKILL): for fault-injection tests. */
  kill(): Promise<void>;
  /** Starts the server again on the same port and data dir (after stop or kill). */
  start(): Promise<void>;
}

/** Thrown when `redis-server` is not installed. */
export class RedisServerNotFoundError extends Error {
  constructor() {
    super(
      'redis-server is not installed or not on PATH. Install it (Debian/Ubuntu: `apt-get install -y redis-server`, ' +
        'macOS: `brew install redis`) to run the Redis integration tests.',
    );
    this.name = 'RedisServerNotFoundError';
  }
}

// Servers still running when the test process exits (a crashed suite, a killed worker) are killed with it.
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const proc of running) {
    proc.kill('SIGKILL');
  }
});

function assertRedisInstalled(): void {
  const probe = spawnSync('redis-server', ['--version'], { stdio: 'ignore' });
  if (probe.error !== undefined || probe.status !== 0) {
    throw new RedisServerNotFoundError();
  }
}

function waitForPing(port: number, deadline: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const attempt = (): void => {
      const socket = createConnection({ host: '127.0.0.1', port });
      let answer = '';
      socket.setEncoding('utf8');
      socket.once('connect', () => socket.write('PING\r\n'));
      socket.on('data', (chunk: string) => {
        answer += chunk;
        if (answer.includes('\r\n')) {
          socket.destroy();
          if (answer.startsWith('+PONG')) {
            resolve();
          } else {
            retry();
          }
        }
      });
      socket.once('error', () => {
        socket.destroy();
        retry();
      });
    };
    const retry = (): void => {
      if (Date.now() > deadline) {
        reject(new Error(`redis-server on port ${port} did not answer PING in time`));
        return;
      }
      setTimeout(attempt, 20);
    };
    attempt();
  });
}

/**
 * Starts a private `redis-server` on a free port (never the shared 6379), bound to 127.0.0.1,
 * with no persistence unless `appendOnly` is asked for. Call `stop()` in `afterAll`.
 */
export async function startRedisServer(options: RedisServerOptions = {}): Promise<RedisServer> {
  assertRedisInstalled();
  const port = options.port ?? (await freePort());
  const dir = mkdtempSync(join(tmpdir(), 'coffee-redis-'));
  const startTimeoutMs = options.startTimeoutMs ?? 10_000;
  const args = [
    '--port', String(port),
    '--bind', '127.0.0.1',
    '--dir', dir,
    '--save', '',
    '--daemonize', 'no',
    '--logfile', join(dir, 'redis.log'),
    ...(options.appendOnly === true
      ? ['--appendonly', 'yes', '--appendfsync', 'always']
      : ['--appendonly', 'no']),
    ...(options.extraArgs ?? []),
  ];
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();

  const start = async (): Promise<void> => {
    if (child !== undefined) {
      return;
    }
    const proc = spawn('redis-server', args, { stdio: 'ignore' });
    child = proc;
    running.add(proc);
    exited = new Promise((resolve) => proc.once('exit', () => resolve()));
    void exited.then(() => running.delete(proc));
    void exited.then(() => {
      if (child === proc) {
        child = undefined;
      }
    });
    await waitForPing(port, Date.now() + startTimeoutMs);
  };

  const signal = async (sig: NodeJS.Signals): Promise<void> => {
    const proc = child;
    if (proc === undefined) {
      return;
    }
    const done = exited;
    proc.kill(sig);
    const timer = setTimeout(() => proc.kill('SIGKILL'), 5_000);
    await done;
    clearTimeout(timer);
    child = undefined;
  };

  await start();
  let removed = false;
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    dir,
    start,
    kill: () => signal('SIGKILL'),
    stop: async () => {
      await signal('SIGTERM');
      if (!removed) {
        removed = true;
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
