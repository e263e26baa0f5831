import type { LuaScript } from './lua-script';
import { WRITE_ORDER_ENTRIES_LUA } from './write-order-entries.lua';

/** See the header inside. */
export const APPEND_ORDERS_WITH_CHECKPOINT: LuaScript = {
  name: 'coffeeAppendOrdersWithCheckpoint',
  numberOfKeys: 3,
  lua: `--[[ append-orders-with-checkpoint (3 keys)
Appends order entries and dead letters and, when asked, advances a source position with a
compare-and-set: all of it or nothing. Checks come before the first write.

KEYS[1] orders stream                 (coffee:orders)
KEYS[2] dead-letter stream            (coffee:orders:dead, or coffee:orders:dead:http)
KEYS[3] source positions hash         (coffee:collector:offsets), or in mode '2' the receipt key

ARGV[1] E: number of order entries
ARGV[2] D: number of dead letters
ARGV[3] checkpoint mode: '0' none, '1' compare-and-set, '2' once (idempotency receipt)
ARGV[4] source id, field of KEYS[3]              (mode '1'); receipt TTL seconds (mode '2')
ARGV[5] expected position, '' = none stored yet  (mode '1')
ARGV[6] next position                            (mode '1'); receipt (mode '2')
ARGV[7] orders stream length limit, '0' = none
ARGV[8] dead-letter stream approximate max length
ARGV[9] '1': a leading dead-letter chunk of a larger append (same checks, then only its dead
        letters are written: no entries, no position or receipt); '0': the append's last call
ARGV[10 ...]       E pairs: order count, order lines joined by '\\n'
ARGV[10 + 2E ...]  D groups of 6: raw, code, message, source, position, rawBytes

Returns
  {'OK', id_1, ..., id_E, evicted}   written; evicted: dead letters the MAXLEN trim removed
  {'COMMITTED'}             the stored position already equals ARGV[6]: nothing written
  {'COMMITTED', receipt}    mode '2': the receipt key exists: nothing written
  {'CONFLICT', stored}      the stored position ('' = none) is not ARGV[5]: nothing written
  {'FULL', length}          KEYS[1] holds >= ARGV[7] entries: nothing written
]]
${WRITE_ORDER_ENTRIES_LUA}local entries = tonumber(ARGV[1])
local dead = tonumber(ARGV[2])
local checkpoint = ARGV[3] == '1'
local once = ARGV[3] == '2'
local leading = ARGV[9] == '1'
if once then
  local receipt = redis.call('GET', KEYS[3])
  if receipt then
    return {'COMMITTED', receipt}
  end
end
if checkpoint then
  local stored = redis.call('HGET', KEYS[3], ARGV[4]) or ''
  if stored ~= ARGV[5] then
    if stored == ARGV[6] then
      return {'COMMITTED'}
    end
    return {'CONFLICT', stored}
  end
end
local limit = tonumber(ARGV[7])
if limit > 0 and (entries > 0 or leading) then
  local length = redis.call('XLEN', KEYS[1])
  if length >= limit then
    return {'FULL', tostring(length)}
  end
end
local deadBefore = 0
if dead > 0 then
  deadBefore = redis.call('XLEN', KEYS[2])
end
local result = writeOrderEntries(KEYS[1], KEYS[2], ARGV[8], entries, dead, 10, {'OK'})
local evicted = 0
if dead > 0 then
  evicted = deadBefore + dead - redis.call('XLEN', KEYS[2])
end
result[entries + 2] = tostring(evicted)
if leading then
  return result
end
if checkpoint then
  redis.call('HSET', KEYS[3], ARGV[4], ARGV[6])
elseif once then
  redis.call('SET', KEYS[3], ARGV[6], 'EX', ARGV[4])
end
return result
`,
};
