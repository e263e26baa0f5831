import { RedisIoError } from './redis-io.error';

/** What a `redis://` or `rediss://` URL says, ready for ioredis. */
export interface RedisConnectionSettings {
  /** Host name or IP address (IPv6 without brackets). */
  host: string;
  /** TCP port, default 6379. */
  port: number;
  /** ACL user name; undefined for the default user. */
  username?: string;
  /** Password (percent-decoded); undefined when none is given. */
  password?: string;
  /** Database index from the path (`/2`), default 0. */
  db: number;
  /** True for `rediss://`: connect with TLS. */
  tls: boolean;
}

const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//;

/**
 * Replaces the password in a Redis URL with `***` (`redis://user:***@host:6379/0`), so URLs can go
 * into logs and error messages. A user-info without `:` is redacted whole (old clients read it as a
 * password). Strings that are not URLs come back unchanged.
 */
export function redactRedisUrl(url: string): string {
  const scheme = SCHEME.exec(url);
  if (scheme === null) {
    return url;
  }
  const start = scheme[0].length;
  const at = url.lastIndexOf('@');
  if (at < start) {
    return url;
  }
  const userInfo = url.slice(start, at);
  const colon = userInfo.indexOf(':');
  const redacted = colon === -1 ? '***' : `${userInfo.slice(0, colon)}:***`;
  return `${url.slice(0, start)}${redacted}${url.slice(at)}`;
}

function invalid(url: string, problem: string): RedisIoError {
  return new RedisIoError('INVALID_URL', `invalid Redis URL "${redactRedisUrl(url)}": ${problem}`);
}

function decode(url: string, part: string, what: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw invalid(url, `bad percent-encoding in the ${what}`);
  }
}

/**
 * Parses `redis://[[user]:password@]host[:port][/db]` and `rediss://…` (TLS). Percent-encoded
 * credentials are decoded; IPv6 hosts go in brackets (`redis://[::1]:6380`).
 *
 * @throws RedisIoError `INVALID_URL`, naming the problem: scheme, missing host, bad port (1..65535),
 *   bad database index, query or fragment (not supported), user name without a password.
 */
export function parseRedisUrl(url: string): RedisConnectionSettings {
  const scheme = SCHEME.exec(url);
  if (scheme === null) {
    throw invalid(url, 'expected redis://host:port or rediss://host:port');
  }
  const protocol = scheme[1].toLowerCase();
  if (protocol !== 'redis' && protocol !== 'rediss') {
    throw invalid(url, `unsupported scheme "${protocol}:" (use redis:// or rediss:// for TLS)`);
  }
  let rest = url.slice(scheme[0].length);
  if (/\s/.test(rest)) {
    throw invalid(url, 'contains whitespace');
  }
  if (rest.includes('?') || rest.includes('#')) {
    throw invalid(url, 'query parameters and fragments are not supported; put the database in the path (/2)');
  }
  // The password may contain an unencoded '/', so user info ends at the last '@'.
  const at = rest.lastIndexOf('@');
  const userInfo = at === -1 ? '' : rest.slice(0, at);
  rest = rest.slice(at + 1);
  const slash = rest.indexOf('/');
  const hostPort = slash === -1 ? rest : rest.slice(0, slash);
  const path = slash === -1 ? '' : rest.slice(slash + 1);

  let host: string;
  let portText: string | undefined;
  if (hostPort.startsWith('[')) {
    const close = hostPort.indexOf(']');
    if (close === -1) {
      throw invalid(url, 'unclosed "[" in an IPv6 host');
    }
    host = hostPort.slice(1, close);
    const after = hostPort.slice(close + 1);
    if (after !== '' && !after.startsWith(':')) {
      throw invalid(url, `unexpected "${after}" after the IPv6 host`);
    }
    portText = after === '' ? undefined : after.slice(1);
  } else {
    const colon = hostPort.indexOf(':');
    host = colon === -1 ? hostPort : hostPort.slice(0, colon);
    portText = colon === -1 ? undefined : hostPort.slice(colon + 1);
  }
  if (host === '') {
    throw invalid(url, 'missing host');
  }
  let port = 6379;
  if (portText !== undefined) {
    port = /^\d{1,5}$/.test(portText) ? Number(portText) : NaN;
    if (!(port >= 1 && port <= 65_535)) {
      throw invalid(url, `port "${portText}" is not a number from 1 to 65535`);
    }
  }
  let db = 0;
  if (path !== '') {
    if (!/^\d{1,6}$/.test(path)) {
      throw invalid(url, `database "${path}" is not a non-negative integer`);
    }
    db = Number(path);
  }

  const settings: RedisConnectionSettings = { host, port, db, tls: protocol === 'rediss' };
  if (userInfo !== '') {
    const colon = userInfo.indexOf(':');
    if (colon === -1) {
      throw invalid(url, 'user name without a password: use redis://:password@host or redis://user:password@host');
    }
    const username = decode(url, userInfo.slice(0, colon), 'user name');
    const password = decode(url, userInfo.slice(colon + 1), 'password');
    if (username !== '') {
      settings.username = username;
    }
    if (password !== '') {
      settings.password = password;
    }
  }
  return settings;
}
