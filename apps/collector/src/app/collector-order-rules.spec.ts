// Covers DEFAULT_BRANCH set and unset for file, HTTP and legacy-list input, and the future-time rule over HTTP, with the Nest app in-process on a real redis-server.
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { createRedis } from '@coffee/redis-io';
import { expectEventually, startRedisServer, type RedisServer } from '@coffee/testing';
import { deadLetters, streamLines } from '../../test/support/stream-reader';
import { startSilentCollector, type SilentCollector } from '../../test/support/collector-app';

const TOKEN = 'test-token-123';
/** The seed's section 4-2 generator variant: no branch at all. */
const noBranch = (id: string): string => `{"customerAgeGrade": "1020", "paymentMethod": "Cash", "orders": ["Americano", "Espresso"], "orderId": "${id}"}`;

interface Running extends SilentCollector {
  file: string;
}

describe('collector order rules end to end', () => {
  let server: RedisServer;
  let redis: Redis;
  let dir: string;
  const running: Running[] = [];

  async function start(defaultBranch: string | undefined): Promise<Running> {
    const file = join(dir, `${randomUUID()}.txt`);
    writeFileSync(file, '');
    const started: Running = {
      ...(await startSilentCollector(server.url, {
        ordersFiles: [file],
        ingestToken: TOKEN,
        bodyLimit: '64kb',
        legacyList: true,
        ...(defaultBranch === undefined ? {} : { defaultBranch }),
      })),
      file,
    };
    running.push(started);
    return started;
  }

  function post(target: Running, body: string): Promise<Response> {
    return fetch(`${target.base}/orders`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body });
  }

  beforeAll(async () => {
    server = await startRedisServer();
    redis = createRedis(server.url, { name: 'rules-test' });
    redis.on('error', () => undefined);
    dir = mkdtempSync(join(tmpdir(), 'collector-rules-'));
  });
  afterAll(async () => {
    for (const { app } of running) {
      await app.close();
    }
    redis.disconnect();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('DEFAULT_BRANCH unset', () => {
    let target: Running;
    beforeAll(async () => {
      target = await start(undefined);
    });

    it('HTTP: answers 202 with the line rejected MISSING_FIELD, the message naming DEFAULT_BRANCH', async () => {
      const response = await post(target, noBranch('h-1'));
      expect(response.status).toBe(202);
      const body = (await response.json()) as { accepted: number; errors: { code: string; message: string }[] };
      expect(body.accepted).toBe(0);
      expect(body.errors.map((e) => e.code)).toEqual(['MISSING_FIELD']);
      expect(body.errors[0]?.message).toContain('DEFAULT_BRANCH');
    });

    it.each([
      ['file', (t: Running) => appendFileSync(t.file, `${noBranch('f-1')}\n`), 'file:'],
      ['legacy list', (t: Running) => redis.rpush(t.keys.legacyList, noBranch('l-1')), 'CoffeeOrderQueue'],
    ])('%s: dead-letters the line MISSING_FIELD with the message naming DEFAULT_BRANCH', async (_input, write, source) => {
      await write(target);
      await expectEventually(async () => {
        const letter = (await deadLetters(redis, target.keys)).find((d) => d.source?.includes(source));
        expect(letter).toMatchObject({ code: 'MISSING_FIELD' });
        expect(letter?.message).toContain('DEFAULT_BRANCH');
      });
      expect((await streamLines(redis, target.keys)).length).toBe(0);
    });

    it('HTTP: rejects an order time beyond MAX_FUTURE_SKEW_SECONDS with TIMESTAMP_OUT_OF_RANGE, so "accepted" means "will be counted"', async () => {
      const far = '{"branch": "jeongja", "orders": ["Americano"], "paymentMethod": "Cash", "customerAgeGrade": "2030", "timestamp": "9999-12-29T00:00:00Z"}';
      const ahead = JSON.stringify({ branch: 'jeongja', orders: ['Americano'], paymentMethod: 'Cash', customerAgeGrade: '2030', timestamp: Date.now() + 3_600_000 });
      const response = await post(target, `[${far}, ${ahead}]`);
      const body = (await response.json()) as { accepted: number; errors: { index: number; code: string }[] };
      expect([response.status, body.accepted, body.errors.map((e) => [e.index, e.code])]).toEqual([202, 0, [[0, 'TIMESTAMP_OUT_OF_RANGE'], [1, 'TIMESTAMP_OUT_OF_RANGE']]]);
    });
  });

  describe('DEFAULT_BRANCH=main', () => {
    let target: Running;
    beforeAll(async () => {
      target = await start('main');
    });

    it.each([
      ['HTTP', async (t: Running) => expect((await post(t, noBranch('h-2'))).status).toBe(202), 'h-2'],
      ['file', (t: Running) => appendFileSync(t.file, `${noBranch('f-2')}\n`), 'f-2'],
      ['legacy list', (t: Running) => redis.rpush(t.keys.legacyList, noBranch('l-2')), 'l-2'],
    ])('%s: counts a line without a branch under it', async (_input, write, id) => {
      await write(target);
      await expectEventually(async () => {
        const stored = (await streamLines(redis, target.keys)).map((line) => JSON.parse(line) as { branch: string; orderId: string });
        expect(stored.find((o) => o.orderId === id)?.branch).toBe('main');
      });
      expect((await deadLetters(redis, target.keys)).filter((d) => d.raw?.includes(id))).toEqual([]);
    });
  });
});
