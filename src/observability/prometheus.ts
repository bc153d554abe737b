/**
 * Prometheus metrics (prom-client): process metrics plus an HTTP latency histogram labelled by
 * route pattern (not raw URL, so label cardinality stays bounded). Feature modules register
 * their own counters and gauges on the same registry.
 */
import { Registry, Histogram, collectDefaultMetrics } from 'prom-client';

export const registry = new Registry();
collectDefaultMetrics({ register: registry });

export const httpRequestDuration = new Histogram({
  name: 'http_request_duration_seconds',
  help: 'HTTP request latency by method, route pattern and status code',
  labelNames: ['method', 'route', 'status_code'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
});
