// One SIGKILL chaos run of the built collector: a private Redis, a temp directory, the collector as a child process
// that is killed and restarted on demand, its output kept for failure messages, and the cleanup of all of it.
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { createRedis, RedisKeys } from '@coffee/redis-io';
import { expectEventually, freePort, startRedisServer, type RedisServer } from '@coffee/testing';
import { buildCollectorInto, exited, ROOT, spawnCollector } from './collector-process';

/** How a chaos run is set up. */
export interface ChaosRunOptions {
  /** A folder of its own under `apps/collector/test` to compile into (removed at the end; its `dist` is git-ignored). */
  buildDir: string;
  /** Prefix of the temp directory's name. */
  tmpName: string;
  /** The collector's settings besides Redis, key prefix, port, flush interval and log level; `dir` is the temp directory. */
  env(dir: string): NodeJS.ProcessEnv;
}

/** Resolves after `ms` milliseconds. */
export const pause = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

/** A running chaos setup; `start` it, then `close` it in `afterAll`. */
export class CollectorChaosRun {
  private child: ChildProcess | undefined;
  private output = '';
  private readonly kills: number[] = [];

  private constructor(
    private readonly server: RedisServer,
    /** A client on the run's Redis. */
    readonly redis: Redis,
    /** The run's keys (a unique prefix). */
    readonly keys: RedisKeys,
    /** The run's temp directory. */
    readonly dir: string,
    private readonly outDir: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  /** Builds the collector, starts Redis and makes the temp directory (the collector itself is started by `startCollector`). */
  static async create(options: ChaosRunOptions): Promise<CollectorChaosRun> {
    const outDir = `apps/collector/test/${options.buildDir}/dist`;
    buildCollectorInto(outDir);
    const server = await startRedisServer();
    const redis = createRedis(server.url, { name: 'chaos-test' });
    const dir = mkdtempSync(join(tmpdir(), options.tmpName));
    const prefix = `chaos-${randomUUID()}:`;
    const env = {
      ...process.env,
      REDIS_URL: server.url,
      KEY_PREFIX: prefix,
      COLLECTOR_PORT: String(await freePort()),
      FLUSH_INTERVAL_MS: '5',
      LOG_LEVEL: 'warn',
      ...options.env(dir),
    };
    return new CollectorChaosRun(server, redis, new RedisKeys({ prefix }), dir, outDir, env);
  }

  /** Starts the collector child process. */
  startCollector(): void {
    this.child = spawnCollector(this.outDir, this.env, (text) => {
      this.output = (this.output + text).slice(-20_000);
    });
  }

  /** Waits `waitMs`, SIGKILLs the collector, waits for it to exit and starts it again; the wait is named in failure messages. */
  async killAfter(waitMs: number): Promise<void> {
    this.kills.push(waitMs);
    await pause(waitMs);
    const victim = this.running();
    victim.kill('SIGKILL');
    await exited(victim);
    this.startCollector();
  }

  /**
   * Polls `assertion` for up to 60 s, restarting a collector that exited by itself (e.g. a start that failed while a
   * library was being rebuilt by someone else); on failure says `what`, the waits before each kill and the collector's
   * output.
   */
  async eventually(assertion: () => unknown, what: string): Promise<void> {
    try {
      await expectEventually(
        async () => {
          if (this.child !== undefined && this.child.exitCode !== null) {
            this.startCollector();
          }
          await assertion();
        },
        { timeoutMs: 60_000, intervalMs: 200 },
      );
    } catch (error) {
      throw new Error(`${what} (killed after waits of ${this.kills.join(', ')} ms); collector output:\n${this.output}\n${String(error)}`);
    }
  }

  /**
   * Waits until the collector listens (its SIGTERM handler is installed before it does), then sends it
   * SIGTERM and resolves with its exit code. A SIGTERM sent while a just-restarted child still loads its
   * modules would end it by the signal's default action (exit code null), which says nothing about shutdown.
   */
  async stopCollector(): Promise<number | null> {
    const last = this.running();
    await expectEventually(async () => expect((await fetch(`http://127.0.0.1:${this.env['COLLECTOR_PORT']}/health/live`)).ok).toBe(true), {
      timeoutMs: 30_000,
      intervalMs: 100,
    });
    this.child = undefined;
    last.kill('SIGTERM');
    return exited(last);
  }

  /** Kills a collector still running, stops Redis and removes the temp and build directories. */
  async close(): Promise<void> {
    this.child?.kill('SIGKILL');
    this.redis.disconnect();
    await this.server.stop();
    rmSync(this.dir, { recursive: true, force: true });
    rmSync(join(ROOT, this.outDir, '..'), { recursive: true, force: true });
  }

  private running(): ChildProcess {
    if (this.child === undefined) {
      throw new Error('the collector is not running: call startCollector() first');
    }
    return this.child;
  }
}
