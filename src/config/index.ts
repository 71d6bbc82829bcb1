export { loadConfig, parseConfig, renderDefaultConfig, type LoadedConfig } from './load.js';
export { configSchema, engineIds, type CampaignConfig, type Config, type EngineId } from './schema.js';
