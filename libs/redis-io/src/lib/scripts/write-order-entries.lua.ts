/**
 * Lua shared by the scripts that write to the orders stream: a local function appending E order
 * entries (pairs of ARGV: count, lines joined by '\n') and D dead letters (groups of 6 ARGV: raw,
 * code, message, source, position, rawBytes) from ARGV[a] on, filling `result[2 ..]` with the new
 * entry ids. The same layout `encodeOrderEntries` and `deadLetterArgs` produce.
 */
export const WRITE_ORDER_ENTRIES_LUA = `
local function writeOrderEntries(stream, deadStream, deadMaxLength, entries, dead, a, result)
  for i = 1, entries do
    result[i + 1] = redis.call('XADD', stream, '*', 'n', ARGV[a], 'o', ARGV[a + 1])
    a = a + 2
  end
  for _ = 1, dead do
    redis.call('XADD', deadStream, 'MAXLEN', '~', deadMaxLength, '*',
      'raw', ARGV[a], 'code', ARGV[a + 1], 'message', ARGV[a + 2],
      'source', ARGV[a + 3], 'position', ARGV[a + 4], 'rawBytes', ARGV[a + 5])
    a = a + 6
  end
  return result
end
`;
