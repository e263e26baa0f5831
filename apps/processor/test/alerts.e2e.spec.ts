// Covers alerts end to end: generator scenario → orders stream → built processors (3, one killed mid-run, one started late) → the alerts stream holds exactly the truth's alert events once each; re-evaluating every window adds none; the webhook delivers each once despite failing first attempts.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Windowing, parseAlertRules, alertSeriesLength } from '@coffee/aggregation';
import { RedisKeys } from '@coffee/redis-io';
import { expectEventually } from '@coffee/testing';
import { Registry } from 'prom-client';
import { AlertCountsReader } from '../src/alerts/alert-counts.reader';
import { AlertStage } from '../src/alerts/alert-stage';
import { AlertStreamWriter } from '../src/alerts/alert-stream.writer';
import { AlertMetrics } from '../src/alerts/alert.metrics';
import { GroupProgress } from '../src/alerts/group-progress';
import { appendLines, assertDrained, metricValue, readLines, runGenerator, startProcessor, useProcessorSuite, waitForHealth } from './support/processor-harness';

jest.setTimeout(240_000);

interface TruthWithAlerts {
  orders: number;
  alerts: { id: string; windowStart: number }[];
}

const SIZE = 30_000;
const quiet = { log: (): void => undefined, warn: (): void => undefined, error: (): void => undefined };

describe('alerts end to end', () => {
  const suite = useProcessorSuite('processor-alerts-');
  let hook: Server;
  /** Webhook requests: idempotency key and answer status; the first two attempts per key fail. */
  const posts: { key: string; status: number }[] = [];

  beforeAll(async () => {
    hook = createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        const key = String(request.headers['idempotency-key']);
        const status = posts.filter((post) => post.key === key).length < 2 ? 503 : 204;
        posts.push({ key, status });
        response.writeHead(status).end();
      });
    });
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
  });

  afterAll(async () => {
    await new Promise((resolve) => hook.close(resolve));
  });

  it('writes exactly the scenario truth once per alert, across processors, a kill and a replay, and posts each once', async () => {
    const keys = new RedisKeys({ prefix: 'e2e-alerts:' });
    const start = Math.floor((Date.now() - 3 * 3600_000) / 3600_000) * 3600_000;
    await runGenerator([
      '--rate', 'max', '--count', String(4 * 60 * 40), '--seed', '11', '--timestamps', '--start', String(start), '--interval-ms', '250',
      '--scenario', 'silent:sunae@10m+5m,spike:jeongja@20m+1m*5,drop:migeum@30m+2m*0.1',
      '--out', join(suite.dir, 'alerts.txt'), '--truth', join(suite.dir, 'alerts-truth.json'),
    ]);
    const truth = JSON.parse(readFileSync(join(suite.dir, 'alerts-truth.json'), 'utf8')) as TruthWithAlerts;
    const expected = truth.alerts.map((alert) => alert.id).sort();
    expect(expected).toEqual(expect.arrayContaining([`silent:sunae:${start + 750_000}`, `spike:jeongja:${start + 1_200_000}`, `drop:migeum:${start + 1_800_000}`]));
    // Nothing can fire in the first 6 minutes (no history yet): a processor killed then has written no alert.
    expect(truth.alerts.every((alert) => alert.windowStart >= start + 360_000)).toBe(true);

    const env = {
      REDIS_URL: suite.server.url,
      KEY_PREFIX: keys.prefix,
      BATCH_ENTRIES: '1',
      IDLE_CLOSE_MS: '1000',
      CLAIM_IDLE_MS: '2000',
      ALERT_CHECK_INTERVAL_MS: '100',
      ALERT_WEBHOOK_URL: `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`,
      ALERT_WEBHOOK_BASE_DELAY_MS: '20',
    };
    const lines = readLines(join(suite.dir, 'alerts.txt'));
    const early = lines.findIndex((line) => (JSON.parse(line) as { timestamp: number }).timestamp >= start + 360_000);
    const processors = await Promise.all(['a1', 'a2', 'a3'].map((name) => startProcessor({ ...env, CONSUMER_NAME: name })));
    await Promise.all(processors.map((processor) => waitForHealth(processor)));
    const [, , doomed] = processors;
    if (doomed === undefined) {
      throw new Error('three processors expected');
    }
    await appendLines(suite.redis, keys, lines.slice(0, early), 500);
    await expectEventually(async () => expect(await metricValue(doomed, 'coffee_processor_orders_processed_total')).toBeGreaterThan(0), { timeoutMs: 30_000 });
    await doomed.stop('SIGKILL');
    const late = await startProcessor({ ...env, CONSUMER_NAME: 'a4' });
    await waitForHealth(late);
    await appendLines(suite.redis, keys, lines.slice(early), 500);

    await expectEventually(() => assertDrained(suite.redis, keys), { timeoutMs: 90_000, intervalMs: 200 });
    const streamIds = async (): Promise<string[]> => (await suite.redis.xrange(keys.alertsStream, '-', '+')).map(([, fields]) => fields[1] ?? '').sort();
    await expectEventually(async () => expect(await streamIds()).toEqual(expected), { timeoutMs: 60_000, intervalMs: 200 });

    // A replay of the evaluation over every stored window (a fresh stage, as a new processor would run it) adds nothing.
    const windowing = new Windowing({ windowSizeMs: SIZE, timeZone: 'Asia/Seoul' });
    const rules = parseAlertRules(undefined);
    const metrics = new AlertMetrics(new Registry());
    const replay = new AlertStage({
      rules,
      windowSizeMs: SIZE,
      datestring: (at) => windowing.datestring(at, windowing.baseResolution),
      reader: new AlertCountsReader(suite.redis, keys, windowing, alertSeriesLength(rules)),
      writer: new AlertStreamWriter(suite.redis, keys, { maxLen: 10_000, idTtlSeconds: 3_600 }),
      progress: new GroupProgress(suite.redis, keys),
      onWritten: () => undefined,
      metrics,
      logger: quiet,
      maxCatchUpWindows: 1_000,
      maxQueuedWindows: 10,
      checkIntervalMs: 100,
    });
    const last = Math.max(...lines.map((line) => (JSON.parse(line) as { timestamp: number }).timestamp));
    replay.closed([{ branch: '*', start: Math.floor(last / SIZE) * SIZE }]);
    await replay.check();
    await replay.stop();
    expect((await metrics.evaluatedWindows.get()).values[0]?.value).toBe(80);
    expect((await metrics.duplicateEvents.get()).values[0]?.value).toBe(expected.length);
    expect(await streamIds()).toEqual(expected);

    // The webhook: each alert posted until accepted, then never again.
    await expectEventually(() => expect(posts.filter((post) => post.status === 204).map((post) => post.key).sort()).toEqual(expected), { timeoutMs: 60_000 });
    for (const id of expected) {
      expect(posts.filter((post) => post.key === id)).toHaveLength(3);
    }
    for (const processor of [...processors.slice(0, 2), late]) {
      expect(await processor.stop('SIGTERM')).toBe(0);
    }
  });
});
