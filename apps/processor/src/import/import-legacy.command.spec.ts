// Covers the import-legacy command on a real redis-server: 2014 hashes in, roll-ups, branch list, progress and summary out.
import { RedisKeys } from '@coffee/redis-io';
import { freePort, startRedisServer, type RedisServer } from '@coffee/testing';
import Redis from 'ioredis';
import { loadProcessorConfig } from '../config/processor.config';
import { runImportLegacy } from './import-legacy.command';

describe('import-legacy command', () => {
  let server: RedisServer;
  let redis: Redis;
  beforeAll(async () => {
    server = await startRedisServer();
    redis = new Redis(server.url);
  });
  afterAll(async () => {
    await redis.quit();
    await server.stop();
  });

  it('imports SaveBolt hashes and prints progress and a summary', async () => {
    const keys = new RedisKeys({ prefix: 'cmd:' });
    await redis.hset(keys.statsHash('sunae', '20141001093030', 'CustomerAgeGrades'), '2030', 3, '1020', 1);
    await redis.hset(keys.statsHash('sunae', '20141001093030', 'Orders'), 'Americano', 5);
    const config = loadProcessorConfig({ REDIS_URL: server.url, KEY_PREFIX: 'cmd:' });
    const progress: string[] = [];
    const result: string[] = [];

    await runImportLegacy(config, { retention: false, scanCount: 10 }, { progress: (l) => progress.push(l), result: (l) => result.push(l) });

    expect(await redis.smembers(keys.branchesIndex)).toEqual(['sunae']);
    expect(await redis.hgetall(keys.statsHash('*', '2014100109', 'CustomerAgeGrades'))).toEqual({ '2030': '3', '1020': '1' });
    expect(progress.at(-1)).toBe('import-legacy: 2 keys scanned, 2 window hashes, 2 imported, 0 already imported');
    expect(result.slice(1)).toEqual([
      '  old hashes imported: 2 new, 0 grown since the last run, 0 shared with Coffee Pulse',
      "  left as they are: 0 already imported, 0 Coffee Pulse's own, 0 shrunk since imported",
      '  counts added to the roll-ups: 4 orders, 5 cups; 1 branches added to the branch list',
      '  skipped: none',
    ]);
  });

  it('fails with the connection error when nothing answers at REDIS_URL', async () => {
    const config = loadProcessorConfig({ REDIS_URL: `redis://127.0.0.1:${await freePort()}` });
    const quiet = { progress: () => undefined, result: () => undefined };

    await expect(runImportLegacy(config, { retention: false, scanCount: 10 }, quiet)).rejects.toThrow(/ECONNREFUSED/);
  });
});
