// Atom 1.0 (RFC 4287), written by hand like RSS (rss.ts says why), from the same channel and items.
import { escapeXml, findNewestDate, type RssChannel, type RssItem } from './rss.js';

// An empty feed still needs an <updated> (RFC 4287 §4.1.1); a fixed one keeps its bytes stable.
const EPOCH = '1970-01-01T00:00:00.000Z';

/**
 * Renders an Atom 1.0 document. An entry's id is its permanent URL, as RSS's guid; its <updated> is
 * the date of its last update, or of its publication when it was never updated (the element is required).
 */
export function renderAtomFeed(items: readonly RssItem[], channel: RssChannel): string {
  const updated = channel.lastBuildDate ?? findNewestDate(items) ?? EPOCH;
  const head = [
    element('id', channel.link),
    element('title', channel.title),
    element('subtitle', channel.description),
    element('updated', formatRfc3339Date(updated)),
    // An author is required of the feed when its entries name none (RFC 4287 §4.1.1): the site.
    `<author>${element('name', channel.title)}</author>`,
    link('alternate', channel.link, 'text/html'),
    link('self', channel.selfUrl, 'application/atom+xml'),
    channel.hub ? link('hub', channel.hub) : '',
  ];
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${escapeXml(channel.language)}">`,
    ...head.filter(Boolean),
    ...items.map(renderEntry),
    '</feed>',
    '',
  ].join('\n');
}

function renderEntry(item: RssItem): string {
  const parts = [
    element('id', item.url),
    element('title', item.title),
    link('alternate', item.url, 'text/html'),
    element('published', formatRfc3339Date(item.publishedAt)),
    element('updated', formatRfc3339Date(item.updatedAt ?? item.publishedAt)),
    element('summary', item.summary),
    item.contentHtml !== undefined ? `<content type="html">${escapeXml(item.contentHtml)}</content>` : '',
    item.category ? `<category term="${escapeXml(item.category)}"/>` : '',
  ];
  return `<entry>${parts.filter(Boolean).join('')}</entry>`;
}

function element(name: string, text: string): string {
  return `<${name}>${escapeXml(text)}</${name}>`;
}

function link(rel: string, href: string, type?: string): string {
  return `<link rel="${rel}"${type ? ` type="${type}"` : ''} href="${escapeXml(href)}"/>`;
}

/** An ISO 8601 instant as RFC 3339 in UTC, as Atom wants its dates; the epoch when unreadable. */
export function formatRfc3339Date(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? EPOCH : date.toISOString();
}
