import { createHash } from 'node:crypto';
import type { RedisClient as Redis } from '@coffee/redis-io';

/**
 * A Lua script run with EVALSHA, falling back to EVAL (which also caches it) when the server
 * answers NOSCRIPT (first use, after a restart or SCRIPT FLUSH).
 *
 * Why not ioredis `defineCommand`: it does the same, but adds an untyped method to the caller's
 * client (typed only through a global module augmentation); this keeps the client untouched.
 */
export class LuaScript {
  /** SHA1 of the source, as Redis computes it. */
  readonly sha: string;

  constructor(
    /** Name for error messages, e.g. `apply-window-batch`. */
    readonly name: string,
    readonly source: string,
  ) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  /** Runs the script with these keys and arguments; resolves to the raw reply. */
  async run(redis: Redis, keys: readonly string[], args: readonly (string | number)[]): Promise<unknown> {
    try {
      return await redis.evalsha(this.sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (error instanceof Error && error.message.startsWith('NOSCRIPT')) {
        return redis.eval(this.source, keys.length, ...keys, ...args);
      }
      throw error;
    }
  }
}
