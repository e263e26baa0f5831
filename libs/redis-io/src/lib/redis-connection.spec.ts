// Covers RedisConnection on a real server: one report per reachability change, readiness probe and QUIT deadlines, whenReady; and withDeadline.
import { expectEventually, startRedisServer, type RedisServer } from '@coffee/testing';
import { describeConnectionChange, RedisConnection, type RedisConnectionChange } from './redis-connection';
import { withDeadline } from './with-deadline';

describe('withDeadline', () => {
  it.each([
    ['settles first: its value', Promise.resolve('value'), 'value'],
    ['late: the value onLate gives', new Promise<string>(() => undefined), 'late'],
  ])('%s', async (_case, promise, expected) => {
    await expect(withDeadline(promise, 20, () => 'late')).resolves.toBe(expected);
  });

  it('rejects with what onLate throws, and passes an earlier rejection through', async () => {
    await expect(
      withDeadline(new Promise<never>(() => undefined), 20, () => {
        throw new Error('too late');
      }),
    ).rejects.toThrow('too late');
    await expect(withDeadline(Promise.reject(new Error('own')), 1_000, () => 'late')).rejects.toThrow('own');
  });
});

describe('RedisConnection', () => {
  let server: RedisServer;
  const open: RedisConnection[] = [];
  const connect = (changes: RedisConnectionChange[] = []): RedisConnection => {
    const connection = new RedisConnection({ mode: 'single', url: server.url }, { name: 'spec', maxRetryDelayMs: 50, onChange: (change) => changes.push(change) });
    open.push(connection);
    return connection;
  };

  beforeAll(async () => {
    server = await startRedisServer({ extraArgs: ['--enable-debug-command', 'yes'] });
  });
  afterAll(async () => {
    await Promise.all(open.map((connection) => connection.close()));
    await server.stop();
  });

  it('reports up once, down once per outage however many retries fail, and up again with the time away', async () => {
    const changes: RedisConnectionChange[] = [];
    const connection = connect(changes);
    expect(await connection.whenReady(5_000)).toBe(true);
    expect(changes).toEqual([{ state: 'up', first: true }]);
    await server.kill();
    // Reconnects every 50 ms while the server is away: many errors, one report.
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(changes.filter((change) => change.state === 'down')).toHaveLength(1);
    await server.start();
    await expectEventually(() => expect(changes).toHaveLength(3));
    expect(changes[2]).toEqual({ state: 'up', first: false, downForMs: expect.any(Number) });
    expect(describeConnectionChange(changes[1], connection.where).level).toBe('warn');
    expect(describeConnectionChange(changes[2], connection.where, 'subscriber').message).toMatch(/^reconnected to Redis \(subscriber\) at redis:\/\/127\.0\.0\.1:\d+ after \d+ ms$/);
  });

  it('probe answers ok, and not ok within its deadline while the server does not answer', async () => {
    const connection = connect();
    const blocker = connect();
    expect(await connection.whenReady(5_000)).toBe(true);
    expect(await blocker.whenReady(5_000)).toBe(true);
    expect(await connection.probe([])).toEqual({ ok: true });
    const sleeping = blocker.client.call('DEBUG', 'SLEEP', '1');
    const started = performance.now();
    expect(await connection.probe([], 200)).toEqual({ ok: false, reason: 'Redis did not answer within 200 ms' });
    expect(performance.now() - started).toBeLessThan(900);
    await sleeping;
  });

  it('close drops a connection that is down at once instead of waiting for QUIT, and reports nothing after', async () => {
    const changes: RedisConnectionChange[] = [];
    const connection = connect(changes);
    expect(await connection.whenReady(5_000)).toBe(true);
    await server.kill();
    await expectEventually(() => expect(connection.ready).toBe(false));
    const started = performance.now();
    await connection.close();
    expect(performance.now() - started).toBeLessThan(500);
    await server.start();
    // Dropped for good: it does not reconnect to the server that is back.
    expect(await connection.whenReady(300)).toBe(false);
    expect(changes.filter((change) => change.state === 'up')).toHaveLength(1);
  });

  it('close sends QUIT on a connection that is up', async () => {
    const connection = connect();
    const observer = connect();
    expect(await connection.whenReady(5_000)).toBe(true);
    expect(await observer.whenReady(5_000)).toBe(true);
    const id = await connection.client.client('ID');
    await connection.close();
    await expectEventually(async () => expect(String(await observer.client.client('LIST'))).not.toMatch(new RegExp(`id=${id} `)));
    await expectEventually(() => expect(connection.client.status).toBe('end'));
  });
});
