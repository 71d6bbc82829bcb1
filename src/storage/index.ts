export { openDatabase, nowIso, pingDatabase, type Db, type DatabaseHandle } from './db.js';
export { ensureSource, listSources, recordPollFailure, recordPollSuccess, type SourceRecord } from './sources.js';
export {
  countStoriesAwaiting,
  countStoriesReady,
  insertDiscoveredStories,
  listStoriesForStage,
  readArticle,
  readPage,
  readTranslation,
  recordExtracted,
  recordFetched,
  recordTranslated,
  recordTranslationHeld,
  type DiscoveredItem,
  type SegmentedTranslation,
  type StoredTranslation,
  type StoryRecord,
} from './stories.js';
export {
  recordFailed,
  recordHeld,
  recordPublished,
  recordSkipped,
  releaseHeldStory,
  reopenForExtraction,
  type PublicationInput,
  type ReleaseOutcome,
} from './transitions.js';
export { countStoriesByCampaign, countStoriesByState, isPublished, listStories, readStory } from './story-queries.js';
export { clearEngineProblem, listEngineProblems, recordEngineProblem, type EngineProblemRecord } from './engine-problems.js';
export { HUMAN_TRANSLATOR, createTranslationMemory, listMemoryUsage, readMemoryStats, type MemoryUsage } from './memory.js';
export { createSiteReader } from './site-reader.js';
export {
  keepPublishedArticle,
  listStoriesKeepingBlocks,
  readBlockCounts,
  readBlockSources,
  recordPageBlocks,
  type StoredBlockCount,
  type StoryBlocks,
} from './boilerplate.js';
export {
  claimStories,
  currentLeaseOwner,
  findSourceReady,
  isPostgres,
  listLeaseOwners,
  releaseLeases,
  releaseLeasesOf,
  renewLeases,
  runFenced,
  type ClaimRequest,
} from './leases.js';
export { readRobotsTxt, recordRobotsTxt, type StoredRobotsTxt } from './robots.js';
export { takeHostTurn } from './host-turns.js';
export {
  countLoginFailures,
  deleteSession,
  findApiTokenUser,
  listApiTokens,
  pruneLoginFailures,
  readSession,
  readUser,
  recordApiToken,
  recordLoginFailure,
  recordSession,
  revokeApiToken,
  saveUser,
  type ApiTokenRecord,
  type StoredSession,
  type StoredUser,
} from './accounts.js';
export { listEngineUsage, recordEngineUsage, type EngineUsageDay } from './engine-usage.js';
export {
  isSourcePaused,
  listStorySummaries,
  readStorySummary,
  requeueForTranslation,
  retryFailedStory,
  setSourcePaused,
  type StoryActionOutcome,
  type StorySummary,
} from './story-admin.js';
export { listAudit, recordAudit, type AuditEntry } from './audit.js';
export { deleteStory, unpublishStory, type UnpublishOutcome } from './takedown.js';
export {
  readSegmentationSettings,
  readSegments,
  recordSegmentEdit,
  type SegmentEdit,
  type StoredSegment,
} from './segments.js';
export { publishReviewed, rejectStory, type EditorialActor, type RejectOutcome } from './review.js';
export {
  isSameText,
  listRevisions,
  markChangedFeedItems,
  readLatestRevision,
  readPageValidators,
  readPublishedAt,
  recordRecheckDue,
  type StoryRevision,
} from './revisions.js';
export {
  deleteStoryDuplicates,
  findStoryWithUrl,
  listAlsoReportedBy,
  recordExtractedFingerprint,
  recordExtractedUnlessDuplicate,
  type DuplicateCheck,
  type DuplicateMatch,
  type ExtractedOutcome,
  type FingerprintCandidate,
  type StoredFingerprint,
} from './duplicates.js';
