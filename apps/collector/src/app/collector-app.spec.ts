// Covers the Nest app in-process on a real redis-server: POST /orders (single, array, NDJSON, Idempotency-Key, 413, 415, 401, 422, 503), health, metrics and the file tail.
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { createRedis, type RedisKeys } from '@coffee/redis-io';
import { expectEventually, startRedisServer, type RedisServer } from '@coffee/testing';
import { deadLetters, streamLines, streamOrderIds } from '../../test/support/stream-reader';
import { ids, orderLine, orderLines } from '../../test/support/order-lines';
import { startSilentCollector } from '../../test/support/collector-app';

const TOKEN = 'test-token-123';

describe('collector app', () => {
  let server: RedisServer;
  let redis: Redis;
  let dir: string;
  let file: string;
  let app: INestApplication;
  let base: string;
  let keys: RedisKeys;

  beforeAll(async () => {
    server = await startRedisServer();
    redis = createRedis(server.url, { name: 'app-test' });
    redis.on('error', () => undefined);
    dir = mkdtempSync(join(tmpdir(), 'collector-app-'));
    file = join(dir, 'orders.txt');
    ({ app, base, keys } = await startSilentCollector(server.url, { ordersFiles: [file], ingestToken: TOKEN, bodyLimit: '4kb' }));
  });
  afterAll(async () => {
    await app.close();
    redis.disconnect();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  function post(body: string, contentType: string | undefined, token: string | null = TOKEN, idempotencyKey?: string): Promise<Response> {
    const headers: Record<string, string> = {};
    if (idempotencyKey !== undefined) {
      headers['idempotency-key'] = idempotencyKey;
    }
    if (contentType !== undefined) {
      headers['content-type'] = contentType;
    }
    if (token !== null) {
      headers.authorization = `Bearer ${token}`;
    }
    return fetch(`${base}/orders`, { method: 'POST', headers, body });
  }

  it('takes one JSON order, stamps it and answers 202 once it is in the stream', async () => {
    const before = Date.now();
    const response = await post(orderLine(1, 'single'), 'application/json');
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ accepted: 1, rejected: 0, errors: [] });
    const [line] = (await streamLines(redis, keys)).slice(-1);
    const stored = JSON.parse(line) as { orderId: string; timestamp: number };
    expect(stored.orderId).toBe('single-1');
    expect(stored.timestamp).toBeGreaterThanOrEqual(before);
  });

  it('takes a JSON array and reports rejected elements by index, dead-lettered with source http', async () => {
    const body = JSON.stringify([JSON.parse(orderLine(1, 'arr')), { branch: 'jeongja' }, 42, JSON.parse(orderLine(2, 'arr'))]);
    const response = await post(body, 'application/json; charset=utf-8');
    expect(response.status).toBe(202);
    const result = (await response.json()) as { accepted: number; rejected: number; errors: { index: number; code: string }[] };
    expect(result).toMatchObject({ accepted: 2, rejected: 2 });
    expect(result.errors.map((e) => [e.index, e.code])).toEqual([[1, 'MISSING_FIELD'], [2, 'NOT_AN_OBJECT']]);
    expect((await streamOrderIds(redis, keys)).slice(-2)).toEqual(['arr-1', 'arr-2']);
    const letters = (await deadLetters(redis, keys, keys.httpDeadLetterStream)).slice(-2);
    expect(letters.map((d) => [d.source, d.code])).toEqual([['http', 'MISSING_FIELD'], ['http', 'NOT_AN_OBJECT']]);
    expect(letters[0].position).toMatch(/^[0-9a-f-]{36}#1$/);
  });

  it('takes NDJSON, indexing errors by line and skipping blank lines', async () => {
    const body = `${orderLine(1, 'nd')}\n\n{"oops"\r\n${orderLine(2, 'nd')}\r\n`;
    const response = await post(body, 'application/x-ndjson');
    expect(response.status).toBe(202);
    const result = (await response.json()) as { accepted: number; errors: { index: number; code: string }[] };
    expect(result.accepted).toBe(2);
    expect(result.errors.map((e) => [e.index, e.code])).toEqual([[2, 'INVALID_JSON']]);
    expect((await streamOrderIds(redis, keys)).slice(-2)).toEqual(['nd-1', 'nd-2']);
  });

  it('stores a request with an Idempotency-Key once: a retry gets the first answer back and writes nothing', async () => {
    const body = JSON.stringify([JSON.parse(orderLine(1, 'idem')), { branch: 'x' }]);
    const first = await post(body, 'application/json', TOKEN, 'retry-me-1');
    expect(first.status).toBe(202);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const answer: unknown = await first.json();
    const [lines, letters] = [(await streamLines(redis, keys)).length, (await deadLetters(redis, keys, keys.httpDeadLetterStream)).length];
    const retry = await post(body, 'application/json', TOKEN, 'retry-me-1');
    expect(retry.status).toBe(202);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(await retry.json()).toEqual(answer);
    expect([(await streamLines(redis, keys)).length, (await deadLetters(redis, keys, keys.httpDeadLetterStream)).length]).toEqual([lines, letters]);
    expect((await streamOrderIds(redis, keys)).filter((id) => id === 'idem-1')).toHaveLength(1);
    // The same key with another body is refused; another key is another request.
    const reused = await post(orderLine(2, 'idem'), 'application/json', TOKEN, 'retry-me-1');
    expect(reused.status).toBe(422);
    expect(await reused.json()).toMatchObject({ error: 'IDEMPOTENCY_KEY_REUSED' });
    expect((await post(orderLine(2, 'idem'), 'application/json', TOKEN, 'retry-me-2')).status).toBe(202);
    expect((await streamOrderIds(redis, keys)).slice(-2)).toEqual(['idem-1', 'idem-2']);
  });

  it.each([
    ['an Idempotency-Key with a control character', () => post(orderLine(1), 'application/json', TOKEN, 'a\tb'), 400, 'INVALID_IDEMPOTENCY_KEY'],
    ['an Idempotency-Key over 255 characters', () => post(orderLine(1), 'application/json', TOKEN, 'k'.repeat(256)), 400, 'INVALID_IDEMPOTENCY_KEY'],
    ['a body over BODY_LIMIT', () => post(`${orderLine(1)}\n`.repeat(100), 'application/x-ndjson'), 413, 'PAYLOAD_TOO_LARGE'],
    ['a wrong content type', () => post(orderLine(1), 'text/plain'), 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['no content type', () => post(orderLine(1), undefined), 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['a missing token', () => post(orderLine(1), 'application/json', null), 401, 'UNAUTHORIZED'],
    ['a wrong token', () => post(orderLine(1), 'application/json', 'nope-nope-nope'), 401, 'UNAUTHORIZED'],
    ['an empty body', () => post('  ', 'application/json'), 400, 'EMPTY_BODY'],
  ])('refuses %s', async (_name, send, status, code) => {
    const length = (await streamLines(redis, keys)).length;
    const response = await send();
    expect(response.status).toBe(status);
    expect(await response.json()).toMatchObject({ statusCode: status, error: code });
    expect(await streamLines(redis, keys)).toHaveLength(length);
  });

  it('tails the configured file into the stream', async () => {
    appendFileSync(file, orderLines(0, 30, 'file'));
    await expectEventually(async () => expect((await streamOrderIds(redis, keys)).filter((id) => id.startsWith('file-'))).toEqual(ids(0, 30, 'file')));
  });

  it('serves liveness, readiness and Prometheus metrics', async () => {
    expect(await (await fetch(`${base}/health`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${base}/health/ready`);
    expect([ready.status, await ready.json()]).toEqual([200, { status: 'ok', redis: 'up' }]);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/coffee_collector_orders_accepted_total\{source="http",service="collector"\} 7/);
    expect(metrics).toMatch(/coffee_collector_orders_rejected_total\{source="http",code="MISSING_FIELD",service="collector"\} 2/);
    expect(metrics).toMatch(new RegExp(`coffee_collector_file_bytes_behind\\{file="${file.replace(/[.]/g, '\\.')}",service="collector"\\} 0`));
    expect(metrics).toContain('coffee_collector_batch_commit_seconds_bucket');
    expect(metrics).toMatch(/coffee_collector_http_ingest_requests_total\{status="415",service="collector"\} 2/);
  });

  it('answers 503 with Retry-After while Redis is down, and stores again once it is back', async () => {
    await server.kill();
    await expectEventually(async () => {
      const response = await post(orderLine(1, 'down'), 'application/json');
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(await response.json()).toMatchObject({ error: 'REDIS_UNAVAILABLE' });
    });
    const ready = await fetch(`${base}/health/ready`);
    expect(ready.status).toBe(503);
    await server.start();
    await expectEventually(async () => expect((await post(orderLine(2, 'up'), 'application/json')).status).toBe(202), { timeoutMs: 15_000 });
  });
});
