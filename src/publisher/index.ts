export { escapeXml, formatRfc822Date, renderRssFeed, type RssChannel, type RssItem } from './rss.js';
export { MAX_SLUG_LENGTH, categorySlug, slugifyTitle, truncateSlug } from './slugs.js';
export { createWebSubPublisher, describeWebSubFailure, type WebSubOutcome, type WebSubPublisher } from './websub.js';
