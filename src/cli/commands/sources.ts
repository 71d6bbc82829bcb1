import { readFileSync, writeFileSync } from 'node:fs';
import { parseDocument, isSeq, isMap } from 'yaml';
import type { Config } from '../../config/index.js';
import { ConfigError, FeedError, FetchError } from '../../domain/errors.js';
import { discoverFeedLinks } from '../../feeds/index.js';
import { createConfiguredFetcher, databaseFile, fetchFeed } from '../../pipeline/index.js';
import { listSources, openDatabase } from '../../storage/index.js';
import type { SourceEditor } from '../../web/admin/actions.js';

/** Finds the feed behind a URL: the URL itself when it is a feed, else the page's `<link rel="alternate">`. */
export async function findFeed(config: Readonly<Config>, url: string): Promise<{ feedUrl: string; title?: string }> {
  const fetcher = createConfiguredFetcher(config);
  try {
    const outcome = await fetchFeed(fetcher, url, {
      accept: 'application/rss+xml, application/atom+xml, application/feed+json, text/html;q=0.8',
      pages: 'return',
    });
    if (outcome.kind === 'not-modified') throw new FetchError('http-status', url, 'answered 304 Not Modified to a plain GET', { status: 304 });
    if (outcome.kind === 'feed') return { feedUrl: outcome.url, ...(outcome.feed.title ? { title: outcome.feed.title } : {}) };
    const [first] = discoverFeedLinks(outcome.text, outcome.url);
    if (!first) throw new FeedError(`${url}: neither a feed nor a page that links one (no <link rel="alternate" type="application/rss+xml">); pass the feed's own URL`);
    return { feedUrl: first.url, ...(first.title ? { title: first.title } : {}) };
  } finally {
    await fetcher.close();
  }
}

/** Adds a feed URL to a campaign in the configuration file, keeping its comments and layout. */
export function addSourceToConfig(configFile: string, campaignId: string | undefined, feedUrl: string): string {
  const document = parseDocument(readFileSync(configFile, 'utf8'));
  const campaigns = document.get('campaigns');
  if (!isSeq(campaigns)) throw new ConfigError(`${configFile} has no campaigns list to add the source to`);
  const campaign = campaigns.items.find(
    (item) => isMap(item) && (campaignId === undefined || item.get('id') === campaignId),
  );
  if (!isMap(campaign)) throw new ConfigError(`${configFile}: no campaign ${campaignId ?? ''} (see campaigns[].id)`);
  const sources = campaign.get('sources');
  if (!isSeq(sources)) throw new ConfigError(`${configFile}: campaign ${String(campaign.get('id'))} has no sources list`);
  const id = String(campaign.get('id'));
  if (sources.items.some((item) => String((item as { value?: unknown }).value ?? item) === feedUrl)) return id;
  sources.add(feedUrl);
  writeFileSync(configFile, document.toString());
  return id;
}

/** Removes a feed URL from a campaign in the configuration file, keeping its comments and layout. */
export function removeSourceFromConfig(configFile: string, campaignId: string, feedUrl: string): void {
  const document = parseDocument(readFileSync(configFile, 'utf8'));
  const campaigns = document.get('campaigns');
  const campaign = isSeq(campaigns) ? campaigns.items.find((item) => isMap(item) && item.get('id') === campaignId) : undefined;
  if (!isMap(campaign)) throw new ConfigError(`${configFile}: no campaign ${campaignId} (see campaigns[].id)`);
  const sources = campaign.get('sources');
  if (!isSeq(sources)) throw new ConfigError(`${configFile}: campaign ${campaignId} has no sources list`);
  const index = sources.items.findIndex((item) => String((item as { value?: unknown }).value ?? item) === feedUrl);
  if (index < 0) return;
  if (sources.items.length === 1) throw new ConfigError(`${configFile}: ${feedUrl} is the last source of campaign ${campaignId}; a campaign needs at least one (pause it instead)`);
  sources.delete(index);
  writeFileSync(configFile, document.toString());
}

/** The admin area's way to edit the sources of record: the configuration file. */
export function createSourceEditor(config: Readonly<Config>, configFile: string): SourceEditor {
  return {
    async add(campaignId, url) {
      const feed = await findFeed(config, url);
      addSourceToConfig(configFile, campaignId, feed.feedUrl);
      return feed;
    },
    async remove(campaignId, feedUrl) {
      removeSourceFromConfig(configFile, campaignId, feedUrl);
    },
  };
}

/** Prints every source with its last poll and error. */
export async function printSources(config: Readonly<Config>): Promise<void> {
  const database = await openDatabase(databaseFile(config));
  try {
    for (const source of await listSources(database.db)) {
      const status = source.lastError ? `ERROR ${source.lastError}` : `ok${source.lastPolledAt ? `, polled ${source.lastPolledAt}` : ', not polled yet'}`;
      process.stdout.write(`${source.campaignId}  ${source.url}  ${status}\n`);
    }
  } finally {
    await database.close();
  }
}
