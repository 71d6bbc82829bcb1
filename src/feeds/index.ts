// The poll stage's pure half: feed text → normalized items, feed discovery, canonical URLs.
export { parseFeed } from './parse-feed.js';
export { parseFeedDate } from './parse-date.js';
export { canonicalizeUrl, isTrackingParameter } from './canonical-url.js';
export { discoverFeedLinks, isJsonFeed, isLikelyFeed, type DiscoveredFeed } from './discover.js';
