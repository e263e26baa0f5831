import { parseOrderTimestamp } from '@coffee/order-schema';
import { GeneratorConfigError } from './generator-config.error';
import type { GenerationOptions } from './run-generator';
import { parseScenarios, type Scenario } from './scenario';

/** Everything the CLI was asked to do, validated. */
export interface GeneratorOptions extends GenerationOptions {
  /** True when `--seed` was given (otherwise a random seed was drawn). */
  seedGiven: boolean;
  /** File to append to, or `-` for stdout. */
  out: string;
  /** Where to write the expected counts, if anywhere. */
  truth?: string;
  timeZone: string;
  windowSizeSeconds: number;
  /** `--scenario` incidents (empty when none). */
  scenarios: Scenario[];
  /** `--alert-rules`: JSON file of alert rule thresholds for the truth's alerts (default: the processor's defaults). */
  alertRules?: string;
}

/** Result of reading argv: run, or print the help. */
export type ParsedArgs = { help: true } | { help: false; options: GeneratorOptions };

export const DEFAULT_OUT = 'data/CoffeeOrders.txt';
export const DEFAULT_RATE = 4;
export const DEFAULT_TIME_ZONE = 'Asia/Seoul';
export const DEFAULT_WINDOW_SIZE_SECONDS = 30;

export const HELP = `Usage: node tools/generator/dist/main.js [options]
       npx nx run generator:serve -- [options]

Appends random coffee orders (one JSON line each, the original format) to a file or stdout.

Options:
  --rate <n|max>         orders per second (default ${DEFAULT_RATE}); 0 or max = as fast as possible
  --count <n>            stop after n orders (default: run until SIGINT/SIGTERM)
  --seed <n>             PRNG seed: same seed and options give byte-identical output
                         (default: random, printed on stderr)
  --out <file|->         file to append to, parent dirs created (default ${DEFAULT_OUT}); - = stdout
  --timestamps           add "timestamp" (event time, epoch ms) to every order
  --start <time>         event time of the first order: ISO 8601 with zone or epoch ms
                         (needs --timestamps; default: wall clock at write)
  --interval-ms <n>      event-time spacing between orders with --start
                         (default 1000/rate, or 1 at max rate)
  --disorder-ms <n>      move each event time by a seeded jitter of up to ±n ms (default 0)
  --truth <file>         write the exact expected stored counts (JSON) for what was written;
                         needs --timestamps
  --time-zone <zone>     IANA zone of the truth's datestrings (default $TIME_ZONE or ${DEFAULT_TIME_ZONE})
  --window-size <s>      base window of the truth, seconds (default $WINDOW_SIZE_SECONDS or ${DEFAULT_WINDOW_SIZE_SECONDS})
  --scenario <list>      scripted incidents on event time from the first order (needs --timestamps):
                         <silent|spike|drop>:<branch>@<offset>+<duration>[*<factor>], comma-separated,
                         e.g. silent:sunae@10m+5m,spike:jeongja@20m+1m*5 (--count counts drawn orders);
                         with --truth, the truth also lists the alert events that must fire
  --alert-rules <file>   JSON alert rules for the truth's alerts (same format as ALERT_RULES_FILE)
  -h, --help             show this help

Examples:
  node tools/generator/dist/main.js                                  # 4 orders/s into ${DEFAULT_OUT}
  node tools/generator/dist/main.js --rate max --count 1000000 --seed 1 --out /tmp/orders.txt
  node tools/generator/dist/main.js --count 10000 --seed 7 --timestamps \\
      --start 2014-10-01T09:30:00+09:00 --disorder-ms 5000 --truth /tmp/truth.json --out /tmp/o.txt

Exit codes: 0 done or stopped by a signal, 1 I/O failure, 2 bad option.
`;

const VALUE_FLAGS = new Set(['rate', 'count', 'seed', 'out', 'start', 'interval-ms', 'disorder-ms', 'truth', 'time-zone', 'window-size', 'scenario', 'alert-rules']);
const BOOLEAN_FLAGS = new Set(['timestamps', 'help']);

/** Splits argv into flag → value; accepts `--flag value`, `--flag=value` and `--timestamps[=true|false]`. */
function readFlags(argv: readonly string[]): Map<string, string> | 'help' {
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-h') {
      return 'help';
    }
    if (!arg.startsWith('--')) {
      throw new GeneratorConfigError(arg, 'unexpected argument (options start with --; see --help)');
    }
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
    const inline = eq === -1 ? undefined : arg.slice(eq + 1);
    if (BOOLEAN_FLAGS.has(name)) {
      if (inline !== undefined && inline !== 'true' && inline !== 'false') {
        throw new GeneratorConfigError(`--${name}`, `takes no value (got '${inline}')`);
      }
      if (name === 'help' && inline !== 'false') {
        return 'help';
      }
      flags.set(name, inline ?? 'true');
    } else if (VALUE_FLAGS.has(name)) {
      const value = inline ?? argv[++i];
      if (value === undefined) {
        throw new GeneratorConfigError(`--${name}`, 'needs a value');
      }
      flags.set(name, value);
    } else {
      throw new GeneratorConfigError(`--${name}`, 'unknown option (see --help)');
    }
  }
  return flags;
}

