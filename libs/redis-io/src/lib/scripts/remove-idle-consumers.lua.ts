import type { LuaScript } from './lua-script';

/** See the header inside. */
export const REMOVE_IDLE_CONSUMERS: LuaScript = {
  name: 'coffeeRemoveIdleConsumers',
  numberOfKeys: 1,
  lua: `--[[ remove-idle-consumers (1 key)
Deletes the consumers of a group that have been idle (no read, claim or ack attempted) for at least
a threshold AND hold no pending entries. Check and delete happen in one atomic step, so a claim in
flight either lands before (the consumer then holds entries and stays) or after (XCLAIM makes the
consumer again): XGROUP DELCONSUMER never drops a pending entry.

KEYS[1] stream           (coffee:orders)

ARGV[1] group name
ARGV[2] idle threshold, ms
ARGV[3] consumer never to remove (the caller itself), may be empty
ARGV[4] most consumers removed in one call

Returns  {name, ...}  the consumers removed (empty when none, or when the stream or group is missing)
]]
if redis.call('EXISTS', KEYS[1]) == 0 then
  return {}
end
local ok, consumers = pcall(redis.call, 'XINFO', 'CONSUMERS', KEYS[1], ARGV[1])
if not ok then
  return {}
end
local threshold = tonumber(ARGV[2])
local limit = tonumber(ARGV[4])
local removed = {}
for _, consumer in ipairs(consumers) do
  if #removed >= limit then
    break
  end
  local fields = {}
  for i = 1, #consumer, 2 do
    fields[consumer[i]] = consumer[i + 1]
  end
  if fields['name'] ~= ARGV[3] and tonumber(fields['pending']) == 0 and tonumber(fields['idle']) >= threshold then
    local dropped = redis.call('XGROUP', 'DELCONSUMER', KEYS[1], ARGV[1], fields['name'])
    if dropped ~= 0 then
      return redis.error_reply('DROPPED_PENDING ' .. fields['name'] .. ' held ' .. dropped .. ' entries')
    end
    removed[#removed + 1] = fields['name']
  end
end
return removed
`,
};
