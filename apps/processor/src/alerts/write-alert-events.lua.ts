/** See the header inside. */
export const WRITE_ALERT_EVENTS_LUA = `--[[ write-alert-events (1 + N keys)
Writes alert events exactly once each: for every event whose dedupe marker is not set yet, sets the
marker (NX, with a TTL), appends the event to the alerts stream (approximate MAXLEN) and publishes
it on the alerts channel, all in one atomic step. An event whose marker exists (written before, by
this or another processor, a restart or a replay) is skipped.

KEYS[1]        alerts stream          (coffee:{alerts})
KEYS[2 .. N+1] dedupe marker per event (coffee:{alerts}:id:<alert id>)

ARGV[1] stream approximate max length
ARGV[2] marker TTL, seconds
ARGV[3] alerts channel                 (coffee:{alerts}:live)
ARGV[4 .. N+3] per event: its alert id and JSON, joined by a newline

Returns an array of N integers: 1 written now, 0 already written.
]]
local written = {}
for i = 2, #KEYS do
  local item = ARGV[i + 2]
  local cut = string.find(item, '\\n', 1, true)
  local id = string.sub(item, 1, cut - 1)
  local json = string.sub(item, cut + 1)
  if redis.call('SET', KEYS[i], '1', 'NX', 'EX', ARGV[2]) then
    redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', 'id', id, 'alert', json)
    redis.call('PUBLISH', ARGV[3], json)
    written[#written + 1] = 1
  else
    written[#written + 1] = 0
  end
end
return written
`;
