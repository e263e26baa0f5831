/** Redis cannot be reached right now; the edge answers 503. */
export class RedisUnavailableError extends Error {
  override readonly name = 'RedisUnavailableError';

  constructor() {
    super('redis: unavailable');
  }
}
