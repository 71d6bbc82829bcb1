export { loadConfig, parseConfig, renderDefaultConfig, type LoadedConfig } from './load.js';
export { configSchema, type CampaignConfig, type Config } from './schema.js';
