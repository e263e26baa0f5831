// Covers connections from REDIS_URL on a real server: database, ACL user, names, lazy connect, and clear errors.
import { expectEventually, freePort, startRedisServer, type RedisServer } from '@coffee/testing';
import type { Redis } from 'ioredis';
import { closeRedis } from '../../test/support/redis-io.fixtures';
import { createRedis, reconnectDelay } from './create-redis';
import { RedisIoError } from './redis-io.error';
import { waitUntilReady } from './wait-until-ready';

describe('createRedis and waitUntilReady', () => {
  let server: RedisServer;
  const open: Redis[] = [];
  const connect = (url: string, options?: Parameters<typeof createRedis>[1]): Redis => {
    const redis = createRedis(url, options);
    open.push(redis);
    return redis;
  };

  beforeAll(async () => {
    server = await startRedisServer();
    const admin = connect(server.url);
    await admin.call('ACL', 'SETUSER', 'alice', 'on', '>p@ss/w', '~*', '&*', '+@all');
  });
  afterAll(async () => {
    await Promise.all(open.map(closeRedis));
    await server.stop();
  });

  it('connects, selects the database of the path and sets the client name', async () => {
    const redis = connect(`${server.url}/3`, { name: 'collector' });
    await waitUntilReady(redis, 5_000);
    expect(await redis.ping()).toBe('PONG');
    expect(await redis.call('CLIENT', 'INFO')).toMatch(/ db=3 /);
    expect(await redis.client('GETNAME')).toBe('collector');
  });

  it('authenticates an ACL user with a percent-encoded password', async () => {
    const redis = connect(`redis://alice:p%40ss%2Fw@127.0.0.1:${server.port}/2`);
    await waitUntilReady(redis, 5_000);
    expect(await redis.call('ACL', 'WHOAMI')).toBe('alice');
  });

  it('reports a wrong password as REDIS_UNAVAILABLE without the password', async () => {
    const redis = connect(`redis://alice:wrong-secret@127.0.0.1:${server.port}`);
    const error = await waitUntilReady(redis, 500).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RedisIoError);
    expect((error as RedisIoError).code).toBe('REDIS_UNAVAILABLE');
    expect((error as RedisIoError).message).toMatch(new RegExp(`^cannot connect to redis://127\\.0\\.0\\.1:${server.port}: WRONGPASS`));
    expect((error as RedisIoError).message).not.toContain('wrong-secret');
  });

  it('connects a lazy connection on demand', async () => {
    const redis = connect(server.url, { lazyConnect: true });
    expect(redis.status).toBe('wait');
    await waitUntilReady(redis, 5_000);
    expect(redis.status).toBe('ready');
  });

  it('gives REDIS_UNAVAILABLE with host:port when the connection is refused', async () => {
    const port = await freePort();
    const redis = connect(`redis://127.0.0.1:${port}`);
    await expect(waitUntilReady(redis, 300)).rejects.toMatchObject({
      code: 'REDIS_UNAVAILABLE',
      message: `cannot connect to redis://127.0.0.1:${port}: ECONNREFUSED`,
    });
  });

  it('rejects at once when the connection was closed', async () => {
    const redis = connect(server.url);
    await waitUntilReady(redis);
    redis.disconnect();
    await expectEventually(() => expect(redis.status).toBe('end'));
    await expect(waitUntilReady(redis, 5_000)).rejects.toMatchObject({ code: 'REDIS_UNAVAILABLE', message: expect.stringContaining('closed') });
  });

  it.each([
    ['http://h', 'INVALID_URL'],
    ['redis://u:secret@h:0', 'INVALID_URL'],
  ])('throws a typed error for %s', (url, code) => {
    expect(() => createRedis(url)).toThrow(expect.objectContaining({ code }));
    expect(() => createRedis(url)).not.toThrow(/secret/);
  });

  it('refuses a connection name with spaces', () => {
    expect(() => createRedis(server.url, { name: 'my app' })).toThrow(expect.objectContaining({ code: 'INVALID_OPTION' }));
  });

  it.each([
    [1, 2_000, 40, 50],
    [2, 2_000, 80, 100],
    [5, 2_000, 640, 800],
    [6, 2_000, 1_280, 1_600],
    [7, 2_000, 1_600, 2_000],
    [500, 2_000, 1_600, 2_000],
  ])('backs off: attempt %i, cap %i → %i..%i ms', (attempt, cap, low, high) => {
    const delay = reconnectDelay(attempt, cap);
    expect(delay).toBeGreaterThanOrEqual(low);
    expect(delay).toBeLessThanOrEqual(high);
  });
});
