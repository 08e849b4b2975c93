/** @module metrics  Prometheus metrics with bounded labels (prom-client); `/metrics` renders them. */
export { Metrics, type MetricsOptions } from './metrics.js';
