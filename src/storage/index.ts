export { openDatabase, nowIso, type Db, type DatabaseHandle } from './db.js';
export { ensureSource, listSources, recordPollFailure, recordPollSuccess, type SourceRecord } from './sources.js';
export {
  insertDiscoveredStories,
  listStoriesForStage,
  readArticle,
  readPage,
  readTranslation,
  recordExtracted,
  recordFetched,
  recordTranslated,
  type DiscoveredItem,
  type StoredTranslation,
  type StoryRecord,
} from './stories.js';
export { recordFailed, recordHeld, recordPublished, recordSkipped, type PublicationInput } from './transitions.js';
export { countStoriesByState, listStories, readStory } from './story-queries.js';
export { createTranslationMemory, readMemoryStats } from './memory.js';
export { createSiteReader } from './site-reader.js';
