// Test harness: a private redis-server and the gateway app (same wiring as main.ts) on a free port.
import { Windowing, aggregateBatch, type CountableOrder, type LiveStatisticsBody } from '@coffee/aggregation';
import { RedisKeys, createRedis } from '@coffee/redis-io';
import { LiveChannel, StatsStore } from '@coffee/stats-store';
import { expectEventually, freePort, startRedisServer, type RedisServer } from '@coffee/testing';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Redis } from 'ioredis';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppModule } from '../src/app/app.module';
import { configureApp } from '../src/app/configure-app';
import { loadGatewayConfig, type GatewayConfig } from '../src/config/gateway.config';

let prefixes = 0;

/** A running gateway plus what a test needs to feed it. */
export interface GatewayHarness {
  readonly app: INestApplication;
  readonly config: GatewayConfig;
  readonly baseUrl: string;
  readonly redisServer: RedisServer;
  /** A command connection of the test's own (seeding, publishing). */
  readonly redis: Redis;
  readonly keys: RedisKeys;
  readonly windowing: Windowing;
  readonly store: StatsStore;
  readonly channel: LiveChannel;
  /** Adds orders to the store (no stream, no ack). */
  seed(orders: CountableOrder[]): Promise<void>;
  /** GET a path of the gateway; resolves status and parsed JSON (or text). */
  get(path: string, headers?: Record<string, string>): Promise<{ status: number; body: unknown; headers: Headers }>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  env?: Record<string, string>;
  /** Reuse a redis-server (several gateways side by side). */
  redisServer?: RedisServer;
}

export async function startGateway(options: HarnessOptions = {}): Promise<GatewayHarness> {
  const redisServer = options.redisServer ?? (await startRedisServer());
  const port = await freePort();
  const prefix = options.env?.['KEY_PREFIX'] ?? `t${process.pid}-${++prefixes}:`;
  const config = loadGatewayConfig(
    {
      REDIS_URL: redisServer.url,
      KEY_PREFIX: prefix,
      LOG_LEVEL: 'silent',
      GATEWAY_PORT: String(port),
      DASHBOARD_DIR: mkdtempSync(join(tmpdir(), 'gw-no-dashboard-')),
      ...options.env,
    },
    process.cwd(),
  );
  const app = await NestFactory.create(AppModule.register(config), { logger: false });
  configureApp(app, config);
  await app.listen(port, '127.0.0.1');
  const redis = createRedis(redisServer.url, { name: 'gateway-test' });
  const keys = new RedisKeys({ prefix });
  const windowing = new Windowing({ windowSizeMs: config.windowSizeSeconds * 1000, timeZone: config.timeZone });
  const store = new StatsStore(redis, keys, { windowing });
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    app,
    config,
    baseUrl,
    redisServer,
    redis,
    keys,
    windowing,
    store,
    channel: new LiveChannel(redis, keys),
    seed: async (orders) => {
      await store.applyUnacked(aggregateBatch(orders, windowing));
    },
    get: async (path, headers = {}) => {
      const response = await fetch(`${baseUrl}${path}`, { headers });
      const text = await response.text();
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // not JSON (metrics, HTML)
      }
      return { status: response.status, body, headers: response.headers };
    },
    close: async () => {
      await app.close();
      redis.disconnect();
      if (options.redisServer === undefined) {
        await redisServer.stop();
      }
    },
  };
}

/** A live body as the processor publishes it, for `branch`'s window containing `t`. */
export function liveBody(windowing: Windowing, branch: string, t: number, ageGrades: Record<string, number>, extra: Record<string, unknown> = {}): LiveStatisticsBody {
  const window = windowing.windowAt(t);
  return {
    branch,
    date: window.date,
    counts: Object.entries(ageGrades).map(([type, count]) => ({ type, count })),
    start: window.start,
    end: window.end,
    resolution: windowing.baseResolution,
    stats: { CustomerAgeGrades: ageGrades, PaymentMethods: {}, Orders: {}, OrderSizes: {} },
    final: false,
    ...extra,
  };
}

/** Resolves once the current base window has at least `marginMs` left, so a test's "now" stays in one window. */
export async function awayFromWindowEnd(windowing: Windowing, marginMs = 3_000): Promise<void> {
  await expectEventually(
    () => {
      const now = Date.now();
      expect(windowing.windowAt(now).end - now).toBeGreaterThan(marginMs);
    },
    { timeoutMs: marginMs + 2_000, intervalMs: 100 },
  );
}

/** Counts, per gateway, the calls of a Nest provider's method made on that gateway's own instance. */
export interface CallsPerGateway {
  count(gw: GatewayHarness): number;
  /** Removes the spy. */
  restore(): void;
}

/**
 * Spies on `method` of the provider class `service` (every instance) and counts the calls per gateway, since several
 * gateways run in one test process: e.g. how many answers went through the Nest route rather than a fast path.
 */
export function callsPerGateway<T extends object, M extends jest.FunctionPropertyNames<Required<T>>>(service: abstract new (...args: never[]) => T, method: M): CallsPerGateway {
  const spy = jest.spyOn(service.prototype as T, method);
  return {
    count: (gw) => {
      const instance = gw.app.get(service);
      return spy.mock.contexts.filter((context) => context === instance).length;
    },
    restore: () => spy.mockRestore(),
  };
}
