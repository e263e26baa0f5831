import type { LuaScript } from './lua-script';

/** See the header inside. */
export const TAKE_LEGACY_BATCH: LuaScript = {
  name: 'coffeeTakeLegacyBatch',
  numberOfKeys: 3,
  lua: `--[[ take-legacy-batch (3 keys)
Tops the processing list up to N elements from the head of the legacy queue (LRANGE + RPUSH +
LTRIM: the same effect as LMOVE LEFT RIGHT per element, in a few calls) and returns the first N
elements of the processing list - which starts with whatever a crashed run left there - together
with the commit counter the batch must be committed against. Never blocks.

KEYS[1] legacy queue          (CoffeeOrderQueue)
KEYS[2] processing list       (CoffeeOrderQueue:processing:<consumer>)
KEYS[3] commit counter        (CoffeeOrderQueue:committed:<consumer>)

ARGV[1] N: batch size

Returns {counter, element_1, ..., element_k}, k <= N, oldest first (k = 0 when both lists are empty).
]]
local n = tonumber(ARGV[1])
local held = redis.call('LLEN', KEYS[2])
local batch
if held < n then
  local moved = redis.call('LRANGE', KEYS[1], 0, n - held - 1)
  for i = 1, #moved, 1000 do
    redis.call('RPUSH', KEYS[2], unpack(moved, i, math.min(i + 999, #moved)))
  end
  if #moved > 0 then
    redis.call('LTRIM', KEYS[1], #moved, -1)
  end
  if held == 0 then
    batch = moved
  end
end
if not batch then
  batch = redis.call('LRANGE', KEYS[2], 0, n - 1)
end
table.insert(batch, 1, tonumber(redis.call('GET', KEYS[3]) or '0'))
return batch
`,
};
