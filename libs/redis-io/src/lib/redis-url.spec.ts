// Covers REDIS_URL parsing (good and bad URLs, table-driven) and password redaction.
import { RedisIoError } from './redis-io.error';
import { parseRedisUrl, redactRedisUrl } from './redis-url';

describe('parseRedisUrl', () => {
  it.each([
    ['redis://127.0.0.1:6379', { host: '127.0.0.1', port: 6379, db: 0, tls: false }],
    ['redis://localhost', { host: 'localhost', port: 6379, db: 0, tls: false }],
    ['redis://cache.internal:7000/', { host: 'cache.internal', port: 7000, db: 0, tls: false }],
    ['redis://h:6380/3', { host: 'h', port: 6380, db: 3, tls: false }],
    ['rediss://secure.example.com:6380', { host: 'secure.example.com', port: 6380, db: 0, tls: true }],
    ['REDIS://H:1', { host: 'H', port: 1, db: 0, tls: false }],
    ['redis://:s3cret@h', { host: 'h', port: 6379, db: 0, tls: false, password: 's3cret' }],
    ['redis://alice:p%40ss%2Fw@h:6379/2', { host: 'h', port: 6379, db: 2, tls: false, username: 'alice', password: 'p@ss/w' }],
    ['redis://alice:pa@ss@h', { host: 'h', port: 6379, db: 0, tls: false, username: 'alice', password: 'pa@ss' }],
    ['redis://[::1]:7001/1', { host: '::1', port: 7001, db: 1, tls: false }],
    ['redis://@h', { host: 'h', port: 6379, db: 0, tls: false }],
  ])('%s', (url, expected) => {
    expect(parseRedisUrl(url)).toEqual(expected);
  });

  it.each([
    ['', 'expected redis://host:port'],
    ['localhost:6379', 'expected redis://host:port'],
    ['http://h:6379', 'unsupported scheme "http:"'],
    ['redis://', 'missing host'],
    ['redis://:6379', 'missing host'],
    ['redis://h:abc', 'port "abc" is not a number from 1 to 65535'],
    ['redis://h:0', 'port "0"'],
    ['redis://h:65536', 'port "65536"'],
    ['redis://h:', 'port ""'],
    ['redis://h/db1', 'database "db1" is not a non-negative integer'],
    ['redis://h/1/2', 'database "1/2"'],
    ['redis://h/-1', 'database "-1"'],
    ['redis://h?db=1', 'query parameters'],
    ['redis://h:6379 ', 'whitespace'],
    ['redis://[::1:6379', 'unclosed "["'],
    ['redis://alice@h', 'user name without a password'],
    ['redis://:%E0%A4%A@h', 'bad percent-encoding in the password'],
  ])('rejects %j: %s', (url, problem) => {
    let caught: unknown;
    try {
      parseRedisUrl(url);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(RedisIoError);
    expect((caught as RedisIoError).code).toBe('INVALID_URL');
    expect((caught as RedisIoError).message).toContain(problem);
  });

  it('never puts the password in an error message', () => {
    expect(() => parseRedisUrl('redis://alice:hunter2@h:99999')).toThrow(/redis:\/\/alice:\*\*\*@h:99999/);
    expect(() => parseRedisUrl('redis://alice:hunter2@h:99999')).not.toThrow(/hunter2/);
  });
});

describe('redactRedisUrl', () => {
  it.each([
    ['redis://alice:hunter2@h:6379/1', 'redis://alice:***@h:6379/1'],
    ['redis://:hunter2@h', 'redis://:***@h'],
    ['redis://hunter2@h', 'redis://***@h'],
    ['rediss://a:p@ss@h', 'rediss://a:***@h'],
    ['redis://h:6379', 'redis://h:6379'],
    ['not a url', 'not a url'],
  ])('%s → %s', (url, expected) => {
    expect(redactRedisUrl(url)).toBe(expected);
  });
});
