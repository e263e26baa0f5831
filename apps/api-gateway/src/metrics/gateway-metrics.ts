import { createMetricsRegistry } from '@coffee/service-kit';
import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** Live fan-out figures read when metrics are scraped. */
export interface LiveFigures {
  /** Coalesced updates waiting in every client's outbox. */
  pendingUpdates(): number;
  /** Messages on the live channel that were not valid packets. */
  malformedPackets(): number;
}

/** The gateway's Prometheus metrics (names prefixed `coffee_gateway_`). */
@Injectable()
export class GatewayMetrics {
  readonly registry: Registry = createMetricsRegistry('api-gateway');
  readonly httpRequests = new Counter({
    name: 'coffee_gateway_http_requests_total',
    help: 'HTTP requests answered, by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  readonly httpDuration = new Histogram({
    name: 'coffee_gateway_http_request_duration_seconds',
    help: 'HTTP request duration, by method and route',
    labelNames: ['method', 'route'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly wsClients = new Gauge({ name: 'coffee_gateway_ws_clients', help: 'Connected socket.io clients', registers: [this.registry] });
  readonly livePackets = new Counter({
    name: 'coffee_gateway_live_packets_received_total',
    help: 'Valid packets received on the live channel',
    registers: [this.registry],
  });
  readonly fannedOut = new Counter({
    name: 'coffee_gateway_ws_packets_sent_total',
    help: 'Live packets written to clients, by event (stats, message)',
    labelNames: ['event'] as const,
    registers: [this.registry],
  });
  readonly coalesced = new Counter({
    name: 'coffee_gateway_ws_packets_coalesced_total',
    help: 'Live packets replaced in a slow client outbox by a newer total of the same window',
    registers: [this.registry],
  });
  readonly dropped = new Counter({
    name: 'coffee_gateway_ws_packets_dropped_total',
    help: 'Live packets dropped from a slow client outbox that was full (oldest windows first)',
    registers: [this.registry],
  });
  private live: LiveFigures = { pendingUpdates: () => 0, malformedPackets: () => 0 };

  constructor() {
    const figures = (): LiveFigures => this.live;
    new Gauge({
      name: 'coffee_gateway_ws_pending_updates',
      help: 'Coalesced live updates waiting for slow clients to drain',
      registers: [this.registry],
      collect() {
        this.set(figures().pendingUpdates());
      },
    });
    new Gauge({
      name: 'coffee_gateway_live_malformed_packets',
      help: 'Messages on the live channel ignored as malformed since start',
      registers: [this.registry],
      collect() {
        this.set(figures().malformedPackets());
      },
    });
  }

  /** Connects the scrape-time figures of the live fan-out. */
  observeLive(figures: LiveFigures): void {
    this.live = figures;
  }
}
