import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { parseAlertRules, type AlertRules } from '@coffee/aggregation';
import { dirname } from 'node:path';
import type { Writable } from 'node:stream';
import { GeneratorConfigError } from './generator-config.error';
import type { GeneratorClock } from './generator-clock';
import { HELP, parseGeneratorArgs, type GeneratorOptions } from './generator-options';
import { runGenerator } from './run-generator';
import { openFileSink, StreamSink } from './stream-sink';
import { AlertTruth } from './alert-truth';
import { TruthAccumulator } from './truth-accumulator';

/** The outside world of one CLI run. */
export interface CliIo {
  /** Where `--out -` writes, and the help. */
  stdout: Writable;
  /** Progress and errors, one line each. */
  stderr: { write(text: string): unknown };
  env: Readonly<Record<string, string | undefined>>;
  /** Aborted on SIGINT/SIGTERM: the run stops after the chunk in flight. */
  signal: AbortSignal;
  clock?: GeneratorClock;
  randomSeed?: () => number;
}

function describeRate(options: GeneratorOptions): string {
  return options.rate === 'max' ? 'max rate' : `${options.rate} orders/s`;
}

async function writeTruth(path: string, truth: TruthAccumulator, alerts: { truth: AlertTruth; rules: AlertRules } | undefined): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const document = alerts === undefined ? truth.toDocument() : { ...truth.toDocument(), alerts: alerts.truth.alerts(alerts.rules) };
  // Written aside, then renamed: a reader never sees half a truth file.
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, JSON.stringify(document, null, 2) + '\n');
  await rename(temp, path);
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

/** Runs the generator for `argv` (without node and script); resolves to the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let options: GeneratorOptions;
  try {
    const parsed = parseGeneratorArgs(argv, io.env, io.randomSeed ?? ((): number => Math.floor(Math.random() * 2 ** 32)));
    if (parsed.help) {
      io.stdout.write(HELP);
      return 0;
    }
    options = parsed.options;
  } catch (error) {
    if (error instanceof GeneratorConfigError) {
      io.stderr.write(`generator: ${error.message}\n`);
      return 2;
    }
    throw error;
  }

  let sink: StreamSink;
  try {
    sink = options.out === '-' ? new StreamSink(io.stdout, false) : await openFileSink(options.out);
  } catch (error) {
    io.stderr.write(`generator: --out: cannot open '${options.out}': ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  const truth = options.truth === undefined ? undefined : new TruthAccumulator(options.timeZone, options.windowSizeSeconds);
  let alerts: { truth: AlertTruth; rules: AlertRules } | undefined;
  if (truth !== undefined && options.scenarios.length > 0) {
    try {
      const rules = parseAlertRules(options.alertRules === undefined ? undefined : JSON.parse(await readFile(options.alertRules, 'utf8')));
      alerts = { truth: new AlertTruth(options.timeZone, options.windowSizeSeconds), rules };
    } catch (error) {
      io.stderr.write(`generator: --alert-rules: ${error instanceof Error ? error.message : String(error)}\n`);
      return 2;
    }
  }
  const observer =
    truth === undefined
      ? undefined
      : {
          add: (order: Parameters<TruthAccumulator['add']>[0]): void => {
            truth.add(order);
            alerts?.truth.add(order);
          },
        };
  const target = options.out === '-' ? 'stdout' : options.out;
  const count = Number.isFinite(options.count) ? `${options.count} orders` : 'orders until stopped';
  io.stderr.write(`generator: writing ${count} to ${target} at ${describeRate(options)}, seed ${options.seed}\n`);

  let summary;
  try {
    summary = await runGenerator(options, sink, { clock: io.clock, signal: io.signal, truth: observer });
    await sink.close();
  } catch (error) {
    if (options.out === '-' && errorCode(error) === 'EPIPE') {
      // The reader went away (e.g. `| head`): nothing more to do.
      return 0;
    }
    io.stderr.write(`generator: writing to ${target} failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  if (options.truth !== undefined && truth !== undefined) {
    try {
      await writeTruth(options.truth, truth, alerts);
    } catch (error) {
      io.stderr.write(`generator: --truth: cannot write '${options.truth}': ${error instanceof Error ? error.message : String(error)}\n`);
      return 1;
    }
  }
  const seconds = summary.elapsedMs / 1000;
  const rate = seconds > 0 ? Math.round(summary.orders / seconds) : summary.orders;
  io.stderr.write(
    `generator: ${summary.stopped ? 'stopped after' : 'wrote'} ${summary.orders} orders (${summary.cups} cups) in ${seconds.toFixed(2)} s, ${rate} lines/s` +
      `${options.truth === undefined ? '' : `; truth in ${options.truth}`}\n`,
  );
  return 0;
}
