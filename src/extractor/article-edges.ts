import { readText } from './dom.js';
import type { DomElement } from './dom.js';
import { measureLinkDensity } from './furniture-signals.js';
import { countWords } from './text-blocks.js';

/** What the page says about itself that the body should not repeat: its title(s) and byline. */
export interface EdgeHints {
  titles: readonly (string | null | undefined)[];
  byline?: string | undefined;
}

// A paragraph this long, mostly unlinked and with a full stop, is the story's own prose: the edges
// of the body are the blocks before the first and after the last such paragraph.
const MIN_PROSE_WORDS = 10;
// Kicker, section and short label lines above the story ("Advice", "BREAKING NEWS").
const MAX_LABEL_WORDS = 4;
// Bylines, datelines and credits are short: a long block that matches their words is prose.
const MAX_META_WORDS = 16;

const MONTH = '(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\\.?';
// Dates and times as templates print them: "Nov. 19, 2019", "19 November 2019", "2019-11-19", "4:20am".
const DATE_OR_TIME = new RegExp(
  `\\b${MONTH}\\s+\\d{1,2}(st|nd|rd|th)?\\b|\\b\\d{1,2}(st|nd|rd|th)?\\s+${MONTH}\\s+\\d{4}\\b|\\b\\d{4}[-/.]\\d{1,2}[-/.]\\d{1,2}\\b|\\b\\d{1,2}[-/.]\\d{1,2}[-/.]\\d{2,4}\\b|\\b\\d{1,2}:\\d{2}\\s*([ap]\\.?m\\.?)?\\b|\\b\\d+\\s+(second|minute|hour|day|week|month)s?\\s+ago\\b`,
  'iu',
);
const META_LEAD = /^(by|from|written by|posted by|words by|published|updated|posted|last updated|first published|modified)\b/iu;
// Credits under pictures and at the foot of wire copy; the benchmark's human readers and a
// newspaper's own text both leave them out of the story.
const CREDIT_LINE =
  /^(\(?(image|photo|picture|photograph|video|credit|source|illustration)s?( credit)?\s*(:|by\b|©)|image copyright\b|(photo|image) \d+ of \d+|\d+\s*of\s*\d+\b|©(?!\s*(19|20)\d\d)|getty images?$|(additional )?reporting by\b|writing by\b|editing by\b|compiled by\b)/iu;
const CONTRIBUTED = /\b(contributed (to )?(this|the) (report|story|article)|contributed reporting)\b/iu;

/** Drops the page's headline, bylines, datelines, credits and navigation from the edges of a cleaned body. */
export function trimArticleEdges(root: DomElement, hints: EdgeHints): void {
  const titles = hints.titles.map((title) => normalizeForMatch(title ?? '')).filter((title) => title.length > 0);
  const byline = normalizeForMatch(hints.byline ?? '');
  const blocks = Array.from(root.children);
  const texts = blocks.map((block) => readText(block));
  const prose = blocks.map((block, at) => isProseBlock(block, texts[at]!));
  const first = prose.indexOf(true);
  const last = prose.lastIndexOf(true);
  blocks.forEach((block, at) => {
    const text = texts[at]!;
    // Without a paragraph of prose there is no story to find the edges of.
    const isLeading = first !== -1 && at < first;
    const isTrailing = last !== -1 && at > last;
    if (isTitleBlock(text, titles) || isCreditLine(text)) block.remove();
    else if ((isLeading || isTrailing) && isEdgeFurniture(block, text, byline)) block.remove();
    else if (isLeading && isLabelLine(block, text)) block.remove();
  });
}

function normalizeForMatch(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

function isProseBlock(block: DomElement, text: string): boolean {
  if (!['p', 'blockquote'].includes(block.localName)) return false;
  if (!/[.!?…"”»]/u.test(text) || countWords(text) < MIN_PROSE_WORDS) return false;
  return measureLinkDensity(block, text) < 0.5;
}

function isTitleBlock(text: string, titles: readonly string[]): boolean {
  const normalized = normalizeForMatch(text);
  if (normalized === '') return false;
  return titles.some((title) => normalized === title || (title.includes(normalized) && normalized.length >= 0.8 * title.length));
}

/** Tells whether a short line is a picture credit or a wire-copy credit rather than story text. */
export function isCreditLine(text: string): boolean {
  if (countWords(text) > MAX_META_WORDS * 2) return false;
  return CREDIT_LINE.test(text.trim()) || (CONTRIBUTED.test(text) && countWords(text) <= MAX_META_WORDS * 2);
}

function isEdgeFurniture(block: DomElement, text: string, byline: string): boolean {
  if (text === '') return false;
  if (byline !== '' && normalizeForMatch(text).includes(byline) && countWords(text) <= MAX_META_WORDS) return true;
  if (isMetaLine(text)) return true;
  if (/^https?:\/\/\S+$/iu.test(text)) return true;
  return isLinkList(block);
}

/** Tells whether a short line is a byline or a dateline. */
function isMetaLine(text: string): boolean {
  if (countWords(text) > MAX_META_WORDS) return false;
  return META_LEAD.test(text) || DATE_OR_TIME.test(text);
}

// Navigation, breadcrumbs and "more stories" lists: every item is one short link.
function isLinkList(block: DomElement): boolean {
  if (block.localName !== 'ul' && block.localName !== 'ol') return false;
  const items = Array.from(block.children).filter((item) => item.localName === 'li');
  if (items.length === 0) return false;
  return items.every((item) => {
    const text = readText(item);
    return text === '' || measureLinkDensity(item, text) >= 0.8;
  });
}

function isLabelLine(block: DomElement, text: string): boolean {
  if (block.localName !== 'p' || text === '') return false;
  return countWords(text) <= MAX_LABEL_WORDS && !/[.!?…]$/u.test(text);
}
