export { RedisKeys } from './lib/redis-keys';
export type { RedisKeysOptions } from './lib/redis-keys';
