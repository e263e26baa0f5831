import { EventClock } from './event-clock';
import { systemClock, type GeneratorClock } from './generator-clock';
import { OrderChunkBuilder, type OrderObserver } from './order-chunk-builder';
import { OrderGenerator } from './order-generator';
import { Prng } from './prng';
import { ScenarioPlayer, type Scenario } from './scenario';

/** What to generate and how fast. */
export interface GenerationOptions {
  /** Orders per second, or `'max'` for as fast as the sink takes them. */
  rate: number | 'max';
  /** Orders to write; `Infinity` = until stopped. */
  count: number;
  /** PRNG seed; same seed and options → same lines. */
  seed: number;
  /** Add a `timestamp` (epoch ms) to every order. */
  timestamps: boolean;
  /** Event time of the first order, epoch ms; absent: wall clock at write. */
  start?: number;
  /** Event-time spacing with `start`, ms. */
  intervalMs: number;
  /** Seeded event-time jitter, ± ms. */
  disorderMs: number;
  /** Scripted incidents (`--scenario`); need timestamps. */
  scenarios?: readonly Scenario[];
}

/** Where lines go. `write` resolves once the chunk is accepted (after a drain if the sink is full). */
export interface OrderSink {
  write(chunk: Uint8Array | string): Promise<void>;
}

/** Collaborators of {@link runGenerator}. */
export interface RunGeneratorDeps {
  clock?: GeneratorClock;
  /** Stops the run between chunks: every line written is complete. */
  signal?: AbortSignal;
  /** Receives every written order. */
  truth?: OrderObserver;
  /** Most lines per write (default 8192, about 1 MiB). */
  chunkLines?: number;
}

/** What a run wrote. */
export interface GenerationSummary {
  orders: number;
  cups: number;
  /** True when the signal ended the run before `count`. */
  stopped: boolean;
  elapsedMs: number;
}

/** Shortest pause between writes in rate mode, so high rates write several lines per tick. */
export const MIN_TICK_MS = 10;
const DEFAULT_CHUNK_LINES = 8192;
// The event-time jitter draws from its own stream, so --disorder-ms never changes the orders.
const JITTER_SEED_SALT = 0x5bd1e995;
const SCENARIO_SEED_SALT = 0x27d4eb2f;

/**
 * Generates orders into a sink: as fast as the sink takes them (`rate: 'max'`, in big chunks,
 * respecting backpressure) or paced by a timer at `rate` orders/s (several lines per tick at high
 * rates; a backlog of more than one second is dropped, not burst). Stops at `count` or when the
 * signal aborts, always between whole chunks.
 */
export async function runGenerator(options: GenerationOptions, sink: OrderSink, deps: RunGeneratorDeps = {}): Promise<GenerationSummary> {
  const clock = deps.clock ?? systemClock;
  const signal = deps.signal ?? new AbortController().signal;
  const chunkLines = deps.chunkLines ?? DEFAULT_CHUNK_LINES;
  const eventClock = options.timestamps
    ? new EventClock({ start: options.start, intervalMs: options.intervalMs, disorderMs: options.disorderMs }, new Prng(options.seed ^ JITTER_SEED_SALT))
    : undefined;
  const scenario =
    options.scenarios !== undefined && options.scenarios.length > 0 ? new ScenarioPlayer(options.scenarios, new Prng(options.seed ^ SCENARIO_SEED_SALT)) : undefined;
  const builder = new OrderChunkBuilder(new OrderGenerator(new Prng(options.seed)), eventClock, deps.truth, scenario);

  const began = clock.now();
  let written = 0;
  let cups = 0;
  const emit = async (lines: number, now: number): Promise<void> => {
    const chunk = builder.build(lines, now);
    await sink.write(chunk.bytes);
    written += chunk.lines;
    cups += chunk.cups;
  };

  if (options.rate === 'max') {
    while (written < options.count && !signal.aborted) {
      await emit(Math.min(chunkLines, options.count - written), clock.now());
      await clock.yieldToEventLoop();
    }
  } else {
    const perLineMs = 1000 / options.rate;
    const maxBacklog = Math.max(1, Math.ceil(options.rate));
    let t0 = began;
    while (written < options.count && !signal.aborted) {
      const now = clock.now();
      // Line k (0-based) is due at t0 + k × perLineMs; the first goes out at once.
      let due = Math.min(options.count, Math.floor((now - t0) / perLineMs) + 1);
      if (due - written > maxBacklog) {
        t0 = now - (written + maxBacklog - 1) * perLineMs;
        due = written + maxBacklog;
      }
      if (due > written) {
        await emit(Math.min(due - written, chunkLines), now);
        continue;
      }
      await clock.sleep(Math.max(t0 + written * perLineMs - now, MIN_TICK_MS), signal);
    }
  }
  return { orders: written, cups, stopped: written < options.count, elapsedMs: clock.now() - began };
}
