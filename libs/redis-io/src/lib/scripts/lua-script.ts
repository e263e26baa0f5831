import type { RedisClient as Redis } from '../redis-target';

/** A Lua script shipped as a TypeScript string module (no build step copies `.lua` files). */
export interface LuaScript {
  /** ioredis command name it is registered under. */
  readonly name: string;
  readonly numberOfKeys: number;
  /** Source, opening with a header listing KEYS, ARGV and the return value. */
  readonly lua: string;
}

/** Calls a registered script: KEYS first, then ARGV (arrays are flattened, so a big call can pass one array). */
export type ScriptCall = (...keysAndArgs: (string | Buffer | number | readonly (string | Buffer | number)[])[]) => Promise<unknown>;

type WithScripts = Redis & Record<string, ScriptCall | undefined>;

/**
 * Registers `script` on the connection (ioredis `defineCommand`: EVALSHA of the pre-computed SHA,
 * EVAL when the server answers NOSCRIPT, e.g. after a restart) and returns a caller. With `buffers`,
 * bulk replies come back as Buffers.
 */
export function scriptCaller(redis: Redis, script: LuaScript, buffers = false): ScriptCall {
  const scripted = redis as WithScripts;
  if (typeof scripted[script.name] !== 'function') {
    redis.defineCommand(script.name, { lua: script.lua, numberOfKeys: script.numberOfKeys });
  }
  const call = scripted[buffers ? `${script.name}Buffer` : script.name];
  if (call === undefined) {
    throw new Error(`script ${script.name} could not be registered`);
  }
  return call.bind(redis);
}
