// Covers issue 14 rows 3, 4, 6, 7, 8, 9, 10 and 11 over HTTP on a real redis-server: far-future order times rejected as the processor would, array bodies judged like single and NDJSON bodies, per-request caps (413/422), bounded receipts and answers, HTTP dead letters in their own capped stream, prototype-like names kept as they are, the reserved branch all, full rawBytes.
import type { Redis } from 'ioredis';
import { createRedis } from '@coffee/redis-io';
import { startRedisServer, type RedisServer } from '@coffee/testing';
import { asArrayBody, asNdjsonBody, generateInput, seededRandom } from './support/hostile-orders';
import { postOrders, startTestCollector, type TestCollector } from './support/collector-app';
import { deadLetters, streamLines } from './support/stream-reader';

// Each test starts a collector on real Redis; on a loaded shared machine that alone can take seconds.
jest.setTimeout(60_000);

const VALID = '{"branch":"jeongja","orders":["Americano"],"paymentMethod":"Cash","customerAgeGrade":"2030"}';
const NDJSON = { 'content-type': 'application/x-ndjson' };

interface Answer {
  accepted: number;
  rejected: number;
  errors: { index: number; code: string; message: string }[];
}

describe('HTTP ingest under hostile input', () => {
  let server: RedisServer;
  let redis: Redis;
  const running: TestCollector[] = [];

  beforeAll(async () => {
    server = await startRedisServer();
    redis = createRedis(server.url, { name: 'limits-test' });
  });
  afterAll(async () => {
    await Promise.all(running.map((collector) => collector.close()));
    redis.disconnect();
    await server.stop();
  });

  async function collector(env: Record<string, string> = {}): Promise<TestCollector> {
    const started = await startTestCollector(server.url, env);
    running.push(started);
    return started;
  }

  async function totals(c: TestCollector): Promise<[number, number, number]> {
    return [(await streamLines(redis, c.keys)).length, await redis.xlen(c.keys.httpDeadLetterStream), await redis.xlen(c.keys.deadLetterStream)];
  }

  it('row 8: an array element with a 1e400 timestamp, invalid UTF-8 or 5 000-deep nesting is rejected as it is alone or in NDJSON; a leading BOM is fine', async () => {
    const c = await collector();
    const hostile = [
      Buffer.from(`${VALID.slice(0, -1)},"timestamp":1e400}`),
      Buffer.concat([Buffer.from('{"branch":"'), Buffer.from([0xc3]), Buffer.from(`x${VALID.slice(11)}`)]),
      Buffer.from(`${VALID.slice(0, -1)},"x":${'['.repeat(5_000)}${']'.repeat(5_000)}}`),
    ];
    const inputs = [Buffer.from(VALID), ...hostile, Buffer.from(VALID)];
    const array = await postOrders(c, asArrayBody(seededRandom(1), inputs, true));
    expect(array.status).toBe(202);
    const arrayAnswer = (await array.json()) as Answer;
    expect(arrayAnswer).toMatchObject({ accepted: 2, rejected: 3 });
    expect(arrayAnswer.errors.map((e) => [e.index, e.code])).toEqual([[1, 'INVALID_TIMESTAMP'], [2, 'INVALID_UTF8'], [3, 'TOO_DEEP']]);
    const ndjson = await postOrders(c, asNdjsonBody(inputs, true), NDJSON);
    expect(((await ndjson.json()) as Answer).errors).toEqual(arrayAnswer.errors);
    for (const [k, input] of hostile.entries()) {
      const single = await postOrders(c, input);
      expect(single.status).toBe(202);
      expect(((await single.json()) as Answer).errors.map((e) => e.message)).toEqual([arrayAnswer.errors[k].message]);
    }
    expect(await totals(c)).toEqual([4, 9, 0]);
    expect((await deadLetters(redis, c.keys, c.keys.httpDeadLetterStream)).slice(0, 3).map((d) => [d.source, d.code])).toEqual([
      ['http', 'INVALID_TIMESTAMP'],
      ['http', 'INVALID_UTF8'],
      ['http', 'TOO_DEEP'],
    ]);
  });

  // A far-future order's message names how far ahead of the receive clock it is, which moves between requests.
  const clockFree = (answer: Answer): Answer => ({ ...answer, errors: answer.errors.map((e) => ({ ...e, message: e.message.replace(/is \d+ s ahead/, 'is N s ahead') })) });

  it('row 8: 200 generated orders get the same answer as one array, as NDJSON and (the first 25) one by one', async () => {
    const c = await collector({ MAX_LINE_BYTES: '8192' });
    const random = seededRandom(14);
    const inputs = Array.from({ length: 200 }, () => generateInput(random, 8_192));
    const array = clockFree((await (await postOrders(c, asArrayBody(random, inputs, false))).json()) as Answer);
    const ndjson = clockFree((await (await postOrders(c, asNdjsonBody(inputs, true), NDJSON)).json()) as Answer);
    expect(ndjson).toEqual(array);
    expect(array.rejected).toBeGreaterThan(30);
    for (const [index, input] of inputs.slice(0, 25).entries()) {
      const single = clockFree((await (await postOrders(c, input)).json()) as Answer);
      const expected = array.errors.filter((e) => e.index === index).map(({ code, message }) => ({ index: 0, code, message }));
      expect(single.errors).toEqual(expected);
    }
  });

  it('row 7: a request over MAX_INPUTS_PER_REQUEST gets 413 and one over MAX_REJECTED_PER_REQUEST 422, storing nothing', async () => {
    const c = await collector();
    const rejects = '1\n'.repeat(21_000);
    const tooMany = await postOrders(c, rejects, NDJSON);
    expect(tooMany.status).toBe(413);
    expect(await tooMany.json()).toMatchObject({ error: 'TOO_MANY_INPUTS', message: expect.stringMatching(/more than 10000 inputs \(MAX_INPUTS_PER_REQUEST\)/) });
    const c2 = await collector({ MAX_INPUTS_PER_REQUEST: '25000' });
    const tooManyRejected = await postOrders(c2, `${VALID}\n${rejects}`, NDJSON);
    expect(tooManyRejected.status).toBe(422);
    expect(await tooManyRejected.json()).toMatchObject({ error: 'TOO_MANY_REJECTED', message: expect.stringMatching(/more than 1000 .*MAX_REJECTED_PER_REQUEST.*nothing was stored/) });
    expect(await totals(c)).toEqual([0, 0, 0]);
    expect(await totals(c2)).toEqual([0, 0, 0]);
  });

  it('row 7: when allowed, 21 000 rejected inputs are all dead-lettered (in chunks) and the answer lists MAX_ERRORS_LISTED of them', async () => {
    const c = await collector({ MAX_INPUTS_PER_REQUEST: '25000', MAX_REJECTED_PER_REQUEST: '25000', MAX_ERRORS_LISTED: '20' });
    const response = await postOrders(c, `${VALID}\n${'1\n'.repeat(21_000)}`, NDJSON);
    expect(response.status).toBe(202);
    const answer = (await response.json()) as Answer;
    expect(answer).toMatchObject({ accepted: 1, rejected: 21_000 });
    expect(answer.errors).toHaveLength(20);
    expect(answer.errors[0]).toMatchObject({ index: 1, code: 'NOT_AN_OBJECT' });
    expect(await totals(c)).toEqual([1, 21_000, 0]);
    expect(await redis.ping()).toBe('PONG');
  });

  it('row 6: the receipt of an Idempotency-Key keeps the counts and at most MAX_ERRORS_LISTED errors; a retry gets that answer', async () => {
    const c = await collector({ MAX_ERRORS_LISTED: '10' });
    const body = `${VALID}\n${'{"branch":"x"}\n'.repeat(900)}`;
    const first = await postOrders(c, body, { ...NDJSON, 'idempotency-key': 'row-6' });
    const answer = (await first.json()) as Answer;
    expect(answer).toMatchObject({ accepted: 1, rejected: 900 });
    expect(answer.errors).toHaveLength(10);
    const receiptKeys = await redis.keys(`${c.keys.prefix}coffee:ingest:*`);
    expect(receiptKeys).toHaveLength(1);
    const receipt = JSON.parse((await redis.get(receiptKeys[0])) ?? '{}') as { result: Answer };
    expect(receipt.result).toEqual(answer);
    expect(await redis.strlen(receiptKeys[0])).toBeLessThan(2_000);
    const retry = await postOrders(c, body, { ...NDJSON, 'idempotency-key': 'row-6' });
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(await retry.json()).toEqual(answer);
    expect(await totals(c)).toEqual([1, 900, 0]);
  });

  it('row 7: HTTP dead letters live in their own capped stream: a flood evicts only HTTP letters, counted by a metric', async () => {
    const c = await collector({ HTTP_DEAD_LETTER_MAX_LENGTH: '100', MAX_REJECTED_PER_REQUEST: '5000', RATE_LIMIT_PER_SECOND: '0' });
    await redis.xadd(c.keys.deadLetterStream, '*', 'raw', 'file evidence', 'code', 'INVALID_JSON', 'message', 'm', 'source', 'file:/x', 'position', 'p', 'rawBytes', '13');
    for (let round = 0; round < 5; round++) {
      expect((await postOrders(c, '2\n'.repeat(300), NDJSON)).status).toBe(202);
    }
    const httpLength = await redis.xlen(c.keys.httpDeadLetterStream);
    expect(httpLength).toBeLessThan(1_500);
    expect(await deadLetters(redis, c.keys)).toEqual([expect.objectContaining({ raw: 'file evidence' })]);
    const metrics = await (await fetch(`${c.base}/metrics`)).text();
    const evicted = /coffee_collector_dead_letters_evicted_total\{stream="http",service="collector"\} (\d+)/.exec(metrics);
    expect(Number(evicted?.[1])).toBe(1_500 - httpLength);
  });

  it('row 11: a dead letter keeps 4 KiB of raw and the full size in rawBytes, for rejected and for too-long inputs', async () => {
    const c = await collector();
    const long = `{"branch":"jeongja","note":"${'n'.repeat(10_000)}"}`;
    const tooLong = `{"branch":"jeongja","note":"${'n'.repeat(70_000)}"}`;
    const response = await postOrders(c, `${long}\n${tooLong}`, NDJSON);
    expect(((await response.json()) as Answer).errors.map((e) => e.code)).toEqual(['MISSING_FIELD', 'LINE_TOO_LONG']);
    const [first, second] = await deadLetters(redis, c.keys, c.keys.httpDeadLetterStream);
    expect([Buffer.byteLength(first.raw), first.rawBytes]).toEqual([4_096, String(long.length)]);
    expect([Buffer.byteLength(second.raw), second.rawBytes]).toEqual([4_096, String(tooLong.length)]);
  });

  const order = (fields: Record<string, unknown>): string => JSON.stringify({ branch: 'jeongja', orders: ['Americano'], paymentMethod: 'Cash', customerAgeGrade: '2030', ...fields });

  it('rows 3 and 4: order times past MAX_FUTURE_SKEW_SECONDS, up to the last instant a Date holds, are rejected and dead-lettered, never accepted', async () => {
    const c = await collector();
    // Up to 9999-12-30 (the latest time any reader accepts): beyond the future rule; past it: not a valid order time.
    const cases: [string | number, string][] = [
      ['9999-12-29T00:00:00Z', 'TIMESTAMP_OUT_OF_RANGE'],
      ['9999-12-30T00:00:00Z', 'TIMESTAMP_OUT_OF_RANGE'],
      ['9999-12-31T23:59:59.999Z', 'INVALID_TIMESTAMP'],
      [Date.UTC(9999, 11, 30, 12), 'INVALID_TIMESTAMP'],
      [8.64e15, 'INVALID_TIMESTAMP'],
      ['+275760-09-13T00:00:00Z', 'INVALID_TIMESTAMP'],
      [Date.now() + 3_600_000, 'TIMESTAMP_OUT_OF_RANGE'],
    ];
    const far = cases.map(([timestamp]) => timestamp);
    const expected = cases.map(([, code]) => code);
    const inputs = [order({ orderId: 'on-time' }), ...far.map((timestamp, n) => order({ orderId: `far-${n}`, timestamp }))];
    for (const [body, headers] of [[`[${inputs.join(',')}]`, {}], [inputs.join('\n'), NDJSON]] as const) {
      const response = await postOrders(c, body, headers);
      const answer = (await response.json()) as Answer;
      expect([response.status, answer.accepted, answer.rejected]).toEqual([202, 1, far.length]);
      expect(answer.errors.map((e) => [e.index, e.code])).toEqual(expected.map((code, n) => [n + 1, code]));
      expect(answer.errors[0]?.message).toMatch(/MAX_FUTURE_SKEW_SECONDS/);
    }
    expect((await streamLines(redis, c.keys)).map((line) => (JSON.parse(line) as { orderId: string }).orderId)).toEqual(['on-time', 'on-time']);
    const letters = await deadLetters(redis, c.keys, c.keys.httpDeadLetterStream);
    expect(letters.map((d) => d.code)).toEqual([...expected, ...expected]);
  });

  it('row 9: __proto__, constructor and hasOwnProperty as branch and coffee names are accepted and stored as they are', async () => {
    const c = await collector();
    const names = ['__proto__', 'constructor', 'hasOwnProperty'];
    const inputs = names.map((name) => order({ branch: name, orders: [name, 'Americano'], paymentMethod: name }));
    const response = await postOrders(c, inputs.join('\n'), NDJSON);
    expect(((await response.json()) as Answer).accepted).toBe(3);
    const stored = (await streamLines(redis, c.keys)).map((line) => JSON.parse(line) as { branch: string; orders: string[]; paymentMethod: string });
    expect(stored.map((o) => [o.branch, o.orders, o.paymentMethod])).toEqual(names.map((name) => [name, [name, 'Americano'], name]));
  });

  it('row 10: the reserved branch names all and * are rejected INVALID_BRANCH and dead-lettered, in every body form', async () => {
    const c = await collector();
    const reserved = [order({ branch: 'all' }), order({ branch: '*' })];
    for (const [body, headers] of [[reserved[0], {}], [`[${reserved.join(',')}]`, {}], [reserved.join('\n'), NDJSON]] as const) {
      const answer = (await (await postOrders(c, body, headers)).json()) as Answer;
      expect(answer.accepted).toBe(0);
      expect(answer.errors.every((e) => e.code === 'INVALID_BRANCH')).toBe(true);
    }
    expect(await totals(c)).toEqual([0, 5, 0]);
    expect((await deadLetters(redis, c.keys, c.keys.httpDeadLetterStream)).map((d) => d.code)).toEqual(Array.from({ length: 5 }, () => 'INVALID_BRANCH'));
  });
});
