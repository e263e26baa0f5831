export { freePort } from './lib/free-port';
export { startRedisServer, RedisServerNotFoundError } from './lib/redis-server';
export type { RedisServer, RedisServerOptions } from './lib/redis-server';
export { expectEventually } from './lib/expect-eventually';
export type { EventuallyOptions } from './lib/expect-eventually';
export { startRedisCluster, redisCli } from './lib/redis-cluster';
export type { RedisCluster, RedisClusterOptions } from './lib/redis-cluster';
