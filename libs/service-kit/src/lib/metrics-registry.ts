import { Registry, collectDefaultMetrics } from 'prom-client';

/** A Prometheus registry for one service, with Node's default process metrics and `service` as a default label. */
export function createMetricsRegistry(service: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry, prefix: 'coffee_' });
  return registry;
}
