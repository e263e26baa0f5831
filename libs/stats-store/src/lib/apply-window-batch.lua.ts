/**
 * Lua source of `apply-window-batch` (variable key count): the stats store's one atomic step.
 * Kept as a string so it ships inside the compiled library; run through `@coffee/redis-io`'s
 * `scriptCaller` (EVALSHA, falling back to EVAL on NOSCRIPT). Arguments are built by `encodeApplyBatch`.
 */
export const APPLY_WINDOW_BATCH_LUA = `--[[
apply-window-batch (variable number of keys)

Atomically: check that every stream entry of a batch is still pending for this consumer, add the
batch's counts to its window hashes, refresh TTLs, maintain the indexes, acknowledge the entries,
and return the new totals of the batch's base-resolution windows.

Needs Redis >= 6.2 (XPENDING with a consumer filter and exclusive ranges). Ownership is read with
XPENDING's extended form over [first id, last id] of the batch, filtered by consumer: measured
faster than one XPENDING per id from 10 ids up (bench/stats-store.bench.mjs, ownership rows).

Exactly once: Redis runs a script alone, so between the ownership check and the XACK nothing else
runs. An entry is counted only by the call that acknowledges it; any later call with that id (a
retry after a lost reply, a re-delivery, a second client racing the same batch, the first consumer
waking up after its entries were claimed) finds it no longer pending for its consumer and writes
nothing. Every write is checked before the first one (key types), so an error leaves no partial
batch behind; Redis rejects a script for OOM only before its first write.

KEYS
  [1]    orders stream (only read in ack mode)
  [2]    branches index (set)
  [3..]  window hashes and windows indexes (sorted sets), each once; ARGV refers to them by position

ARGV
  [1]    mode: '1' check ownership and XACK; '0' apply without ack (tools, tests)
  [2]    consumer group             [3] consumer name
  [4]    n, then n stream ids (distinct, ascending)
  then   cap: most fields a hash may hold before a new capped value goes to the overflow field
  then   the overflow field name (__other__)
  then   h, then h hash updates:   key position, ttl seconds, e, c, then e + c pairs (field, increment):
         the first e (vocabulary values) are always added; each of the c others is added under its
         own name when the hash already has it or holds fewer than cap fields, else to the overflow
         field (exact: decided here, atomically, whatever the number of processors)
  then   x, then x index updates:  key position, ttl seconds, retention ms, e, then e pairs (score, member)
  then   b, then b branch names to SADD to KEYS[2]
  then   t, then t key positions of hashes to return (HGETALL after the writes)

Returns
  {1, hgetall_1, ..., hgetall_t, o} applied; each hgetall is a flat {field, value, ...}; o = capped
                                   values sent to the overflow field (one per value and hash)
  {0}                              duplicate: no id pending for this consumer; nothing written
  {2, id, ...}                     partial: only these ids (ascending) pending for this consumer; nothing written
Errors (raised before any write)
  NOGROUP ...                      stream or group missing
  WRONG_KEY_TYPE <key> <type>      a key to write holds another type
]]
if redis.replicate_commands then
  redis.replicate_commands() -- Redis 6.2: replicate effects; a no-op from 7.0
end
local pos = 4
local nIds = tonumber(ARGV[pos])
local ids = {}
for i = 1, nIds do
  ids[i] = ARGV[pos + i]
end
pos = pos + nIds + 1
local cap = tonumber(ARGV[pos])
local overflowField = ARGV[pos + 1]
pos = pos + 2

local ack = ARGV[1] == '1'
if ack then
  -- Ownership: the entries pending for this consumer within [first id, last id] (ids come sorted),
  -- read a page at a time with XPENDING's consumer filter; one call for a contiguous batch.
  local stream, group, consumer = KEYS[1], ARGV[2], ARGV[3]
  local wanted = {}
  for i = 1, nIds do
    wanted[ids[i]] = true
  end
  local owned = {2}
  local page = nIds + 16
  local from = ids[1]
  while true do
    local rows = redis.call('XPENDING', stream, group, from, ids[nIds], page, consumer)
    for _, row in ipairs(rows) do
      if wanted[row[1]] then
        owned[#owned + 1] = row[1]
      end
    end
    if #rows < page then
      break
    end
    from = '(' .. rows[#rows][1]
  end
  if #owned == 1 then
    return {0}
  end
  if #owned - 1 < nIds then
    return owned
  end
end

local function expectType(key, want)
  local got = redis.call('TYPE', key)['ok']
  if got ~= 'none' and got ~= want then
    return redis.error_reply('WRONG_KEY_TYPE ' .. key .. ' holds a ' .. got .. ', expected a ' .. want)
  end
  return nil
end

-- First pass: check the type of every key written, before any write.
local hashStart = pos
local nHashes = tonumber(ARGV[pos])
pos = pos + 1
for _ = 1, nHashes do
  local bad = expectType(KEYS[tonumber(ARGV[pos])], 'hash')
  if bad then
    return bad
  end
  pos = pos + 4 + 2 * (tonumber(ARGV[pos + 2]) + tonumber(ARGV[pos + 3]))
end
local indexStart = pos
local nIndexes = tonumber(ARGV[pos])
pos = pos + 1
for _ = 1, nIndexes do
  local bad = expectType(KEYS[tonumber(ARGV[pos])], 'zset')
  if bad then
    return bad
  end
  pos = pos + 4 + 2 * tonumber(ARGV[pos + 3])
end
local bad = expectType(KEYS[2], 'set')
if bad then
  return bad
end

-- Second pass: the writes.
local overflowed = 0
pos = hashStart + 1
for _ = 1, nHashes do
  local key = KEYS[tonumber(ARGV[pos])]
  local ttl = ARGV[pos + 1]
  local nKnown = tonumber(ARGV[pos + 2])
  local nCapped = tonumber(ARGV[pos + 3])
  pos = pos + 4
  for _ = 1, nKnown do
    redis.call('HINCRBY', key, ARGV[pos], ARGV[pos + 1])
    pos = pos + 2
  end
  if nCapped > 0 then
    local size = redis.call('HLEN', key)
    local spill = 0
    for _ = 1, nCapped do
      local field, increment = ARGV[pos], tonumber(ARGV[pos + 1])
      if size < cap or redis.call('HEXISTS', key, field) == 1 then
        -- Increments are positive: a result equal to the increment means the field is new.
        if redis.call('HINCRBY', key, field, increment) == increment then
          size = size + 1
        end
      else
        spill = spill + increment
        overflowed = overflowed + 1
      end
      pos = pos + 2
    end
    if spill > 0 then
      redis.call('HINCRBY', key, overflowField, spill)
    end
  end
  redis.call('EXPIRE', key, ttl)
end

pos = indexStart + 1
for _ = 1, nIndexes do
  local key = KEYS[tonumber(ARGV[pos])]
  local ttl = ARGV[pos + 1]
  local retention = tonumber(ARGV[pos + 2])
  local nEntries = tonumber(ARGV[pos + 3])
  pos = pos + 4
  for first = 0, nEntries - 1, 500 do
    local args = {}
    for i = first, math.min(first + 500, nEntries) - 1 do
      args[#args + 1] = ARGV[pos + 2 * i]
      args[#args + 1] = ARGV[pos + 2 * i + 1]
    end
    redis.call('ZADD', key, unpack(args))
  end
  -- Retention counts back from the newest window in the index (event time, not the server clock),
  -- so replayed or historical data keeps its index while its hashes live.
  local newest = redis.call('ZRANGE', key, -1, -1, 'WITHSCORES')[2]
  redis.call('ZREMRANGEBYSCORE', key, '-inf', '(' .. string.format('%.0f', tonumber(newest) - retention))
  pos = pos + 2 * nEntries
  redis.call('EXPIRE', key, ttl)
end

local nBranches = tonumber(ARGV[pos])
for first = 1, nBranches, 500 do
  redis.call('SADD', KEYS[2], unpack(ARGV, pos + first, pos + math.min(first + 499, nBranches)))
end
pos = pos + nBranches + 1

if ack then
  for first = 1, nIds, 500 do
    redis.call('XACK', KEYS[1], ARGV[2], unpack(ids, first, math.min(first + 499, nIds)))
  end
end

local nTotals = tonumber(ARGV[pos])
local out = {1}
for i = 1, nTotals do
  out[i + 1] = redis.call('HGETALL', KEYS[tonumber(ARGV[pos + i])])
end
out[nTotals + 2] = overflowed
return out
`;
