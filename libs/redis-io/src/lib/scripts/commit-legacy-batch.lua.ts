import type { LuaScript } from './lua-script';
import { WRITE_ORDER_ENTRIES_LUA } from './write-order-entries.lua';

/** See the header inside. */
export const COMMIT_LEGACY_BATCH: LuaScript = {
  name: 'coffeeCommitLegacyBatch',
  numberOfKeys: 4,
  lua: `--[[ commit-legacy-batch (4 keys)
Hands a batch of legacy-list elements over to the orders stream exactly once: appends the order
entries and dead letters made from them, removes the batch from the head of the processing list
and advances the commit counter, in one atomic step - but only if the counter still has the value
it had when the batch was taken (a fencing token: a commit resent after a reconnect, or one from a
stale reader, finds the counter moved on and writes nothing).

KEYS[1] processing list       (CoffeeOrderQueue:processing:<consumer>)
KEYS[2] commit counter        (CoffeeOrderQueue:committed:<consumer>)
KEYS[3] orders stream         (coffee:orders)
KEYS[4] dead-letter stream    (coffee:orders:dead)

ARGV[1] K: number of elements handed over (the first K of KEYS[1])
ARGV[2] the counter's value when the batch was taken
ARGV[3] E: number of order entries
ARGV[4] D: number of dead letters
ARGV[5] dead-letter stream approximate max length
ARGV[6 ...]       E pairs: order count, order lines joined by '\\n'
ARGV[6 + 2E ...]  D groups of 6: raw, code, message, source, position, rawBytes

Returns
  {'OK', id_1, ..., id_E}   written, K elements removed, counter advanced by K
  {'STALE'}                 the counter moved on (or the list is too short): nothing written
]]
${WRITE_ORDER_ENTRIES_LUA}local k = tonumber(ARGV[1])
local counter = tonumber(redis.call('GET', KEYS[2]) or '0')
if counter ~= tonumber(ARGV[2]) or redis.call('LLEN', KEYS[1]) < k then
  return {'STALE'}
end
local entries = tonumber(ARGV[3])
local dead = tonumber(ARGV[4])
local result = writeOrderEntries(KEYS[3], KEYS[4], ARGV[5], entries, dead, 6, {'OK'})
redis.call('LTRIM', KEYS[1], k, -1)
redis.call('INCRBY', KEYS[2], k)
return result
`,
};
