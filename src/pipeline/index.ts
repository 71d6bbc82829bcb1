export { silentProgress, type PipelineContext, type ProgressReporter, type StoryOutcome } from './context.js';
export { describeEngineStop, readEngineProblems, type EngineProblem, type EngineStop } from './engine-stops.js';
export { createConfiguredFetcher, databaseFile, openPipeline, type OpenPipeline } from './open.js';
export { createEngineClient, createOperatorClient, openWebSub } from './http-clients.js';
export { fetchFeed, type FeedFetchOutcome, type FeedlessPage, type FetchFeedOptions } from './poll.js';
export { resolveQualityThresholds } from './quality-thresholds.js';
export { emptySummary, runCampaigns, selectCampaigns, type RunOptions, type RunSummary } from './run.js';
export { flowStories, leaseOwnerId } from './flow.js';
export { retryWhileUnreachable, RUN_DATABASE_WAIT_MS, type DatabaseWaitOptions } from './database-wait.js';
export type { StoryStage } from './story-stage.js';
export { AUTO_SOURCE, decideSourceLanguage, type SourceLanguageDecision } from './source-language.js';
export { startSchedule, type Schedule, type ScheduleHooks } from './scheduler.js';
// extractPage is imported from './extract-page.js' where it runs: it loads the whole extractor.
export {
  fetchArticlePage,
  REVIEW_REASON,
  translateStoryText,
  type ArticlePage,
  type ArticlePageOutcome,
  type StoryTranslation,
  type StoryTranslationOptions,
} from './stages.js';
export { enginesInUse, storyCountsOf } from './observe.js';
export { editSegment, listSegments, type ReviewSegment, type SegmentEditOutcome } from './review.js';
