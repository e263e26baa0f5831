import type { RedisClient as Redis } from '../redis-target';

/** A Lua script shipped as a TypeScript string module (no build step copies `.lua` files). */
export interface LuaScript {
  /** ioredis command name it is registered under. */
  readonly name: string;
  /** How many KEYS every call passes; omitted for a script with a variable key count (each call then passes the count first). */
  readonly numberOfKeys?: number;
  /** Source, opening with a header listing KEYS, ARGV and the return value. */
  readonly lua: string;
}

/** Calls a registered script: KEYS first, then ARGV (arrays are flattened, so a big call can pass one array). */
export type ScriptCall = (...keysAndArgs: (string | Buffer | number | readonly (string | Buffer | number)[])[]) => Promise<unknown>;

type WithScripts = Redis & Record<string, ScriptCall | undefined>;

/**
 * The one way this workspace runs Lua (redis-io's own scripts and `@coffee/stats-store`'s):
 * registers `script` on the connection (ioredis `defineCommand`: EVALSHA of the pre-computed SHA,
 * EVAL when the server answers NOSCRIPT, e.g. after a restart or `SCRIPT FLUSH`) and returns a
 * caller bound to it, so callers never see the untyped method ioredis adds to the client. With
 * `buffers`, bulk replies come back as Buffers.
 */
export function scriptCaller(redis: Redis, script: LuaScript, buffers = false): ScriptCall {
  const scripted = redis as WithScripts;
  if (typeof scripted[script.name] !== 'function') {
    redis.defineCommand(script.name, script.numberOfKeys === undefined ? { lua: script.lua } : { lua: script.lua, numberOfKeys: script.numberOfKeys });
  }
  const call = scripted[buffers ? `${script.name}Buffer` : script.name];
  if (call === undefined) {
    throw new Error(`script ${script.name} could not be registered`);
  }
  return call.bind(redis);
}
