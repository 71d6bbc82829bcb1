import type { Config } from '../../config/index.js';
import {
  listSources,
  readStorySummary,
  publishReviewed,
  rejectStory,
  requeueForTranslation,
  retryFailedStory,
  setSourcePaused,
  deleteStory,
  ensureSource,
  recordAudit,
  unpublishStory,
  type Db,
  type SourceRecord,
  type StoryActionOutcome,
  type StorySummary,
} from '../../storage/index.js';
import { selectStrings } from '../i18n.js';
import { chooseOrigin, createSitePaths, toAbsoluteUrl } from '../urls.js';

// One function per thing an editor does, shared by the admin pages and the API: each checks,
// acts, writes the audit log and says what happened. Handlers only translate HTTP to and from these.

/** What an action did: done, or why not, with the HTTP status the API answers. */
export type ActionResult =
  | { ok: true; message: string; state?: string }
  | { ok: false; status: 400 | 404 | 409 | 501; message: string };

/** Edits the configuration file's list of sources (the sources of record); given by the command that serves the admin. */
export interface SourceEditor {
  /** Finds the feed behind a URL and adds it to a campaign; answers the feed's URL. */
  add(campaignId: string, url: string): Promise<{ feedUrl: string; title?: string }>;
  remove(campaignId: string, feedUrl: string): Promise<void>;
}

/** What the actions need. */
export interface AdminActionOptions {
  db: Db;
  config: Readonly<Config>;
  /** Renders the site's pages that a publication change affected. */
  renderSite?: () => Promise<void>;
  sources?: SourceEditor;
}

/** The story actions an editor can take. */
export const storyActionNames = ['publish', 'reject', 'retry', 'retranslate', 'unpublish', 'delete'] as const;
/** One of the story actions. */
export type StoryActionName = (typeof storyActionNames)[number];

/** The actions, bound to a database and configuration. */
export interface AdminActions {
  story(actor: string, action: StoryActionName, storyId: number, reason?: string): Promise<ActionResult>;
  addSource(actor: string, campaignId: string, url: string): Promise<ActionResult>;
  pauseSource(actor: string, sourceId: number, paused: boolean): Promise<ActionResult>;
  removeSource(actor: string, sourceId: number): Promise<ActionResult>;
  /** The public URL of a published story: from site.base_url, or else the origin the request came to. */
  publicUrl(story: StorySummary, requestUrl: string): string | null;
  /** The configured campaigns. */
  campaigns(): { id: string; category: string }[];
  /** Every source of every campaign: the configured ones (recorded now if never polled, as the scheduler does) and removed ones still paused. */
  listSources(): Promise<SourceRecord[]>;
}

