export { createMetrics, type Metrics, type StageOutcomeLabel, type StoryCounts } from './metrics.js';
export { fetchErrorKind, instrumentEngine, secondsSince } from './instrument.js';
export { createHealthCheck, type EngineInUse, type HealthCheck, type HealthReport, type HealthSources } from './health.js';
