import { readText } from './dom.js';
import type { DomElement } from './dom.js';
import { measureLinkDensity } from './furniture-signals.js';
import { countWords, hasAtMostWords, readTextBlocks } from './text-blocks.js';

// Sections that pages append to a story and that survive the content pick because they sit in the
// story's container: cards pointing at other stories, the "About <company>" paragraph of a press
// release, a writer's one-line biography, and "More:" / "Related" link groups inside the story.

// A card's summary is a sentence or two; a longer paragraph is the story's own prose.
const MAX_SUMMARY_WORDS = 60;
// Cards are a repeated pattern: one lead (headline or picture link) per card, at least three cards.
const MIN_CARDS = 3;
const MAX_BLOCKS_BETWEEN_LEADS = 2;
// The cards together are a minority of the body: a list article made of linked items is the story.
const MAX_CARDS_SHARE = 0.4;
const MAX_SECTION_TITLE_WORDS = 6;
const MIN_HEADLINE_WORDS = 3;
// Company descriptions and biographies close the body: only its last few blocks are looked at.
const ABOUT_WINDOW = 4;
const MAX_ABOUT_WORDS = 160;

// "Ascom is a global solutions provider…", "Acme Corp., headquartered in Ohio, is the leading…".
// A sentence that opens with a pronoun or a determiner ("It is one of the largest…") is the story
// talking about something it already named, not a boilerplate company description.
const COMPANY_DESCRIPTION =
  /^(?!(This|That|These|Those|It|Its|There|Here|He|She|They|We|I|You|What|Which|Who|Such|One|Each|Every|All|Both)\b)\p{Lu}[\p{L}\p{N}&.'’ -]{0,60}?(,[^,]{1,80},)?\s+(is|are)\s+(a|an|the|one of the)\s+([^.]{0,80}\s)?(provider|company|leader|manufacturer|maker|firm|developer|supplier|organi[sz]ation|group|agency|network|platform|retailer|operator|publisher|producer|distributor|specialist|pioneer|innovator)s?\b/u;
// "Dallas Robinson is a freelance writer living in Minneapolis".
const WRITER_BIO =
  /^\p{Lu}[\p{L}.'’-]*(\s\p{Lu}[\p{L}.'’-]*){1,3}(\s\([^)]{1,60}\))?\s+(is|was)\s+(a|an|the)\s+([^.]{0,40}\s)?(writer|reporter|journalist|editor|correspondent|contributor|columnist|freelancer|author|producer|blogger|publisher)\b/u;
const PERSON_NAME = /^\p{Lu}[\p{L}'’-]+( \p{Lu}[\p{L}'’.-]*){1,3}$/u;
const BIO_VERB =
  /^\S+( \S+){0,3} (joined|covers|has (been )?(reporting|writing|covering|reported|written|covered)|writes (about|for)|(is|was) (a|an|the) [^.]{0,40}\b(writer|reporter|editor|journalist|correspondent|columnist))\b/u;
const AUTHOR_TITLE = /^about the (author|writer|reporter)s?\s*:?$/iu;
const ABOUT_TITLE = /^about (us|the (author|company|writer)|\p{Lu}[^.!?]{0,50})\s*:?$/iu;
// Labels over groups of links to other stories: "More:", "Related coverage", "Don't miss", and
// their French, Spanish and German forms.
const RELATED_WORDS =
  String.raw`(more|read more|related|more( great| top)?( [\p{L}'’]+){0,3} (stories|articles|news|reads|coverage)|related (stories|articles|coverage|content|links|news)|see also|also read|read also|recommended( reading)?|more on this( story| topic)?|you (may|might) also like|further reading|don['’]?t miss|more (from|about) [^:.!?]{1,40}|(à )?lire aussi|(à )?voir aussi|sur le même sujet|dans la même rubrique|lea también|lee también|ver también|te puede interesar|noticias relacionadas|lesen sie auch|mehr zum thema|auch interessant|siehe auch|das könnte sie auch interessieren)`;
const RELATED_LABEL = new RegExp(`^${RELATED_WORDS}\\s*:?$`, 'iu');
// Only a cheap first filter: a label glued to the next line by a <br> has no word boundary.
const RELATED_LABEL_START = new RegExp(`^${RELATED_WORDS}`, 'iu');

