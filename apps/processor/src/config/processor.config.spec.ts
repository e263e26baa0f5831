// Covers processor config validation: defaults, resolutions against the window size, retention spec, error messages.
import { ConfigError } from '@coffee/service-kit';
import { describeRedisClusterSettings, describeReplicaWaitSetting } from '@coffee/service-kit/testing';
import { loadProcessorConfig } from './processor.config';

describe('loadProcessorConfig', () => {
  it('applies defaults', () => {
    const config = loadProcessorConfig({});
    expect(config).toMatchObject({
      port: 3002,
      redisUrl: 'redis://127.0.0.1:6379',
      keyPrefix: '',
      timeZone: 'Asia/Seoul',
      windowSizeMs: 30_000,
      resolutions: ['30s', '1m', '1h', '1d'],
      retentionSeconds: {},
      allowedLatenessMs: 5000,
      batchEntries: 20,
      readGatherMs: 10,
      publishIntervalMs: 250,
      idleCloseMs: 35_000,
      claimIdleMs: 30_000,
      host: '127.0.0.1',
      portFallback: 10,
      retryBaseMs: 100,
      retryMaxMs: 5_000,
      readyFailingMs: 5_000,
      consumerIdleMs: 600_000,
      maxFutureSkewMs: 300_000,
      maxCategoryLength: 64,
      maxCategoriesPerWindow: 100,
    });
    expect(config.consumerName).toMatch(new RegExp(`-${process.pid}$`));
  });

  it('reads the order-time rule and the category bounds', () => {
    const config = loadProcessorConfig({ MAX_FUTURE_SKEW_SECONDS: '0', MAX_CATEGORY_LENGTH: '8', MAX_CATEGORIES_PER_WINDOW: '7' });
    expect([config.maxFutureSkewMs, config.maxCategoryLength, config.maxCategoriesPerWindow]).toEqual([0, 8, 7]);
  });

  it.each([
    [{ WINDOW_SIZE_SECONDS: '60' }, ['60s', '1h', '1d']],
    [{ WINDOW_SIZE_SECONDS: '10' }, ['10s', '1m', '1h', '1d']],
    [{ RESOLUTIONS: '30s,1h' }, ['30s', '1h']],
    [{ WINDOW_SIZE_SECONDS: '5', RESOLUTIONS: '5s' }, ['5s']],
  ])('derives resolutions from %j', (env, resolutions) => {
    expect(loadProcessorConfig(env).resolutions).toEqual(resolutions);
  });

  it('takes the health port strictly when PROCESSOR_PORT is set, and reads the host', () => {
    expect(loadProcessorConfig({ PROCESSOR_PORT: '4002', PROCESSOR_HOST: '0.0.0.0' })).toMatchObject({ port: 4002, portFallback: 0, host: '0.0.0.0' });
  });

  it.each([
    [{ CONSUMER_IDLE_MS: '999' }],
    [{ CONSUMER_IDLE_MS: '5000', READ_BLOCK_MS: '3000' }],
    [{ RETRY_MAX_MS: 'soon' }],
    [{ READY_FAILING_MS: '-5' }],
    [{ PROCESSOR_HOST: 'a b' }],
  ])('rejects %j', (env) => {
    expect(() => loadProcessorConfig(env)).toThrow(new RegExp(`${Object.keys(env)[0]}`));
  });

  it('turns consumer cleanup off with CONSUMER_IDLE_MS=0', () => {
    expect(loadProcessorConfig({ CONSUMER_IDLE_MS: '0' }).consumerIdleMs).toBe(0);
  });

  it('parses the retention spec and derives the idle close time', () => {
    const config = loadProcessorConfig({ RETENTION: '30s=12h, 1m=3d,1d=400d', ALLOWED_LATENESS_MS: '0', IDLE_CLOSE_MS: '1500', CONSUMER_NAME: 'p-1' });
    expect(config.retentionSeconds).toEqual({ '30s': 43_200, '1m': 259_200, '1d': 34_560_000 });
    expect(config.idleCloseMs).toBe(1500);
    expect(config.consumerName).toBe('p-1');
    expect(loadProcessorConfig({ ALLOWED_LATENESS_MS: '1000' }).idleCloseMs).toBe(31_000);
  });

  it.each([
    [{ RESOLUTIONS: '1m,1h' }, 'RESOLUTIONS', 'must start with the base resolution 30s'],
    [{ RESOLUTIONS: '30s,2h' }, 'RESOLUTIONS', 'unknown'],
    [{ RESOLUTIONS: '30s,1m,1m' }, 'RESOLUTIONS', 'twice'],
    [{ WINDOW_SIZE_SECONDS: '120', RESOLUTIONS: '120s,1m' }, 'RESOLUTIONS', 'coarser'],
    [{ RETENTION: '30s=forever' }, 'RETENTION', 'not <resolution>=<duration>'],
    [{ RETENTION: '5m=1d' }, 'RETENTION', 'not in RESOLUTIONS'],
    [{ RETENTION: '30s=0d' }, 'RETENTION', 'positive'],
    [{ BATCH_ENTRIES: '0' }, 'BATCH_ENTRIES', '> 0'],
    [{ READ_GATHER_MS: '1001' }, 'READ_GATHER_MS', '<= 1000'],
    [{ READ_GATHER_MS: '-1' }, 'READ_GATHER_MS', '>= 0'],
    [{ ALLOWED_LATENESS_MS: '-1' }, 'ALLOWED_LATENESS_MS', '>= 0'],
    [{ PROCESSOR_PORT: 'x' }, 'PROCESSOR_PORT', ''],
    [{ CONSUMER_NAME: 'has space' }, 'CONSUMER_NAME', 'letters'],
    [{ IDLE_CLOSE_MS: '1.5' }, 'IDLE_CLOSE_MS', 'integer'],
    [{ MAX_FUTURE_SKEW_SECONDS: '-1' }, 'MAX_FUTURE_SKEW_SECONDS', '>= 0'],
    [{ MAX_CATEGORY_LENGTH: '0' }, 'MAX_CATEGORY_LENGTH', '> 0'],
    [{ MAX_CATEGORY_LENGTH: '5000' }, 'MAX_CATEGORY_LENGTH', '1024'],
    [{ MAX_CATEGORIES_PER_WINDOW: '0' }, 'MAX_CATEGORIES_PER_WINDOW', '> 0'],
  ])('rejects %j naming %s', (env, name, text) => {
    let caught: unknown;
    try {
      loadProcessorConfig(env);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const message = (caught as ConfigError).message;
    expect(message).toContain(`${name}:`);
    expect(message).toContain(text);
  });
});

describeRedisClusterSettings('loadProcessorConfig', loadProcessorConfig);

describeReplicaWaitSetting('loadProcessorConfig', loadProcessorConfig);