/** Binds the actions to what they act on. */
export function createAdminActions(options: AdminActionOptions): AdminActions {
  const { db, config } = options;
  const render = async () => options.renderSite?.();
  const audit = (actor: string, action: string, detail: string | undefined, storyId?: number) =>
    recordAudit(db, { actor, action, ...(storyId !== undefined ? { storyId } : {}), ...(detail ? { detail } : {}) });

  const storyAction = async (actor: string, action: StoryActionName, storyId: number, reason?: string): Promise<ActionResult> => {
    const result = await runStoryAction(db, actor, action, storyId, reason);
    if (!result.ok) return result;
    // Publishing, rejecting and the takedown write their own audit entries, in their transactions.
    if (action === 'retry' || action === 'retranslate') await audit(actor, action, reason, storyId);
    if (action === 'unpublish' || action === 'delete') await render();
    return result;
  };

  const findSource = async (sourceId: number): Promise<SourceRecord | undefined> => (await listSources(db)).find((source) => source.id === sourceId);

  return {
    story: storyAction,
    campaigns: () => config.campaigns.map((campaign) => ({ id: campaign.id, category: campaign.category })),
    async listSources() {
      for (const campaign of config.campaigns) for (const url of campaign.sources) await ensureSource(db, campaign.id, url);
      return listSources(db);
    },
    async addSource(actor, campaignId, url) {
      if (!config.campaigns.some((campaign) => campaign.id === campaignId)) return { ok: false, status: 404, message: `no campaign ${campaignId}` };
      if (!options.sources) return { ok: false, status: 501, message: 'sources cannot be edited here: this server was started without a configuration file' };
      const feed = await options.sources.add(campaignId, url);
      const source = await ensureSource(db, campaignId, feed.feedUrl);
      await audit(actor, 'source.add', `${campaignId} ${feed.feedUrl}`);
      return { ok: true, message: `added ${feed.feedUrl}${feed.title ? ` (${feed.title})` : ''} to ${campaignId} as source ${source.id}; it is polled once relais start is restarted` };
    },
    async pauseSource(actor, sourceId, paused) {
      const source = await findSource(sourceId);
      if (!source) return { ok: false, status: 404, message: `no source ${sourceId}` };
      await setSourcePaused(db, sourceId, paused);
      await audit(actor, paused ? 'source.pause' : 'source.resume', `${source.campaignId} ${source.url}`);
      return { ok: true, message: `${paused ? 'paused' : 'resumed'} ${source.url}` };
    },
    async removeSource(actor, sourceId) {
      const source = await findSource(sourceId);
      if (!source) return { ok: false, status: 404, message: `no source ${sourceId}` };
      if (!options.sources) return { ok: false, status: 501, message: 'sources cannot be edited here: this server was started without a configuration file' };
      await options.sources.remove(source.campaignId, source.url);
      // Paused too: a scheduler that read the configuration before stops polling it now.
      await setSourcePaused(db, sourceId, true);
      await audit(actor, 'source.remove', `${source.campaignId} ${source.url}`);
      return { ok: true, message: `removed ${source.url} from ${source.campaignId}` };
    },
    publicUrl(story, requestUrl) {
      if (!story.publication || story.state !== 'published') return null;
      const paths = createSitePaths(selectStrings(story.publication.language), '');
      return toAbsoluteUrl(paths.article(story.publication.slug), chooseOrigin(config.site.base_url, requestUrl));
    },
  };
}

async function runStoryAction(db: Db, actor: string, action: StoryActionName, storyId: number, reason: string | undefined): Promise<ActionResult> {
  const story = await readStorySummary(db, storyId);
  if (!story) return { ok: false, status: 404, message: `no story ${storyId}` };
  switch (action) {
    case 'publish': {
      const outcome = await publishReviewed(db, storyId, { actor });
      if (outcome.kind === 'not-held') return wrongState(storyId, outcome.state, 'only a held or published story can be published');
      return { ok: true, message: `story ${storyId} released: it is published on the next pass`, state: outcome.kind === 'released' ? outcome.state : story.state };
    }
    case 'reject': {
      if (!reason) return { ok: false, status: 400, message: 'a rejection needs a reason' };
      const outcome = await rejectStory(db, storyId, { actor, reason });
      if (outcome.kind === 'not-held') return wrongState(storyId, outcome.state, 'only a held story can be rejected');
      return { ok: true, message: `story ${storyId} rejected`, state: 'skipped' };
    }
    case 'retry':
      return fromOutcome(storyId, await retryFailedStory(db, storyId), 'only a failed story can be retried', 'sent back to be tried again');
    case 'retranslate':
      return fromOutcome(storyId, await requeueForTranslation(db, storyId), 'a story is translated again once it has been extracted', 'sent back to be translated again');
    case 'unpublish': {
      if (!reason) return { ok: false, status: 400, message: 'unpublishing needs a reason' };
      const outcome = await unpublishStory(db, storyId, { reason, actor });
      if (outcome !== 'unpublished') return wrongState(storyId, story.state, 'only a published story can be unpublished');
      return { ok: true, message: `story ${storyId} unpublished: its page answers 410 Gone`, state: 'unpublished' };
    }
    case 'delete': {
      const deleted = await deleteStory(db, storyId, { actor, ...(reason ? { reason } : {}) });
      return deleted ? { ok: true, message: `story ${storyId} deleted` } : { ok: false, status: 404, message: `no story ${storyId}` };
    }
  }
}

function fromOutcome(storyId: number, outcome: StoryActionOutcome, rule: string, done: string): ActionResult {
  if (outcome.kind === 'unknown') return { ok: false, status: 404, message: `no story ${storyId}` };
  if (outcome.kind === 'wrong-state') return wrongState(storyId, outcome.state, rule);
  return { ok: true, message: `story ${storyId} ${done}`, state: outcome.state };
}

function wrongState(storyId: number, state: string, rule: string): ActionResult {
  return { ok: false, status: 409, message: `story ${storyId} is ${state}: ${rule}` };
}