/** Reads a block's text; callers pass a cached reader, since blocks are read several times. */
export type TextReader = (block: DomElement) => string;

/** Removes trailing story cards, company descriptions and biographies, and labelled related-link groups. */
export function cutTrailingSections(root: DomElement, textOf: TextReader = readText): void {
  cutStoryCards(Array.from(root.children), textOf);
  removeRelatedLinkGroups(Array.from(root.children), textOf);
  cutAboutSection(Array.from(root.children), textOf);
}

// "More:" followed by a list of links, or by one-link paragraphs: pointers to other stories.
function removeRelatedLinkGroups(blocks: readonly DomElement[], textOf: TextReader): void {
  blocks.forEach((block, at) => {
    if (block.parentNode === null) return;
    // A list of two or more links and nothing else is navigation or related stories wherever it
    // is, and goes with its label.
    if (isLinkList(block) && block.children.length >= 2) {
      const label = blocks[at - 1];
      if (label !== undefined && label.parentNode !== null && isRelatedLabel(textOf(label))) label.remove();
      block.remove();
      return;
    }
    const text = textOf(block);
    if (!RELATED_LABEL_START.test(text)) return;
    if (isLabelledLinkBlock(block)) {
      block.remove();
      return;
    }
    if (!isRelatedLabel(text)) return;
    let end = at + 1;
    while (end < blocks.length && isLinkGroup(blocks[end]!)) end++;
    if (end === at + 1) return;
    for (const linked of blocks.slice(at, end)) linked.remove();
  });
}

function isRelatedLabel(text: string): boolean {
  return hasAtMostWords(text, MAX_SECTION_TITLE_WORDS) && RELATED_LABEL.test(text);
}

/** Tells whether a block is a list whose every item is one link: navigation, breadcrumbs, "more stories". */
export function isLinkList(block: DomElement): boolean {
  if (block.localName !== 'ul' && block.localName !== 'ol') return false;
  const items = Array.from(block.children).filter((item) => item.localName === 'li');
  if (items.length === 0) return false;
  return items.every((item) => {
    const text = readText(item);
    return text === '' || measureLinkDensity(item, text) >= 0.8;
  });
}

// The label and its links in one paragraph, a line each: "DON'T MISS<br><a>…</a> [WARNING]<br>…".
function isLabelledLinkBlock(block: DomElement): boolean {
  const [label, ...links] = readTextBlocks(block);
  if (label === undefined || links.length === 0 || !isRelatedLabel(label)) return false;
  return measureLinkDensity(block) >= 0.6;
}

function isListOfLinkedItems(block: DomElement): boolean {
  if (block.localName !== 'ul' && block.localName !== 'ol') return false;
  const items = Array.from(block.children);
  return items.length > 0 && items.every((item) => item.localName === 'li' && item.querySelector('a') !== null);
}

function isLinkGroup(block: DomElement): boolean {
  const text = readText(block);
  if (text === '') return block.querySelector('a img') !== null;
  // Under a label, a list whose every item links elsewhere is the list of related stories, even
  // when only part of each headline is the link.
  if (isListOfLinkedItems(block)) return measureLinkDensity(block, text) >= 0.4;
  // Labels such as "[VIDEO]" after each link are the only unlinked words allowed.
  return measureLinkDensity(block, text) >= 0.75;
}

// Cards for other stories after the story: each is a lead (a linked headline or a linked picture)
// followed by at most a kicker and a summary. The run is cut from its first lead, with the section
// title just before it. Aggregators link their cards to other sites, so the target's site is no clue.
function cutStoryCards(blocks: readonly DomElement[], textOf: TextReader): void {
  const start = findCardRunStart(blocks, textOf);
  if (start === -1) return;
  const titled = start > 0 && isSectionTitle(blocks[start - 1]!, textOf(blocks[start - 1]!)) ? start - 1 : start;
  for (const block of blocks.slice(titled)) block.remove();
}

