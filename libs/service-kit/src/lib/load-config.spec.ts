// Covers start-up config validation: defaults, coercion, and error messages naming variable and value.
import { z } from 'zod';
import { ConfigError } from './config-error';
import { commonEnvShape, flagSchema, listSchema, portSchema } from './env-schemas';
import { loadConfig } from './load-config';

const schema = z.object({ ...commonEnvShape, PORT: portSchema(3000), ON: flagSchema(false), FILES: listSchema(['a.txt']), API_TOKEN: z.string().min(8).optional() });

describe('loadConfig', () => {
  it('applies defaults for unset and empty variables', () => {
    const config = loadConfig('svc', schema, { PORT: '', REDIS_URL: undefined });
    expect(config).toEqual({
      REDIS_URL: 'redis://127.0.0.1:6379',
      KEY_PREFIX: '',
      TIME_ZONE: 'Asia/Seoul',
      WINDOW_SIZE_SECONDS: 30,
      LOG_LEVEL: 'info',
      PORT: 3000,
      ON: false,
      FILES: ['a.txt'],
    });
  });

  it('coerces values', () => {
    const config = loadConfig('svc', schema, { PORT: '8080', ON: 'on', FILES: 'x, y,,z', WINDOW_SIZE_SECONDS: '120', TIME_ZONE: 'Europe/Berlin' });
    expect(config.PORT).toBe(8080);
    expect(config.ON).toBe(true);
    expect(config.FILES).toEqual(['x', 'y', 'z']);
    expect(config.WINDOW_SIZE_SECONDS).toBe(120);
    expect(config.TIME_ZONE).toBe('Europe/Berlin');
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ REDIS_URL: 'http://x' }, 'REDIS_URL'],
    [{ TIME_ZONE: 'Mars/Olympus' }, 'TIME_ZONE'],
    [{ WINDOW_SIZE_SECONDS: '7' }, 'WINDOW_SIZE_SECONDS'],
    [{ ON: 'maybe' }, 'ON'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
  ])('rejects %j naming %s and its value', (env, name) => {
    let caught: unknown;
    try {
      loadConfig('svc', schema, env);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const message = (caught as ConfigError).message;
    expect(message).toContain(`${name}:`);
    expect(message).toContain(JSON.stringify(Object.values(env)[0]));
  });

  it('never echoes secrets', () => {
    expect(() => loadConfig('svc', schema, { API_TOKEN: 'short' })).toThrow(/API_TOKEN: .*\(got \(hidden\)\)/);
  });
});
