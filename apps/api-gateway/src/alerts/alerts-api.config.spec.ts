// Covers the alert API's environment: defaults, every variable read, and each limit's bounds named in the error.
import { ConfigError } from '@coffee/service-kit';
import { loadAlertsApiConfig } from './alerts-api.config';

describe('loadAlertsApiConfig', () => {
  it('applies defaults', () => {
    expect(loadAlertsApiConfig({})).toEqual({ maxAlerts: 1_000, maxEventsRead: 10_000, topMaxN: 20, topMaxWindows: 2_880, topCacheMs: 5_000, topCacheBytes: 33_554_432 });
  });

  it('reads every variable', () => {
    expect(
      loadAlertsApiConfig({ ALERTS_MAX_RESULTS: '5', ALERTS_MAX_EVENTS_READ: '50', TOP_MAX_N: '3', TOP_MAX_WINDOWS: '120', TOP_CACHE_MS: '0', TOP_CACHE_BYTES: '4096' }),
    ).toEqual({ maxAlerts: 5, maxEventsRead: 50, topMaxN: 3, topMaxWindows: 120, topCacheMs: 0, topCacheBytes: 4_096 });
  });

  it.each([
    ['TOP_CACHE_BYTES', '1073741825'],
    ['TOP_CACHE_BYTES', '0'],
    ['TOP_CACHE_MS', '600001'],
    ['TOP_MAX_N', '101'],
    ['ALERTS_MAX_RESULTS', '10001'],
  ])('refuses %s=%s, naming it', (name, value) => {
    expect(() => loadAlertsApiConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadAlertsApiConfig({ [name]: value })).toThrow(new RegExp(name));
  });
});
