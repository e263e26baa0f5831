import { Counter, Gauge, type Registry } from 'prom-client';

/** The alert stage's Prometheus metrics, on the processor's registry. */
export class AlertMetrics {
  readonly evaluatedWindows: Counter;
  readonly events: Counter<'rule' | 'state'>;
  readonly duplicateEvents: Counter;
  readonly skippedWindows: Counter<'reason'>;
  readonly errors: Counter<'stage'>;
  readonly waitingWindows: Gauge;
  readonly webhook: Counter<'outcome'>;
  readonly webhookQueue: Gauge;

  constructor(registry: Registry) {
    const registers = [registry];
    this.evaluatedWindows = new Counter({ name: 'coffee_alert_windows_evaluated_total', help: 'Base windows the alert rules were evaluated for', registers });
    this.events = new Counter({
      name: 'coffee_alert_events_total',
      help: 'Alert events written to the alerts stream by this processor (each id is written once overall)',
      labelNames: ['rule', 'state'] as const,
      registers,
    });
    this.duplicateEvents = new Counter({
      name: 'coffee_alert_events_duplicate_total',
      help: 'Alert events found written already (by another processor, a restart or a replay)',
      registers,
    });
    this.skippedWindows = new Counter({
      name: 'coffee_alert_windows_skipped_total',
      help: 'Closed windows not evaluated: queue full, or a gap longer than ALERT_MAX_CATCHUP_WINDOWS',
      labelNames: ['reason'] as const,
      registers,
    });
    this.errors = new Counter({ name: 'coffee_alert_errors_total', help: 'Alert stage errors (retried)', labelNames: ['stage'] as const, registers });
    this.waitingWindows = new Gauge({ name: 'coffee_alert_windows_waiting', help: 'Closed windows waiting until every entry before them is acknowledged', registers });
    this.webhook = new Counter({
      name: 'coffee_alert_webhook_total',
      help: 'Webhook outcomes: delivered, retried (a failed attempt), failed (attempts exhausted), dropped (queue full)',
      labelNames: ['outcome'] as const,
      registers,
    });
    this.webhookQueue = new Gauge({ name: 'coffee_alert_webhook_queue', help: 'Alert events waiting for webhook delivery', registers });
  }
}
