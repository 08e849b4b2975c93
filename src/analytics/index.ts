/** @module analytics  Per-agency figures by day, and the questions the router could not place, grouped (docs/ANALYTICS.md). */
export type { AnalyticsStore, DayFigures, UnplacedQuestion } from './store.js';
export { MemoryAnalyticsStore } from './memory-store.js';
export { RedisAnalyticsStore } from './redis/redis-analytics-store.js';
export { AnalyticsService, type AnalyticsServiceDeps, type AnalyticsViewer } from './service.js';
export { buildReport, median, percentile, COUNTER } from './figures.js';
export { clusterQuestions, clusterer, DEFAULT_CLUSTER_THRESHOLD, SMALL_BATCH, MAX_CLUSTER_INPUT, type Cluster, type ClusterInput } from './clusters.js';
export { purity, adjustedRandIndex } from './cluster-quality.js';
