// Turns one pino JSON log line into a short readable line: `HH:MM:SS LEVEL message key=value…`.
// Lines that are not JSON are passed through unchanged; Nest's boot chatter (module and route listings)
// is dropped at info level (returns null).
const levels = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO ', 40: 'WARN ', 50: 'ERROR', 60: 'FATAL' };
const levelColours = { 40: 33, 50: 31, 60: 31 };
const chatter = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory']);
const hidden = new Set(['level', 'time', 'pid', 'hostname', 'service', 'msg', 'context', 'req', 'res', 'responseTime', 'v']);

export function formatLogLine(line) {
  if (!line.startsWith('{')) {
    return line;
  }
  let entry;
  try {
    entry = JSON.parse(line);
  } catch {
    return line;
  }
  if (entry.level <= 30 && chatter.has(entry.context)) {
    return null;
  }
  const time = typeof entry.time === 'number' ? new Date(entry.time).toISOString().slice(11, 19) : '';
  const level = levels[entry.level] ?? String(entry.level ?? '');
  const colour = levelColours[entry.level];
  const levelText = colour ? `\x1b[${colour}m${level}\x1b[0m` : level;
  const context = entry.context ? `[${entry.context}] ` : '';
  const request = entry.req ? `${entry.req.method} ${entry.req.url} ${entry.res?.statusCode ?? ''} ` : '';
  const fields = Object.entries(entry)
    .filter(([key]) => !hidden.has(key))
    .map(([key, value]) => `${key}=${typeof value === 'object' ? JSON.stringify(value) : value}`)
    .join(' ');
  return `${time} ${levelText} ${context}${request}${entry.msg ?? ''}${fields ? ` ${fields}` : ''}`;
}
