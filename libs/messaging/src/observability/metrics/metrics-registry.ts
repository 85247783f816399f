import { collectDefaultMetrics, Registry } from 'prom-client';

/**
 * One registry per service instance rather than prom-client's global one, so tests can host several
 * services in one process. Every series carries a `service` label; Node's process metrics (CPU, memory,
 * event-loop lag, GC, handles) come with it.
 */
export function createMetricsRegistry(service: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  return registry;
}