function integer(flag: string, value: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const n = /^-?\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!(n >= min && n <= max)) {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `${min}..${max}`;
    throw new GeneratorConfigError(flag, `must be an integer ${range} (got '${value}')`);
  }
  return n;
}

function positiveNumber(flag: string, value: string, allowZero: boolean): number {
  const n = value.trim() === '' ? Number.NaN : Number(value);
  if (!Number.isFinite(n) || n < 0 || (n === 0 && !allowZero)) {
    throw new GeneratorConfigError(flag, `must be a ${allowZero ? 'non-negative' : 'positive'} number (got '${value}')`);
  }
  return n;
}

function parseRate(value: string): number | 'max' {
  if (value === 'max' || value === '0') {
    return 'max';
  }
  const n = value.trim() === '' ? Number.NaN : Number(value);
  if (!Number.isFinite(n) || n <= 0) {
    throw new GeneratorConfigError('--rate', `must be a positive number of orders per second, 0 or max (got '${value}')`);
  }
  return n;
}

function parseStart(value: string): number {
  const t = /^\d+$/.test(value) ? parseOrderTimestamp(Number(value)) : parseOrderTimestamp(value);
  if (t === undefined) {
    throw new GeneratorConfigError('--start', `must be epoch ms or an ISO 8601 date-time with a zone, e.g. 2014-10-01T09:30:00+09:00 (got '${value}')`);
  }
  return t;
}

function parseTimeZone(flag: string, value: string): string {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: value }).resolvedOptions().timeZone;
  } catch {
    throw new GeneratorConfigError(flag, `unknown time zone '${value}' (use an IANA name such as Asia/Seoul)`);
  }
}

function requireTimestamps(flags: Map<string, string>, flag: string): void {
  if (flags.has(flag) && flags.get('timestamps') !== 'true') {
    throw new GeneratorConfigError(`--${flag}`, 'needs --timestamps');
  }
}

/**
 * Reads the command line. `env` supplies the shared `TIME_ZONE` and `WINDOW_SIZE_SECONDS`
 * defaults, so a truth file matches the services' configuration; flags win over env.
 * @throws GeneratorConfigError naming the flag.
 */
export function parseGeneratorArgs(argv: readonly string[], env: Readonly<Record<string, string | undefined>> = {}, randomSeed = (): number => 0): ParsedArgs {
  const flags = readFlags(argv);
  if (flags === 'help') {
    return { help: true };
  }
  for (const flag of ['start', 'interval-ms', 'disorder-ms', 'truth', 'scenario']) {
    requireTimestamps(flags, flag);
  }
  if (flags.has('interval-ms') && !flags.has('start')) {
    throw new GeneratorConfigError('--interval-ms', 'needs --start (without it each order gets the wall-clock time it was written)');
  }
  const rate = parseRate(flags.get('rate') ?? String(DEFAULT_RATE));
  const count = flags.has('count') ? integer('--count', flags.get('count') ?? '', 0) : Infinity;
  const seedText = flags.get('seed');
  const seed = seedText === undefined ? randomSeed() : integer('--seed', seedText, Number.MIN_SAFE_INTEGER);
  const out = flags.get('out') ?? DEFAULT_OUT;
  if (out === '') {
    throw new GeneratorConfigError('--out', "must be a file path or '-' for stdout");
  }
  const truth = flags.get('truth');
  if (truth === '') {
    throw new GeneratorConfigError('--truth', 'must be a file path');
  }
  const intervalText = flags.get('interval-ms');
  const intervalMs = intervalText === undefined ? (rate === 'max' ? 1 : 1000 / rate) : positiveNumber('--interval-ms', intervalText, true);

  const zoneFlag = flags.has('time-zone') ? '--time-zone' : 'TIME_ZONE';
  const zone = flags.get('time-zone') ?? env.TIME_ZONE ?? DEFAULT_TIME_ZONE;
  const sizeFlag = flags.has('window-size') ? '--window-size' : 'WINDOW_SIZE_SECONDS';
  const size = flags.get('window-size') ?? env.WINDOW_SIZE_SECONDS ?? String(DEFAULT_WINDOW_SIZE_SECONDS);

  return {
    help: false,
    options: {
      rate,
      count,
      seed,
      seedGiven: seedText !== undefined,
      out,
      timestamps: flags.get('timestamps') === 'true',
      start: flags.has('start') ? parseStart(flags.get('start') ?? '') : undefined,
      intervalMs,
      disorderMs: integer('--disorder-ms', flags.get('disorder-ms') ?? '0', 0, 86_400_000),
      truth,
      // Checking a zone loads ICU data (slow to start): only when the truth or the flag uses it.
      timeZone: truth !== undefined || flags.has('time-zone') ? parseTimeZone(zoneFlag, zone) : zone,
      windowSizeSeconds: integer(sizeFlag, size, 1, 86_400),
      scenarios: parseScenarios(flags.get('scenario') ?? ''),
      ...(flags.has('alert-rules') ? { alertRules: flags.get('alert-rules') } : {}),
    },
  };
}
