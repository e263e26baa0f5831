// Covers the collector's start-up config: defaults, coercion, path resolution, and errors naming the variable.
import { describeRedisClusterSettings, describeReplicaWaitSetting, expectConfigErrorNaming } from '@coffee/service-kit/testing';
import { loadCollectorConfig } from './collector.config';

describe('loadCollectorConfig', () => {
  it('applies the defaults', () => {
    expect(loadCollectorConfig({}, '/srv/coffee')).toEqual({
      redisUrl: 'redis://127.0.0.1:6379',
      keyPrefix: '',
      logLevel: 'info',
      port: 3001,
      ordersFiles: ['/srv/coffee/data/CoffeeOrders.txt'],
      startPosition: 'beginning',
      batchSize: 8000,
      flushIntervalMs: 50,
      maxLineBytes: 65_536,
      bodyLimit: '1mb',
      legacyList: false,
      parseThreads: 1,
      streamEntryFormat: 'compact',
      idempotencyTtlSeconds: 86_400,
      retryBaseMs: 100,
      retryMaxMs: 5_000,
      readyFailingMs: 5_000,
      host: '127.0.0.1',
      ingestLimits: { maxInputs: 10_000, maxRejected: 1_000, maxErrorsListed: 100, maxJsonDepth: 16, deadLetterMaxLength: 100_000, ratePerSecond: 100, rateBurst: 200, rateClients: 10_000 },
      maxFutureSkewMs: 300_000,
      branchAllowlist: [],
      spool: { dirs: [], settleMs: 1_000, pollMs: 500, maxFileBytes: 16 * 1024 * 1024, maxFilesInFlight: 2 },
    });
  });

  it('reads the spool settings, resolving relative folders against the working directory', () => {
    const config = loadCollectorConfig(
      { SPOOL_DIRS: 'in, /var/spool/orders,in', SPOOL_DONE_DIR: 'done', SPOOL_SETTLE_MS: '0', SPOOL_POLL_MS: '50', SPOOL_MAX_FILE_BYTES: '1024', SPOOL_MAX_FILES_IN_FLIGHT: '8' },
      '/srv/coffee',
    );
    expect(config.spool).toEqual({ dirs: ['/srv/coffee/in', '/var/spool/orders'], doneDir: '/srv/coffee/done', settleMs: 0, pollMs: 50, maxFileBytes: 1024, maxFilesInFlight: 8 });
  });

  it.each([
    [{ SPOOL_SETTLE_MS: '-1' }, 'SPOOL_SETTLE_MS'],
    [{ SPOOL_POLL_MS: '0' }, 'SPOOL_POLL_MS'],
    [{ SPOOL_MAX_FILE_BYTES: String(2 * 1024 * 1024 * 1024) }, 'SPOOL_MAX_FILE_BYTES'],
    [{ SPOOL_MAX_FILES_IN_FLIGHT: '65' }, 'SPOOL_MAX_FILES_IN_FLIGHT'],
  ])('rejects the spool setting %j', (env, text) => {
    expect(() => loadCollectorConfig(env, '/')).toThrow(text);
  });

  it('reads the order rules: MAX_FUTURE_SKEW_SECONDS, DEFAULT_BRANCH, BRANCH_ALLOWLIST', () => {
    const config = loadCollectorConfig({ MAX_FUTURE_SKEW_SECONDS: '0', DEFAULT_BRANCH: 'main', BRANCH_ALLOWLIST: 'main, jeongja,main' }, '/');
    expect([config.maxFutureSkewMs, config.defaultBranch, config.branchAllowlist]).toEqual([0, 'main', ['main', 'jeongja']]);
  });

  it.each([
    [{ DEFAULT_BRANCH: 'all' }, 'DEFAULT_BRANCH'],
    [{ DEFAULT_BRANCH: 'a b' }, 'DEFAULT_BRANCH'],
    [{ DEFAULT_BRANCH: 'x'.repeat(65) }, 'DEFAULT_BRANCH'],
    [{ DEFAULT_BRANCH: 'main', BRANCH_ALLOWLIST: 'jeongja' }, 'DEFAULT_BRANCH: must be in BRANCH_ALLOWLIST'],
    [{ BRANCH_ALLOWLIST: 'jeongja,a:b' }, 'BRANCH_ALLOWLIST'],
    [{ MAX_FUTURE_SKEW_SECONDS: '-5' }, 'MAX_FUTURE_SKEW_SECONDS'],
  ])('rejects the order rules %j', (env, text) => {
    expect(() => loadCollectorConfig(env, '/')).toThrow(text);
  });

  it('reads every variable', () => {
    const config = loadCollectorConfig(
      {
        REDIS_URL: 'redis://:pw@redis:6380/2',
        KEY_PREFIX: 'test:',
        COLLECTOR_PORT: '4001',
        ORDERS_FILES: 'a.txt, /var/log/b.txt,a.txt',
        START_POSITION: 'end',
        BATCH_SIZE: '250',
        FLUSH_INTERVAL_MS: '0',
        MAX_LINE_BYTES: '1024',
        INGEST_TOKEN: 'secret-token',
        BODY_LIMIT: '512kb',
        LEGACY_LIST: 'on',
        PARSE_THREADS: '0',
        STREAM_ENTRY_FORMAT: 'json',
        IDEMPOTENCY_TTL_SECONDS: '3600',
        COLLECTOR_HOST: '0.0.0.0',
        METRICS_TOKEN: 'metrics-token',
        MAX_INPUTS_PER_REQUEST: '500',
        MAX_REJECTED_PER_REQUEST: '50',
        MAX_ERRORS_LISTED: '0',
        MAX_JSON_DEPTH: '4',
        HTTP_DEAD_LETTER_MAX_LENGTH: '1000',
        RATE_LIMIT_PER_SECOND: '0',
        RATE_LIMIT_BURST: '5',
        RATE_LIMIT_CLIENTS: '7',
      },
      '/srv',
    );
    expect(config).toMatchObject({
      port: 4001,
      ordersFiles: ['/srv/a.txt', '/var/log/b.txt'],
      startPosition: 'end',
      batchSize: 250,
      flushIntervalMs: 0,
      maxLineBytes: 1024,
      ingestToken: 'secret-token',
      bodyLimit: '512kb',
      legacyList: true,
      parseThreads: 0,
      streamEntryFormat: 'json',
      idempotencyTtlSeconds: 3600,
      host: '0.0.0.0',
      metricsToken: 'metrics-token',
      ingestLimits: { maxInputs: 500, maxRejected: 50, maxErrorsListed: 0, maxJsonDepth: 4, deadLetterMaxLength: 1000, ratePerSecond: 0, rateBurst: 5, rateClients: 7 },
    });
  });

  it.each([
    ['COLLECTOR_PORT', '99999'],
    ['ORDERS_FILES', ' , '],
    ['START_POSITION', 'middle'],
    ['BATCH_SIZE', '0'],
    ['IDEMPOTENCY_TTL_SECONDS', '0'],
    ['BATCH_SIZE', 'many'],
    ['FLUSH_INTERVAL_MS', '-1'],
    ['MAX_LINE_BYTES', '1.5'],
    ['BODY_LIMIT', 'huge'],
    ['LEGACY_LIST', 'perhaps'],
    ['REDIS_URL', 'localhost:6379'],
    ['PARSE_THREADS', '9'],
    ['STREAM_ENTRY_FORMAT', 'binary'],
    ['RETRY_MAX_MS', '5'],
    ['RETRY_BASE_MS', '0'],
    ['READY_FAILING_MS', '-1'],
    ['COLLECTOR_HOST', 'a host'],
    ['MAX_INPUTS_PER_REQUEST', '0'],
    ['MAX_REJECTED_PER_REQUEST', '-3'],
    ['MAX_ERRORS_LISTED', '10001'],
    ['MAX_JSON_DEPTH', '1'],
    ['HTTP_DEAD_LETTER_MAX_LENGTH', 'lots'],
    ['RATE_LIMIT_PER_SECOND', '-1'],
    ['RATE_LIMIT_BURST', '0'],
    ['ALLOW_UNAUTHENTICATED_INGEST', 'maybe'],
  ])('rejects %s=%j with a message naming it', (name, value) => {
    expectConfigErrorNaming(() => loadCollectorConfig({ [name]: value }, '/'), name, value);
  });

  it('never echoes the token', () => {
    expect(() => loadCollectorConfig({ INGEST_TOKEN: 'short' }, '/')).toThrow(/INGEST_TOKEN: .*\(hidden\)/);
    expect(() => loadCollectorConfig({ METRICS_TOKEN: 'short' }, '/')).toThrow(/METRICS_TOKEN: .*\(hidden\)/);
  });

  it.each([['0.0.0.0'], ['::'], ['192.168.1.20'], ['collector.internal']])('refuses to listen on %s without INGEST_TOKEN unless ALLOW_UNAUTHENTICATED_INGEST says so', (host) => {
    expect(() => loadCollectorConfig({ COLLECTOR_HOST: host }, '/')).toThrow(/COLLECTOR_HOST=.*INGEST_TOKEN is not set.*ALLOW_UNAUTHENTICATED_INGEST=true/);
    expect(loadCollectorConfig({ COLLECTOR_HOST: host, INGEST_TOKEN: 'a-long-token' }, '/').host).toBe(host);
    expect(loadCollectorConfig({ COLLECTOR_HOST: host, ALLOW_UNAUTHENTICATED_INGEST: 'true' }, '/').host).toBe(host);
  });

  it.each([['127.0.0.1'], ['127.1.2.3'], ['::1'], ['localhost']])('listens on the loopback address %s without a token', (host) => {
    expect(loadCollectorConfig({ COLLECTOR_HOST: host }, '/').ingestToken).toBeUndefined();
  });
});

describeRedisClusterSettings('loadCollectorConfig', (env) => loadCollectorConfig(env, '/'));

describeReplicaWaitSetting('loadCollectorConfig', (env) => loadCollectorConfig(env, '/'));
