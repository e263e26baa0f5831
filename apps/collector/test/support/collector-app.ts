// Test support: the collector's Nest app in-process on a given Redis, configured from environment variables (its log lines captured) or from a config object (silent).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { RedisKeys } from '@coffee/redis-io';
import { Logger } from 'nestjs-pino';
import { createAppModule } from '../../src/app/app.module';
import { configureApp } from '../../src/app/configure-app';
import { loadCollectorConfig, type CollectorConfig } from '../../src/config/collector.config';

/** A running in-process collector. */
export interface TestCollector {
  app: INestApplication;
  config: CollectorConfig;
  base: string;
  keys: RedisKeys;
  /** Every log line written so far (pino JSON), Nest's own lines included. */
  logs: string[];
  close(): Promise<void>;
}

/** Starts the collector on `redisUrl` with a fresh key prefix and `env` on top of the defaults (LOG_LEVEL info). */
export async function startTestCollector(redisUrl: string, env: Record<string, string> = {}): Promise<TestCollector> {
  const dir = mkdtempSync(join(tmpdir(), 'collector-test-'));
  const prefix = `t-${randomUUID()}:`;
  const config = loadCollectorConfig({ REDIS_URL: redisUrl, KEY_PREFIX: prefix, LOG_LEVEL: 'info', ORDERS_FILES: join(dir, 'orders.txt'), PARSE_THREADS: '0', ...env }, dir);
  const logs: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(chunk.toString());
      done();
    },
  });
  const moduleRef = await Test.createTestingModule({ imports: [createAppModule(config, destination)] }).compile();
  const app = moduleRef.createNestApplication({ bufferLogs: true });
  app.useLogger(app.get(Logger));
  configureApp(app, config);
  await app.listen(0, config.host);
  const base = await app.getUrl();
  return {
    app,
    config,
    base,
    keys: new RedisKeys({ prefix }),
    logs,
    async close() {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** `POST /orders` with a body and headers (content type JSON unless given). */
export function postOrders(collector: TestCollector, body: string | Uint8Array, headers: Record<string, string> = {}, path = '/orders'): Promise<Response> {
  return fetch(`${collector.base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
}

/** A running in-process collector without logging, built from a config object. */
export interface SilentCollector {
  app: INestApplication;
  base: string;
  keys: RedisKeys;
}

/**
 * Starts the collector in-process on `redisUrl` with a fresh key prefix: the environment's defaults, then the in-process
 * suites' settings (silent, any port, tail from the beginning, 5 ms flushes, parsing on the main thread, batches of
 * 100), then `overrides` (at least the files to tail).
 */
export async function startSilentCollector(redisUrl: string, overrides: Partial<CollectorConfig> & Pick<CollectorConfig, 'ordersFiles'>): Promise<SilentCollector> {
  const prefix = `t-${randomUUID()}:`;
  const config: CollectorConfig = {
    ...loadCollectorConfig({}),
    logLevel: 'silent',
    port: 0,
    startPosition: 'beginning',
    flushIntervalMs: 5,
    parseThreads: 0,
    batchSize: 100,
    ...overrides,
    redisUrl,
    keyPrefix: prefix,
  };
  const moduleRef = await Test.createTestingModule({ imports: [createAppModule(config)] }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  configureApp(app, config);
  await app.listen(0, '127.0.0.1');
  return { app, base: await app.getUrl(), keys: new RedisKeys({ prefix }) };
}
