import { evaluateAlerts, type AlertEvent, type AlertRules } from '@coffee/aggregation';
import type { ProcessorLogger, TotalsSink } from '../pipeline/stream-processor';
import type { LiveWindowRef } from '../pipeline/live-publisher';
import type { AlertInputs } from './alert-counts.reader';
import type { AlertMetrics } from './alert.metrics';

/** Where the stage learns that every entry delivered so far has been counted (the consumer group). */
export interface CountedProgress {
  /** Id of the newest entry delivered to the group so far (`0-0` when none). */
  lastDelivered(): Promise<string>;
  /** Oldest entry delivered but not acknowledged yet; `undefined` when none is pending. */
  oldestPending(): Promise<string | undefined>;
}

/** Everything the stage uses, injected. */
export interface AlertStageDeps {
  readonly rules: AlertRules;
  readonly windowSizeMs: number;
  readonly datestring: (start: number) => string;
  readonly reader: {
    read(windowStart: number): Promise<AlertInputs>;
    /** Start of the chain's first stored base window (`undefined` when none). */
    firstWindow(): Promise<number | undefined>;
  };
  readonly writer: { write(events: readonly AlertEvent[]): Promise<AlertEvent[]> };
  readonly progress: CountedProgress;
  /** Receives the events this processor wrote (each event reaches exactly one processor's callback). */
  readonly onWritten: (events: readonly AlertEvent[]) => void;
  readonly metrics: AlertMetrics;
  readonly logger: ProcessorLogger;
  readonly maxCatchUpWindows: number;
  readonly maxQueuedWindows: number;
  readonly checkIntervalMs: number;
}

interface Waiting {
  readonly start: number;
  /** Newest delivered entry when the window closed: the window is complete once everything up to it is acknowledged. */
  mark: string | undefined;
}

/**
 * Evaluates the alert rules on each base window the processor closes (by watermark or idle
 * timeout), off the counting loop: a closed window waits until every stream entry delivered before
 * it closed is acknowledged by the group (so its stored counts are final whichever processor holds
 * them), then the rules run on the stored counts and the events are written once per id. Gaps
 * between closed windows are evaluated too (up to `maxCatchUpWindows`). Failures are retried on
 * the next check; nothing here ever blocks or fails the counting loop.
 */
export class AlertStage {
  private readonly waiting: Waiting[] = [];
  private lastEvaluated: number | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(private readonly deps: AlertStageDeps) {}

  /** Wraps the live sink: window closes also go to the alert stage. */
  tap(sink: TotalsSink): TotalsSink {
    return {
      update: (totals) => sink.update(totals),
      close: (windows) => {
        this.closed(windows);
        return sink.close(windows);
      },
    };
  }

  /** Queues the newest closed base window for evaluation (older ones in between are caught up). */
  closed(windows: readonly LiveWindowRef[]): void {
    if (this.stopped || windows.length === 0) {
      return;
    }
    const start = Math.max(...windows.map((window) => window.start));
    const newest = this.waiting.at(-1)?.start ?? this.lastEvaluated ?? Number.NEGATIVE_INFINITY;
    if (start <= newest) {
      return;
    }
    this.waiting.push({ start, mark: undefined });
    while (this.waiting.length > this.deps.maxQueuedWindows) {
      this.waiting.shift();
      this.deps.metrics.skippedWindows.inc({ reason: 'queue-full' });
    }
    this.deps.metrics.waitingWindows.set(this.waiting.length);
    this.kick();
  }

  /** Runs one check now (tests) and waits for it. */
  async check(): Promise<void> {
    await this.running;
    this.kick();
    await this.running;
  }

  /** Windows waiting for completeness. */
  get pending(): number {
    return this.waiting.length;
  }

  /** Stops checking; waits for the check in flight. Windows still waiting are left to the other processors (or a replay). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private kick(): void {
    if (this.running !== undefined || this.stopped) {
      return;
    }
    clearTimeout(this.timer);
    this.timer = undefined;
    this.running = this.work()
      .catch((error: unknown) => {
        this.deps.metrics.errors.inc({ stage: 'evaluate' });
        this.deps.logger.warn(`alert evaluation failed, retrying: ${error instanceof Error ? error.message : String(error)}`);
      })
      .finally(() => {
        this.running = undefined;
        this.deps.metrics.waitingWindows.set(this.waiting.length);
        if (this.waiting.length > 0 && !this.stopped) {
          this.timer = setTimeout(() => this.kick(), this.deps.checkIntervalMs);
        }
      });
  }

  private async work(): Promise<void> {
    if (this.waiting.some((item) => item.mark === undefined)) {
      const mark = await this.deps.progress.lastDelivered();
      for (const item of this.waiting) {
        item.mark ??= mark;
      }
    }
    while (this.waiting.length > 0 && !this.stopped) {
      const head = this.waiting[0];
      const oldest = await this.deps.progress.oldestPending();
      if (head === undefined || head.mark === undefined || (oldest !== undefined && compareIds(oldest, head.mark) <= 0)) {
        return;
      }
      await this.evaluateThrough(head.start);
      this.waiting.shift();
    }
  }

  private async evaluateThrough(start: number): Promise<void> {
    const size = this.deps.windowSizeMs;
    // A processor's first evaluation starts at the first stored window (bounded by the catch-up
    // limit below): windows another processor closed before this one started, or whose entries it
    // claimed from a dead one, are then evaluated whatever the split of the stream was.
    let from = this.lastEvaluated === undefined ? Math.min(start, (await this.deps.reader.firstWindow()) ?? start) : this.lastEvaluated + size;
    const earliest = start - (this.deps.maxCatchUpWindows - 1) * size;
    if (from < earliest) {
      this.deps.metrics.skippedWindows.inc({ reason: 'gap' }, (earliest - from) / size);
      from = earliest;
    }
    for (let at = from; at <= start; at += size) {
      await this.evaluate(at);
      this.lastEvaluated = at;
    }
  }

  private async evaluate(start: number): Promise<void> {
    const inputs = await this.deps.reader.read(start);
    const window = { start, end: start + this.deps.windowSizeMs, date: this.deps.datestring(start) };
    const events = evaluateAlerts(this.deps.rules, window, this.deps.windowSizeMs, inputs.chain, inputs.branches);
    const written = await this.deps.writer.write(events);
    this.deps.metrics.evaluatedWindows.inc();
    this.deps.metrics.duplicateEvents.inc(events.length - written.length);
    for (const event of written) {
      this.deps.metrics.events.inc({ rule: event.rule, state: event.state });
      this.deps.logger.log(`alert ${event.state}: ${event.rule} on ${event.branch} at ${event.date} (${event.value} orders)`);
    }
    if (written.length > 0) {
      this.deps.onWritten(written);
    }
  }
}

/** Orders stream ids `<ms>-<seq>`. */
export function compareIds(a: string, b: string): number {
  const [aMs = 0, aSeq = 0] = a.split('-').map(Number);
  const [bMs = 0, bSeq = 0] = b.split('-').map(Number);
  return aMs !== bMs ? aMs - bMs : aSeq - bSeq;
}
