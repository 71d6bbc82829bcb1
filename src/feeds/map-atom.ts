// Atom 0.3/1.0 as feedsmith returns it → ParsedEntries (RFC 4287).
import type { AtomFeed } from 'feedsmith';
import {
  SUMMARY_MAX_CHARS, buildEntry, isAbsoluteHttpUrl, isImageType, listMediaImages, pickDate, pickUrl,
  resolveBase, toCategories, toText, toTextConstruct,
  type FeedEntry, type ParsedEntries,
} from './item-fields.js';

type AtomLink = AtomFeed.Link<string>;
type AtomEntry = AtomFeed.Entry<string>;

// RFC 4287 §4.2.7.2: a link without rel is an alternate; an HTML alternate beats other types.
function listAlternateHrefs(links: AtomLink[] | undefined): string[] {
  const alternates = (links ?? []).filter((link) => !link.rel || link.rel.toLowerCase() === 'alternate');
  const html = alternates.filter((link) => !link.type || /html/i.test(link.type));
  return [...html, ...alternates].flatMap((link) => (link.href ? [link.href] : []));
}

function listEnclosureImages(links: AtomLink[] | undefined): string[] {
  return (links ?? [])
    .filter((link) => link.rel?.toLowerCase() === 'enclosure' && isImageType(link.type))
    .flatMap((link) => (link.href ? [link.href] : []));
}

/** How a text construct without a type reads: Atom 1.0 says text; Atom 0.3's default mode is inline XML. */
interface AtomDialect {
  untypedText: 'text' | 'html';
}

function readText(construct: { value?: string; type?: string } | undefined, dialect: AtomDialect, max?: number): string | undefined {
  return toTextConstruct(construct?.value, construct?.type ?? dialect.untypedText, max);
}

function readSummary(entry: AtomEntry, dialect: AtomDialect): string | undefined {
  return readText(entry.summary, dialect, SUMMARY_MAX_CHARS) ?? readText(entry.content, dialect, SUMMARY_MAX_CHARS);
}

function readAuthor(entry: AtomEntry, feed: AtomFeed.Feed<string>): string | undefined {
  // RFC 4287 §4.2.1: an entry without authors takes the feed's.
  const person = entry.authors?.[0] ?? feed.authors?.[0];
  return toText(person?.name ?? entry.dc?.creators?.[0] ?? person?.email);
}

function mapAtomEntry(entry: AtomEntry, feed: AtomFeed.Feed<string>, feedBase: string, dialect: AtomDialect): FeedEntry {
  const base = resolveBase(entry.xml?.base, feedBase);
  const id = entry.id?.trim();
  return buildEntry({
    guid: id,
    url: pickUrl([...listAlternateHrefs(entry.links), isAbsoluteHttpUrl(id) ? id : undefined], base),
    title: readText(entry.title, dialect),
    summary: readSummary(entry, dialect),
    publishedAt: pickDate([entry.published, entry.updated, ...(entry.dc?.dates ?? [])]),
    author: readAuthor(entry, feed),
    imageUrl: pickUrl([...listMediaImages(entry.media), ...listEnclosureImages(entry.links)], base),
    categories: toCategories((entry.categories ?? []).map((category) => category.label ?? category.term)),
  });
}

/** Maps an Atom feed; `isAtom03` makes untyped text constructs markup, as Atom 0.3's `mode="xml"` default does. */
export function mapAtomFeed(feed: AtomFeed.Feed<string>, feedUrl: string, isAtom03 = false): ParsedEntries {
  const base = resolveBase(feed.xml?.base, feedUrl);
  const dialect: AtomDialect = { untypedText: isAtom03 ? 'html' : 'text' };
  return {
    format: 'atom',
    title: readText(feed.title, dialect),
    siteUrl: pickUrl(listAlternateHrefs(feed.links), base),
    language: feed.xml?.lang?.trim() || undefined,
    entries: (feed.entries ?? []).map((entry) => mapAtomEntry(entry, feed, base, dialect)),
  };
}

