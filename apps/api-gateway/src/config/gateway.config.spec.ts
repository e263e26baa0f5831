// Covers the gateway's environment: defaults, parsing of lists and paths, and errors naming the variable.
import { describeRedisClusterSettings, expectConfigErrorNaming } from '@coffee/service-kit/testing';
import { loadGatewayConfig } from './gateway.config';

describe('loadGatewayConfig', () => {
  it('applies defaults', () => {
    expect(loadGatewayConfig({}, '/repo')).toEqual({
      redisUrl: 'redis://127.0.0.1:6379',
      keyPrefix: '',
      timeZone: 'Asia/Seoul',
      windowSizeSeconds: 30,
      logLevel: 'info',
      port: 3000,
      host: '0.0.0.0',
      corsOrigins: ['http://127.0.0.1:4200', 'http://localhost:4200'],
      maxWindows: 10_000,
      dashboardDir: '/repo/apps/dashboard/dist',
      dashboardEmbed: { maxBytes: 262_144, timeoutMs: 500 },
      wsMaxBuffered: 262_144,
      wsMaxPending: 64,
      wsMaxInflight: 4,
      historyCacheMs: 1_000,
      history: { maxCells: 30_000, concurrency: 4, queue: 16, queueTimeoutMs: 2_000, pageCells: 1_000, refusalDelayMs: 1_000, refusalsHeld: 10_000, pagesAtOnce: 1, writeTimeoutMs: 10_000, cacheBytes: 33_554_432, cacheEntryBytes: 1_048_576 },
    });
  });

  it('reads every variable', () => {
    const config = loadGatewayConfig(
      {
        GATEWAY_PORT: '8080',
        CORS_ORIGINS: 'https://a.example, http://b.example:8443',
        MAX_WINDOWS: '500',
        DASHBOARD_DIR: '/srv/dashboard',
        DASHBOARD_EMBED_BYTES: '0',
        DASHBOARD_EMBED_TIMEOUT_MS: '50',
        WS_MAX_BUFFERED: '1024',
        WS_MAX_PENDING: '8',
        WS_MAX_INFLIGHT: '2',
        WINDOW_SIZE_SECONDS: '10',
      },
      '/repo',
    );
    expect(config).toMatchObject({
      port: 8080,
      corsOrigins: ['https://a.example', 'http://b.example:8443'],
      maxWindows: 500,
      dashboardDir: '/srv/dashboard',
      dashboardEmbed: { maxBytes: 0, timeoutMs: 50 },
      wsMaxBuffered: 1024,
      wsMaxPending: 8,
      wsMaxInflight: 2,
      windowSizeSeconds: 10,
    });
    expect(loadGatewayConfig({ CORS_ORIGINS: 'none' }, '/repo').corsOrigins).toEqual([]);
  });

  it.each([
    ['GATEWAY_PORT', 'http'],
    ['CORS_ORIGINS', 'https://a.example/path'],
    ['CORS_ORIGINS', '*'],
    ['MAX_WINDOWS', '0'],
    ['MAX_WINDOWS', '1000000'],
    ['WS_MAX_BUFFERED', '-1'],
    ['DASHBOARD_EMBED_BYTES', '5000000'],
    ['DASHBOARD_EMBED_BYTES', '-1'],
    ['DASHBOARD_EMBED_TIMEOUT_MS', '0'],
    ['WS_MAX_PENDING', 'many'],
    ['WS_MAX_INFLIGHT', '0'],
    ['WS_MAX_INFLIGHT', '1001'],
    ['HISTORY_CACHE_MS', '-1'],
    ['HISTORY_CACHE_MS', '60001'],
    ['MAX_HISTORY_CELLS', '0'],
    ['HISTORY_CONCURRENCY', '0'],
    ['HISTORY_QUEUE', '-1'],
    ['HISTORY_QUEUE_TIMEOUT_MS', '60001'],
    ['HISTORY_PAGE_CELLS', 'lots'],
    ['HISTORY_REFUSAL_DELAY_MS', '-1'],
    ['HISTORY_REFUSAL_DELAY_MS', '60001'],
    ['HISTORY_REFUSALS_HELD', '0'],
    ['HISTORY_PAGES_AT_ONCE', '0'],
    ['HISTORY_PAGES_AT_ONCE', '1001'],
    ['HISTORY_WRITE_TIMEOUT_MS', '0'],
    ['HISTORY_CACHE_BYTES', '0'],
    ['HISTORY_CACHE_ENTRY_BYTES', '1.5'],
  ])('rejects %s=%s naming it', (name, value) => {
    expectConfigErrorNaming(() => loadGatewayConfig({ [name]: value }, '/repo'), name, value);
  });
});

describeRedisClusterSettings('loadGatewayConfig', (env) => loadGatewayConfig(env, '/'));
