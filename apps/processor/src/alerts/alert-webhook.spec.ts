// Covers AlertWebhook against a local HTTP server: retries with exponential backoff and jitter, one delivery per alert id (Idempotency-Key), giving up, a full queue.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AlertEvent } from '@coffee/aggregation';
import { Registry } from 'prom-client';
import { AlertMetrics } from './alert.metrics';
import { AlertWebhook, type WebhookScheduler } from './alert-webhook';
import type { AlertWebhookConfig } from '../config/alerts.config';

interface Received {
  key: string | undefined;
  body: AlertEvent;
  status: number;
}

function event(branch: string): AlertEvent {
  return { id: `spike:${branch}:0`, rule: 'spike', branch, state: 'open', windowStart: 0, windowEnd: 30_000, date: 'd', value: 99 };
}

const logger = { log: (): void => undefined, warn: (): void => undefined, error: (): void => undefined };

describe('AlertWebhook', () => {
  let server: Server;
  let url: string;
  let received: Received[];
  /** Failures to answer per id before a 204. */
  let failFirst: number;

  beforeAll(async () => {
    server = createServer((request, response) => {
      let text = '';
      request.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      request.on('end', () => {
        const key = request.headers['idempotency-key'] as string | undefined;
        const attempts = received.filter((r) => r.key === key).length;
        const status = attempts < failFirst ? 503 : 204;
        received.push({ key, body: JSON.parse(text) as AlertEvent, status });
        response.writeHead(status).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  beforeEach(() => {
    received = [];
  });

  function webhook(config: Partial<AlertWebhookConfig>, delays: number[] = []): { hook: AlertWebhook; metrics: AlertMetrics } {
    const metrics = new AlertMetrics(new Registry());
    const scheduler: WebhookScheduler = {
      sleep: (ms) => {
        delays.push(ms);
        return Promise.resolve();
      },
      random: () => 0.5,
    };
    const full: AlertWebhookConfig = { url, queueSize: 100, maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 300, timeoutMs: 5_000, ...config };
    return { hook: new AlertWebhook(full, metrics, logger, scheduler), metrics };
  }

  const count = async (metrics: AlertMetrics, outcome: string): Promise<number> =>
    (await metrics.webhook.get()).values.find((value) => value.labels.outcome === outcome)?.value ?? 0;

  it('retries a failing receiver with growing jittered delays and delivers each alert once, keyed by its id', async () => {
    failFirst = 2;
    const delays: number[] = [];
    const { hook, metrics } = webhook({}, delays);
    hook.enqueue([event('a'), event('b')]);
    await hook.idle();
    const delivered = received.filter((r) => r.status === 204);
    expect(delivered.map((r) => r.key)).toEqual(['spike:a:0', 'spike:b:0']);
    expect(delivered.map((r) => r.body.branch)).toEqual(['a', 'b']);
    expect(received).toHaveLength(6);
    // Full jitter (random 0.5) of 100, 200 (doubling), per alert.
    expect(delays).toEqual([50, 100, 50, 100]);
    expect(await count(metrics, 'delivered')).toBe(2);
    expect(await count(metrics, 'retried')).toBe(4);
  });

  it('caps the delay and gives up after the allowed attempts, counting the failure', async () => {
    failFirst = 1_000;
    const delays: number[] = [];
    const { hook, metrics } = webhook({ maxAttempts: 4 }, delays);
    hook.enqueue([event('a')]);
    await hook.idle();
    expect(received).toHaveLength(4);
    expect(delays).toEqual([50, 100, 150]);
    expect(await count(metrics, 'failed')).toBe(1);
  });

  it('drops alerts beyond the queue size instead of growing', async () => {
    failFirst = 0;
    const { hook, metrics } = webhook({ queueSize: 2 });
    hook.enqueue([event('a'), event('b'), event('c'), event('d')]);
    await hook.idle();
    expect(await count(metrics, 'dropped')).toBe(2);
    expect(received.map((r) => r.key)).toEqual(['spike:a:0', 'spike:b:0']);
  });
});
