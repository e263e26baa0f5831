// Covers the cluster key layout on a real 3-master Redis Cluster: every key of each atomic script in one slot (CLUSTER KEYSLOT = keySlot), shards on all masters, checkpointed appends exactly once per shard, truthful readiness.
import { redisCli, startRedisCluster, type RedisCluster } from '@coffee/testing';
import { Cluster, Redis } from 'ioredis';
import { createRedisClient, keySlot, OrderStreamSink, probeRedis, RedisKeys, resolveRedisTarget, waitUntilReady, type RedisClient } from '../src/index';
import { orderLines } from './support/redis-io.fixtures';

/** The keys each atomic script (or MULTI) of the pipeline takes, for one shard's layout. */
function atomicSteps(keys: RedisKeys): [string, string[]][] {
  const types = ['CustomerAgeGrades', 'PaymentMethods', 'Orders'] as const;
  return [
    ['append-orders-with-checkpoint (file)', [keys.ordersStream, keys.deadLetterStream, keys.collectorOffsets]],
    ['append-orders-with-checkpoint (HTTP once)', [keys.ordersStream, keys.httpDeadLetterStream, keys.ingestReceipt('9f86d081884c7d65')]],
    [
      'apply-window-batch',
      [
        keys.ordersStream,
        keys.branchesIndex,
        ...types.map((type) => keys.statsHash('jeongja', '20141001093030', type)),
        ...types.map((type) => keys.statsHash('*', '201410010930', type)),
        keys.windowsIndex('jeongja', '30s'),
        keys.windowsIndex('*', '1m'),
      ],
    ],
    ['remove-idle-consumers', [keys.ordersStream]],
    ['write-alert-events', [keys.alertsStream, keys.alertMarker('spike:jeongja:1412123400000')]],
  ];
}

describe('cluster key layout', () => {
  let cluster: RedisCluster;
  let client: RedisClient;
  const opened: RedisClient[] = [];
  let masterPorts: number[];
  let node: Redis;

  beforeAll(async () => {
    cluster = await startRedisCluster();
    client = createRedisClient(resolveRedisTarget(undefined, cluster.seeds), { name: 'layout-test' });
    opened.push(client);
    await waitUntilReady(client, 10_000);
    masterPorts = [...(await cluster.roles())].filter(([, r]) => r.role === 'master').map(([port]) => port);
    node = new Redis({ port: masterPorts[0] ?? 0, host: '127.0.0.1' });
    opened.push(node);
  }, 90_000);

  afterAll(async () => {
    for (const connection of opened) {
      connection.disconnect();
    }
    await cluster?.stop();
  });

  it('is a Cluster client for REDIS_CLUSTER_NODES', () => {
    expect(client).toBeInstanceOf(Cluster);
  });

  const layouts = [3, 6].flatMap((shards) => new RedisKeys({ prefix: 'layout:' }).shardKeys(shards, true).map((keys, shard) => ({ shards, shard, keys })));
  it.each(layouts.flatMap(({ shards, shard, keys }) => atomicSteps(keys).map(([step, stepKeys]) => ({ label: `${step}, shard ${shard} of ${shards}`, stepKeys }))))(
    '$label: one slot, as CLUSTER KEYSLOT says',
    async ({ stepKeys }) => {
      const slots = await Promise.all(stepKeys.map(async (key) => Number(await node.cluster('KEYSLOT', key))));
      expect(new Set(slots).size).toBe(1);
      expect(stepKeys.map((key) => keySlot(key))).toEqual(slots);
    },
  );

  it('spreads 3 shards over the 3 masters, each append exactly once per checkpoint', async () => {
    const shardKeys = new RedisKeys({ prefix: 'spread:' }).shardKeys(3, true);
    for (const [shard, keys] of shardKeys.entries()) {
      const sink = new OrderStreamSink(client, keys);
      const next = { sourceId: `file-${shard}`, fileId: '1:2', offset: 100 };
      const first = await sink.append({ lines: orderLines(5, shard * 10), checkpoint: { expected: null, next } });
      expect(first.entryIds).toHaveLength(1);
      const resent = await sink.append({ lines: orderLines(5, shard * 10), checkpoint: { expected: null, next } });
      expect(resent).toEqual({ entryIds: [], alreadyCommitted: true });
      expect(await sink.readPosition(`file-${shard}`)).toEqual(next);
    }
    const perMaster = await Promise.all(masterPorts.map(async (port) => Number((await redisCli(port, 'DBSIZE')).trim())));
    expect(perMaster).toHaveLength(3);
    expect(perMaster.every((count) => count >= 2)).toBe(true);
  });

  it('waits for each shard master\'s replica when asked (WAIT goes to the slot\'s master)', async () => {
    for (const keys of new RedisKeys({ prefix: 'wait:' }).shardKeys(3, true)) {
      const sink = new OrderStreamSink(client, keys, { replicaWait: { timeoutMs: 5_000 } });
      const result = await sink.append({ lines: orderLines(2), checkpoint: { expected: null, next: { sourceId: 's', fileId: '1:1', offset: 2 } } });
      expect(result.entryIds).toHaveLength(1);
    }
  });

  it('readiness: a cluster client is ready; a one-node client on a cluster node is not, and says why', async () => {
    expect(await probeRedis(client, new RedisKeys({ prefix: 'p:' }).shardKeys(3, true).map((keys) => keys.ordersStream))).toEqual({ ok: true });
    const single = createRedisClient(resolveRedisTarget(`redis://127.0.0.1:${masterPorts[1] ?? 0}`, undefined), { name: 'wrong-mode' });
    opened.push(single);
    expect(single).toBeInstanceOf(Redis);
    await waitUntilReady(single);
    const probe = await probeRedis(single, [new RedisKeys().ordersStream]);
    expect(probe).toEqual({ ok: false, reason: expect.stringMatching(/set REDIS_CLUSTER_NODES/) });
  });
});
