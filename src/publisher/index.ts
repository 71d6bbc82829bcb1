export { escapeXml, formatRfc822Date, renderRssFeed, type RssChannel, type RssItem } from './rss.js';
export { renderAtomFeed } from './atom.js';
export { JSON_FEED_VERSION, renderJsonFeed } from './json-feed.js';
export { MAX_SLUG_LENGTH, categorySlug, slugifyTitle, truncateSlug } from './slugs.js';
export { createWebSubPublisher, describeWebSubFailure, type WebSubOutcome, type WebSubPublisher } from './websub.js';
