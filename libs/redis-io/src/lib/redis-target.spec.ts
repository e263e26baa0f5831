// Covers resolveRedisTarget / parseClusterNodes: REDIS_URL or REDIS_CLUSTER_NODES (never both), seeds, auth and TLS, clear errors.
import { describeRedisTarget, parseClusterNodes, redisTargetOf, redisTopologyProblems, resolveRedisTarget } from './redis-target';

describe('resolveRedisTarget', () => {
  it.each([
    [undefined, undefined, { mode: 'single', url: 'redis://127.0.0.1:6379' }],
    ['', '  ', { mode: 'single', url: 'redis://127.0.0.1:6379' }],
    ['redis://h:7000/2', undefined, { mode: 'single', url: 'redis://h:7000/2' }],
    [undefined, '127.0.0.1:7000,127.0.0.1:7001', { mode: 'cluster', tls: false, nodes: [{ host: '127.0.0.1', port: 7000 }, { host: '127.0.0.1', port: 7001 }] }],
  ])('REDIS_URL=%p REDIS_CLUSTER_NODES=%p', (url, nodes, expected) => {
    expect(resolveRedisTarget(url, nodes)).toEqual(expected);
  });

  it('refuses both, naming both variables and hiding the password', () => {
    const attempt = () => resolveRedisTarget('redis://:secret@h:1', 'h:2');
    expect(attempt).toThrow(/both REDIS_URL \("redis:\/\/:\*\*\*@h:1"\) and REDIS_CLUSTER_NODES are set/);
    expect(attempt).toThrow(expect.objectContaining({ code: 'INVALID_OPTION' }));
  });

  it('checks the single URL', () => {
    expect(() => resolveRedisTarget('http://h', undefined)).toThrow(/unsupported scheme/);
  });
});

describe('parseClusterNodes', () => {
  it('takes auth and TLS from URL entries, applied to every seed', () => {
    expect(parseClusterNodes('rediss://app:p%40ss@a:7000, b:7001 ,[::1]:7002')).toEqual({
      nodes: [
        { host: 'a', port: 7000 },
        { host: 'b', port: 7001 },
        { host: '::1', port: 7002 },
      ],
      username: 'app',
      password: 'p@ss',
      tls: true,
    });
  });

  it.each([
    [',', /REDIS_CLUSTER_NODES is empty/],
    ['a:70000', /port "70000"/],
    ['redis://a:7000/1', /only database 0/],
    ['redis://:x@a:1,rediss://:x@b:2', /same user, password and scheme/],
  ])('refuses %p', (text, message) => {
    expect(() => parseClusterNodes(text)).toThrow(message);
  });

  it('describes a cluster target without secrets', () => {
    expect(describeRedisTarget(resolveRedisTarget(undefined, 'redis://:pw@a:1,[::1]:2'))).toBe('redis cluster (a:1,[::1]:2)');
    expect(describeRedisTarget(resolveRedisTarget('redis://:pw@a:1', undefined))).toBe('redis://:***@a:1');
  });
});

describe('redisTopologyProblems', () => {
  it.each([
    [{}, []],
    [{ REDIS_CLUSTER_NODES: 'a:1', ORDER_SHARDS: 6 }, []],
    [{ REDIS_URL: 'redis://a:1', REDIS_CLUSTER_NODES: 'a:1' }, [expect.stringMatching(/^REDIS_URL, REDIS_CLUSTER_NODES: both/)]],
    [{ REDIS_CLUSTER_NODES: 'a:x' }, [expect.stringMatching(/^REDIS_CLUSTER_NODES: .*port "x"/)]],
    [{ ORDER_SHARDS: 3 }, [expect.stringMatching(/^ORDER_SHARDS: 3 shards need a Redis Cluster/)]],
    [{ REDIS_CLUSTER_NODES: 'a:1', KEY_PREFIX: '{x}' }, [expect.stringMatching(/^KEY_PREFIX: .*hash tag/)]],
  ])('%p', (env, problems) => {
    expect(redisTopologyProblems(env)).toEqual(problems);
  });

  it('redisTargetOf prefers the validated cluster seeds', () => {
    expect(redisTargetOf({ redisUrl: 'redis://a:1' })).toEqual({ mode: 'single', url: 'redis://a:1' });
    expect(redisTargetOf({ redisUrl: 'redis://a:1', redisClusterNodes: 'b:2' })).toEqual({ mode: 'cluster', tls: false, nodes: [{ host: 'b', port: 2 }] });
  });
});
