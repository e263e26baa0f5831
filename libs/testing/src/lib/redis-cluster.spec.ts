// Covers the loopback Redis Cluster harness: 3 masters + 3 replicas on free ports, slots spread, failover by kill.
import { redisCli, startRedisCluster, type RedisCluster } from './redis-cluster';

describe('startRedisCluster', () => {
  let cluster: RedisCluster;
  beforeAll(async () => {
    cluster = await startRedisCluster();
  }, 60_000);
  afterAll(() => cluster.stop());

  it('starts 3 masters sharing all 16384 slots, each with one replica, none on 6379', async () => {
    const roles = await cluster.roles();
    const masters = [...roles.values()].filter((r) => r.role === 'master');
    const replicas = [...roles].filter(([, r]) => r.role === 'replica');
    expect(masters).toHaveLength(3);
    expect(masters.reduce((sum, m) => sum + m.slots, 0)).toBe(16384);
    expect(masters.every((m) => m.slots > 5000)).toBe(true);
    expect(new Set(replicas.map(([, r]) => r.masterPort)).size).toBe(3);
    expect(cluster.nodes.map((n) => n.port)).not.toContain(6379);
    expect(cluster.seeds.split(',')).toHaveLength(6);
  });

  it('promotes a replica when its master is killed, keeping a replicated key', async () => {
    const roles = await cluster.roles();
    const [masterPort] = [...roles].find(([, r]) => r.role === 'master') ?? [];
    const master = cluster.nodes.find((n) => n.port === masterPort);
    if (master === undefined) {
      throw new Error('no master');
    }
    // A key owned by that master (others answer MOVED), written with WAIT so the replica has it before the kill.
    let key = '';
    for (let i = 0; key === ''; i++) {
      if ((await redisCli(master.port, 'SET', `k${i}`, 'v')) === 'OK\n') {
        key = `k${i}`;
      }
    }
    expect(await redisCli(master.port, 'WAIT', '1', '2000')).toBe('1\n');
    await master.kill();
    await cluster.waitHealthy(20_000);
    const after = await cluster.roles();
    const promoted = [...after].find(([port, r]) => r.role === 'master' && roles.get(port)?.role === 'replica');
    expect(promoted).toBeDefined();
    expect(await redisCli(promoted?.[0] ?? 0, 'GET', key)).toBe('v\n');
  }, 60_000);
});
