import type { AlertEvent } from '@coffee/aggregation';
import type { ProcessorLogger } from '../pipeline/stream-processor';
import type { AlertWebhookConfig } from '../config/alerts.config';
import type { AlertMetrics } from './alert.metrics';

/** Timers and randomness, injected so tests need not wait. */
export interface WebhookScheduler {
  sleep(ms: number): Promise<void>;
  random(): number;
}

const realScheduler: WebhookScheduler = {
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms).unref()),
  random: () => Math.random(),
};

/**
 * Posts each alert event this processor wrote to `ALERT_WEBHOOK_URL` as JSON, with the alert id as
 * `Idempotency-Key` (a retry after a lost answer is recognisable by the receiver). One delivery at
 * a time, in order, from a bounded queue; a failed attempt (network error, timeout, non-2xx) is
 * retried after an exponential delay with full jitter, up to `maxAttempts`. Never throws and never
 * waits on the caller: a full queue drops the new event, failures are metrics and log lines.
 */
export class AlertWebhook {
  private readonly queue: AlertEvent[] = [];
  private draining: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly config: AlertWebhookConfig,
    private readonly metrics: AlertMetrics,
    private readonly logger: ProcessorLogger,
    private readonly scheduler: WebhookScheduler = realScheduler,
  ) {}

  enqueue(events: readonly AlertEvent[]): void {
    for (const event of events) {
      if (this.queue.length >= this.config.queueSize) {
        this.metrics.webhook.inc({ outcome: 'dropped' });
        this.logger.warn(`alert webhook queue full (${this.config.queueSize}): dropping ${event.id}`);
        continue;
      }
      this.queue.push(event);
    }
    this.metrics.webhookQueue.set(this.queue.length);
    this.draining ??= this.drain().finally(() => {
      this.draining = undefined;
    });
  }

  /** Waits until the queue is empty (or stopped). */
  async idle(): Promise<void> {
    while (this.draining !== undefined) {
      await this.draining;
    }
  }

  stop(): void {
    this.stopped = true;
  }

  private async drain(): Promise<void> {
    for (let event = this.queue.shift(); event !== undefined && !this.stopped; event = this.queue.shift()) {
      await this.deliver(event);
      this.metrics.webhookQueue.set(this.queue.length);
    }
  }

  private async deliver(event: AlertEvent): Promise<void> {
    const body = JSON.stringify(event);
    for (let attempt = 1; ; attempt++) {
      const problem = await this.post(event.id, body);
      if (problem === undefined) {
        this.metrics.webhook.inc({ outcome: 'delivered' });
        return;
      }
      if (attempt >= this.config.maxAttempts || this.stopped) {
        this.metrics.webhook.inc({ outcome: 'failed' });
        this.logger.error(`alert webhook gave up on ${event.id} after ${attempt} attempts: ${problem}`);
        return;
      }
      this.metrics.webhook.inc({ outcome: 'retried' });
      const ceiling = Math.min(this.config.maxDelayMs, this.config.baseDelayMs * 2 ** (attempt - 1));
      const delay = Math.round(this.scheduler.random() * ceiling);
      this.logger.warn(`alert webhook attempt ${attempt} for ${event.id} failed (${problem}); retrying in ${delay} ms`);
      await this.scheduler.sleep(delay);
    }
  }

  /** One POST; the problem, or undefined when the receiver answered 2xx. */
  private async post(id: string, body: string): Promise<string | undefined> {
    try {
      const response = await fetch(this.config.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': id },
        body,
        signal: AbortSignal.timeout(this.config.timeoutMs),
      });
      await response.arrayBuffer().catch(() => undefined);
      return response.ok ? undefined : `HTTP ${response.status}`;
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  }
}