function findCardRunStart(blocks: readonly DomElement[], textOf: TextReader): number {
  const texts = blocks.map(textOf);
  const leads = blocks.map((block, at) => readCardLead(block, texts[at]!));
  let start = -1;
  let gap = 0;
  for (let at = blocks.length - 1; at >= 0; at--) {
    const lead = leads[at];
    if (lead === undefined) {
      if (!hasAtMostWords(texts[at]!, MAX_SUMMARY_WORDS) || ++gap > MAX_BLOCKS_BETWEEN_LEADS) break;
      continue;
    }
    gap = 0;
    start = at;
  }
  if (start === -1 || countCards(leads.slice(start)) < MIN_CARDS) return -1;
  const cardWords = countWords(texts.slice(start).join(' '));
  return cardWords <= MAX_CARDS_SHARE * countWords(texts.join(' ')) ? start : -1;
}

// A card's headline and picture usually link to the same story: count distinct targets in a row.
function countCards(leads: readonly (string | undefined)[]): number {
  let cards = 0;
  let previous: string | undefined;
  for (const lead of leads) {
    if (lead !== undefined && lead !== previous) cards++;
    if (lead !== undefined) previous = lead;
  }
  return cards;
}

/** Returns the link target when a block is nothing but one link to another page (text or picture). */
function readCardLead(block: DomElement, text: string): string | undefined {
  const links = block.localName === 'a' ? [block] : Array.from(block.querySelectorAll('a'));
  const href = links[0]?.getAttribute('href');
  if (href === null || href === undefined || links.some((link) => link.getAttribute('href') !== href)) return undefined;
  if (!/^https?:/iu.test(href) || /\.(jpe?g|png|gif|webp|avif)([?#]|$)/iu.test(href)) return undefined;
  if (text === '') return block.querySelector('img') !== null || block.localName === 'a' ? href : undefined;
  // A headline has a few words; "[Engadget]" or "More" under a quote is a citation or a button.
  if (hasAtMostWords(text, MIN_HEADLINE_WORDS - 1) || /\.$/u.test(text)) return undefined;
  return measureLinkDensity(block, text) >= 0.9 ? href : undefined;
}

// "Emiliano Bellini" as a heading over "Emiliano joined pv magazine in March 2017. He has been
// reporting…". A name in a plain paragraph is more often a speaker's label in an interview.
function isNamedBiography(block: DomElement, text: string, next: string | undefined): boolean {
  if (next === undefined || !/^h[2-6]$/u.test(block.localName) || !PERSON_NAME.test(text)) return false;
  const bio = next;
  const names = text.split(' ');
  return hasAtMostWords(bio, MAX_ABOUT_WORDS) && names.some((name) => bio.startsWith(`${name} `)) && BIO_VERB.test(bio);
}

function isAboutTitle(text: string): boolean {
  return hasAtMostWords(text, MAX_SECTION_TITLE_WORDS) && ABOUT_TITLE.test(text);
}

function isSectionTitle(block: DomElement, text: string): boolean {
  return /^h[2-6]$/u.test(block.localName) && text !== '' && hasAtMostWords(text, MAX_SECTION_TITLE_WORDS);
}

// A press release ends with its company's standard description, often under "About <Company>";
// a feature ends with its writer's one-line biography. Neither is the story.
function cutAboutSection(blocks: readonly DomElement[], textOf: TextReader): void {
  const windowStart = Math.max(1, blocks.length - ABOUT_WINDOW);
  for (let at = windowStart; at < blocks.length; at++) {
    const text = textOf(blocks[at]!);
    const isAuthorTitle = (hasAtMostWords(text, MAX_SECTION_TITLE_WORDS) && AUTHOR_TITLE.test(text)) || isNamedBiography(blocks[at]!, text, at + 1 < blocks.length ? textOf(blocks[at + 1]!) : undefined);
    const isDescription = hasAtMostWords(text, MAX_ABOUT_WORDS) && (COMPANY_DESCRIPTION.test(text) || WRITER_BIO.test(text));
    if (!isAuthorTitle && !isDescription) continue;
    // "About <Company>" over the description goes with it.
    if (isAboutTitle(textOf(blocks[at - 1]!))) at--;
    const rest = blocks.slice(at + 1).map(textOf);
    if (rest.every((line) => hasAtMostWords(line, MAX_ABOUT_WORDS))) for (const block of blocks.slice(at)) block.remove();
    return;
  }
}
