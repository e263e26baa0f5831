// Covers parseGeneratorArgs: defaults, every flag, env fallbacks, and errors that name the flag.
import { GeneratorConfigError } from './generator-config.error';
import { parseGeneratorArgs, type GeneratorOptions } from './generator-options';

function options(argv: string[], env: Record<string, string> = {}): GeneratorOptions {
  const parsed = parseGeneratorArgs(argv, env, () => 12345);
  if (parsed.help) {
    throw new Error('unexpected help');
  }
  return parsed.options;
}

function failure(argv: string[], env: Record<string, string> = {}): GeneratorConfigError {
  try {
    parseGeneratorArgs(argv, env);
  } catch (error) {
    if (error instanceof GeneratorConfigError) {
      return error;
    }
    throw error;
  }
  throw new Error(`expected ${argv.join(' ')} to fail`);
}

describe('parseGeneratorArgs', () => {
  it('has the documented defaults', () => {
    expect(options([])).toEqual({
      rate: 4,
      count: Infinity,
      seed: 12345,
      seedGiven: false,
      out: 'data/CoffeeOrders.txt',
      timestamps: false,
      start: undefined,
      intervalMs: 250,
      disorderMs: 0,
      truth: undefined,
      timeZone: 'Asia/Seoul',
      windowSizeSeconds: 30,
      scenarios: [],
    });
  });

  it.each<[string[], Partial<GeneratorOptions>]>([
    [['--rate', 'max'], { rate: 'max', intervalMs: 1 }],
    [['--rate', '0'], { rate: 'max' }],
    [['--rate=100'], { rate: 100, intervalMs: 10 }],
    [['--rate', '0.5'], { rate: 0.5, intervalMs: 2000 }],
    [['--count', '1000'], { count: 1000 }],
    [['--count', '0'], { count: 0 }],
    [['--seed', '7'], { seed: 7, seedGiven: true }],
    [['--seed=-3'], { seed: -3 }],
    [['--out', '-'], { out: '-' }],
    [['--out', '/tmp/x/orders.txt'], { out: '/tmp/x/orders.txt' }],
    [['--timestamps'], { timestamps: true }],
    [['--timestamps=true'], { timestamps: true }],
    [['--timestamps=false'], { timestamps: false }],
    [['--timestamps', '--start', '1412123400000'], { start: 1412123400000 }],
    [['--timestamps', '--start', '2014-10-01T09:30:00+09:00'], { start: 1412123400000 }],
    [['--timestamps', '--start', '0', '--interval-ms', '0'], { intervalMs: 0 }],
    [['--timestamps', '--start', '0', '--interval-ms', '2.5'], { intervalMs: 2.5 }],
    [['--timestamps', '--disorder-ms', '5000'], { disorderMs: 5000 }],
    [['--timestamps', '--truth', 't.json'], { truth: 't.json' }],
    [['--time-zone', 'UTC'], { timeZone: 'UTC' }],
    [['--window-size', '60'], { windowSizeSeconds: 60 }],
    [['--count', '1', '--count', '2'], { count: 2 }],
  ])('%p', (argv, expected) => {
    expect(options(argv)).toMatchObject(expected);
  });

  it('takes time zone and window size from TIME_ZONE and WINDOW_SIZE_SECONDS, flags first', () => {
    const env = { TIME_ZONE: 'Europe/Paris', WINDOW_SIZE_SECONDS: '10' };
    expect(options(['--timestamps', '--truth', 't'], env)).toMatchObject({ timeZone: 'Europe/Paris', windowSizeSeconds: 10 });
    expect(options(['--time-zone', 'UTC', '--window-size', '5'], env)).toMatchObject({ timeZone: 'UTC', windowSizeSeconds: 5 });
  });

  it.each([[['--help']], [['-h']], [['--count', '5', '--help']]])('%p asks for help', (argv) => {
    expect(parseGeneratorArgs(argv)).toEqual({ help: true });
  });

  it.each([
    [['--rate', 'fast'], '--rate'],
    [['--rate', '-1'], '--rate'],
    [['--rate', ''], '--rate'],
    [['--count', '1.5'], '--count'],
    [['--count', '-1'], '--count'],
    [['--count'], '--count'],
    [['--seed', 'abc'], '--seed'],
    [['--out', ''], '--out'],
    [['--start', '0'], '--start'],
    [['--timestamps', '--start', 'yesterday'], '--start'],
    [['--timestamps', '--start', '2014-10-01T09:30:00'], '--start'],
    [['--timestamps', '--interval-ms', '5'], '--interval-ms'],
    [['--interval-ms', '5'], '--interval-ms'],
    [['--timestamps', '--start', '0', '--interval-ms', '-1'], '--interval-ms'],
    [['--disorder-ms', '5'], '--disorder-ms'],
    [['--timestamps', '--disorder-ms', 'x'], '--disorder-ms'],
    [['--truth', 't.json'], '--truth'],
    [['--timestamps', '--truth', ''], '--truth'],
    [['--time-zone', 'Mars/Olympus'], '--time-zone'],
    [['--window-size', '0'], '--window-size'],
    [['--window-size', '90000'], '--window-size'],
    [['--timestamps=yes'], '--timestamps'],
    [['--verbose'], '--verbose'],
    [['orders.txt'], 'orders.txt'],
  ])('%p fails naming %s', (argv, flag) => {
    const error = failure(argv);
    expect(error.flag).toBe(flag);
    expect(error.message.startsWith(`${flag}: `)).toBe(true);
  });

  it('names the environment variable when its value is bad', () => {
    expect(failure(['--timestamps', '--truth', 't'], { TIME_ZONE: 'Nowhere/Else' }).flag).toBe('TIME_ZONE');
    expect(failure([], { WINDOW_SIZE_SECONDS: 'x' }).flag).toBe('WINDOW_SIZE_SECONDS');
  });
});
