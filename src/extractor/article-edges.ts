import { readText } from './dom.js';
import type { DomElement } from './dom.js';
import { isBoilerplateLine, measureLinkDensity } from './furniture-signals.js';
import { hasAtMostWords } from './text-blocks.js';
import { cutTrailingSections, isLinkList } from './trailing-sections.js';

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
const MAX_DATE_LINE_WORDS = 8;
// The header is the first few blocks; a standfirst is a sentence or two.
const HEADER_BLOCKS = 5;
const MAX_STANDFIRST_WORDS = 60;
const MAX_PROMO_WORDS = 45;
// Blocks that hold one line of text; a table's cells run together when read as one line.
const LINE_BLOCKS = new Set(['p', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre']);
// English, then French, Spanish and German: "Inscrivez-vous à notre newsletter", "Suscríbete a
// nuestro boletín", "Laden Sie unsere App herunter".
const PROMO = new RegExp(
  [
    String.raw`\b(sign up (for|to|now|today)|subscribe (to|now|for|today)|newsletters?\b.*\b(inbox|sign|subscribe)|follow (us|\p{Lu}[\p{L}.]*) on|join (us|our)|download (our|the) app|get access to|click here|tell us what you think|want more stories|if you (enjoyed|liked|value) (this|our) (article|story|journalism)|listen (live|to|on)|email the author)\b`,
    String.raw`\b(inscrivez-vous|abonnez-vous|suivez-nous|t[ée]l[ée]chargez (notre |l['’])appli(cation)?|recevez (notre|nos|la) newsletter|retrouvez-nous sur)\b`,
    String.raw`(^|\s)(suscr[ií]b(ete|ase)|s[ií]g(ue|a)nos en|desc[aá]rg(a|ue) (nuestra|la) (app|aplicaci[oó]n)|rec[ií]b(e|a) (nuestro|el) (bolet[ií]n|newsletter)|date de alta)(?![\p{L}])`,
    String.raw`\b(abonnieren sie|melden sie sich [^.]{0,40}newsletter|laden sie (unsere|die) app|folgen sie uns|newsletter abonnieren|jetzt (abonnieren|anmelden))\b`,
  ].join('|'),
  'iu',
);
// A caption that ends with the picture's credit: "… hospital.Credit: EPA", "… (Image: GETTY)".
// "Credit:" is matched without a word boundary: caption and credit are often printed glued
// together ("… sought treatmentCredit: EPA").
const CAPTION_CREDIT =
  /(cr[ée]dit(o|s)?\s*:\s*[^.]{1,60}|\((\w+ )?(photo|image|picture|foto|bild)s?\b[^)]{0,60}\)|\bREUTERS\/[^.]{1,40}|\bgetty images?|\b(photo|image|foto|imagen|bild)s?\s*:\s*[^.]{1,60}|\b(photo|image|picture)s?( by)?\s*©\s*[^.]{1,60})\s*$/iu;

// Notices about the site or the page rather than the story: "The contents of this site are ©2019
// …", "This document is subject to copyright." A story's own wire copyright line stays.
const SITE_NOTICE =
  /\b(contents? of this (site|website|page)|this (document|page|website|site) is subject to copyright|no part (of this [a-z]+ )?may be reproduced without)\b/iu;
const CITATION = /^(citation|cite this( article| page)?):\s.*\bretrieved\b.*\bfrom\s+https?:\/\//iu;
// An address or switchboard line: two phone numbers, or one labelled as a phone or fax.
const CONTACT_LINE = /(\+?\d[\d ().-]{7,}\d\s*(tel|fax|phone)\b|\b(tel|fax|phone)\.?:?\s*\+?\d[\d ().-]{7,}\d)/iu;
// Wire notes under a story: "Follow AP's full coverage of Brexit at https://…", "More AP NBA:
// https://…", "Reach the reporters on Twitter at http://…".
const FOLLOW_POINTER = /^(follow|more|reach|contact|read|see|watch|find)\b[^.]{0,100}(\bat|\bon|:)\s*(https?:\/\/|www\.)\S+/iu;
// "You can view our June 2018 open thread here.": a pointer to another page of the site.
const HERE_POINTER = /^you can (also )?(view|read|find|see|listen to|watch|download)\b[^.!?]{0,80}\bhere\.?$/iu;
// "Listen: http://po.st/…", "iTunes: https://…": where to find the podcast or the app.
const LABELLED_URL = /^([\p{L}][\p{L} ]{0,24}:\s*(https?:\/\/|www\.)\S+\s*)+$/iu;
// Buttons and section labels that lose their section when the page is cut to its story.
const UI_LABEL =
  /^(partager|commentaires?|compartir|comentarios?|teilen|kommentare|subscribe|share( this( article| story)?)?|comments?|\d+ comments?|tags|topics|advert|print|email|loading( content)?\s*(\.{3}|…)?|you (may|might) also like|more (stories|news|articles)|related( stories| articles)?|trending( now)?|most (read|popular))\s*:?$/iu;

const MONTH = '(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\\.?';
// Month names of French, Spanish and German datelines ("12 mars 2024", "12 de marzo de 2024", "12. März 2024").
const OTHER_MONTH =
  '(janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|décembre|decembre|janv|févr|avr|juil|déc|' +
  'enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre|' +
  'januar|jänner|februar|märz|april|juni|juli|oktober|dezember)\\.?';
// Dates and times as templates print them: "Nov. 19, 2019", "19 November 2019", "2019-11-19", "4:20am".
const DATE_OR_TIME = new RegExp(
  `\\b${MONTH}\\s+\\d{1,2}(st|nd|rd|th)?\\b|\\b\\d{1,2}(st|nd|rd|th)?\\s+${MONTH}\\s+\\d{4}\\b|\\b\\d{1,2}(er|\\.)?\\s+(de\\s+)?${OTHER_MONTH}\\s+(de\\s+)?\\d{4}\\b|\\b\\d{1,2}\\s*h\\s*\\d{2}\\b|\\b\\d{4}[-/.]\\d{1,2}[-/.]\\d{1,2}\\b|\\b\\d{1,2}[-/.]\\d{1,2}[-/.]\\d{2,4}\\b|\\b\\d{1,2}:\\d{2}\\s*([ap]\\.?m\\.?)?\\b|\\b\\d+\\s+(second|minute|hour|day|week|month)s?\\s+ago\\b`,
  'iu',
);
// English, then French, Spanish and German: "Publié le", "Actualizado", "Stand:". "Posted in <category>"
// is a blog's filing line under the post, not a dateline.
const META_LEAD =
  /^(by|from|written by|posted by|words by|published|updated|posted(?! (in|under)\b)|last updated|first published|modified|publié|mis à jour|modifié|publicado|actualizado|veröffentlicht|aktualisiert|stand:)(?![\p{L}])/iu;
// "Par", "Por" and "Von" open a sentence as often as a byline: they count only before a name and nothing more.
const NAME_BYLINE = /^([Pp]ar|[Pp]or|[Vv]on)\s+\p{Lu}\p{Ll}+(\s+\p{Lu}[\p{L}.'’-]*){0,3}\s*([,|·•–—]|$)/u;
// Credits under pictures and at the foot of wire copy; the benchmark's human readers and a
// newspaper's own text both leave them out of the story.
const CREDIT_LINE =
  /^(\(?(image|photo|picture|photograph|video|credit|source|illustration|crédit|foto|imagen|crédito|fuente|bild|quelle)s?( credit)?\s*(:|by\b|©)|image copyright\b|(photo|image) \d+ of \d+|\d+\s*of\s*\d+\b|©(?!\s*(19|20)\d\d)|getty images?$|(additional )?reporting by\b|writing by\b|editing by\b|compiled by\b)/iu;
const CONTRIBUTED = /\b(contributed (to )?(this|the) (report|story|article)|contributed reporting)\b/iu;

/** Drops the page's headline, bylines, datelines, credits and navigation from the edges of a cleaned body. */
export function trimArticleEdges(root: DomElement, hints: EdgeHints): void {
  const titles = hints.titles.map((title) => normalizeForMatch(title ?? '')).filter((title) => title.length > 0);
  const byline = normalizeForMatch(hints.byline ?? '');
  const blocks = Array.from(root.children);
  const texts = blocks.map((block) => readText(block));
  const prose = blocks.map((block, at) => isProseBlock(block, texts[at]!));
  const headerEnd = findHeaderEnd(blocks, texts, prose, byline);
  const first = prose.indexOf(true, headerEnd + 1);
  const last = prose.lastIndexOf(true);
  blocks.forEach((block, at) => {
    const text = texts[at]!;
    // Without a paragraph of prose there is no story to find the edges of.
    const isLeading = first !== -1 && at < first;
    const isTrailing = last !== -1 && at > last;
    if (isTitleBlock(text, titles) || isCreditLine(text) || isCreditedCaption(block, text)) block.remove();
    else if (at <= headerEnd && hasAtMostWords(text, MAX_STANDFIRST_WORDS)) block.remove();
    else if ((isLeading || isTrailing) && isEdgeFurniture(block, text, byline)) block.remove();
    else if (isLeading && isLabelLine(block, text)) block.remove();
  });
  // Removing blocks leaves the others' text as it was: read each block once.
  const textByBlock = new Map(blocks.map((block, at) => [block, texts[at]!]));
  const textOf = (block: DomElement): string => textByBlock.get(block) ?? readText(block);
  cutTrailingSections(root, textOf);
  const kept = Array.from(root.children);
  peelTrailingPromos(kept, kept.map(textOf));
}

// A byline or dateline near the top closes the page's header: what comes before it (headline,
// kicker, standfirst) belongs to the header, not to the story. A standfirst is one paragraph: with
// two or more before the dateline, the story has already begun.
function findHeaderEnd(blocks: readonly DomElement[], texts: readonly string[], prose: readonly boolean[], byline: string): number {
  let end = -1;
  // A byline with no story after it is the story's footer ("Posted by … | Permalink"), not its header.
  const lastProse = prose.lastIndexOf(true);
  texts.slice(0, Math.min(HEADER_BLOCKS, lastProse)).forEach((text, at) => {
    if (LINE_BLOCKS.has(blocks[at]!.localName) && isHeaderLine(text, byline)) end = at;
  });
  if (end === -1 || prose.slice(0, end + 1).filter(Boolean).length > 1) return -1;
  if (isMetaLead(texts[end]!)) return end;
  // A bare date closes the header only when the story opens right after it.
  const next = texts.findIndex((text, at) => at > end && text !== '');
  return next === -1 || prose[next] === true ? end : -1;
}

function isHeaderLine(text: string, byline: string): boolean {
  if (text === '' || !hasAtMostWords(text, MAX_META_WORDS)) return false;
  if (isMetaLead(text) || (byline !== '' && normalizeForMatch(text).includes(byline))) return true;
  return hasAtMostWords(text, MAX_DATE_LINE_WORDS) && DATE_OR_TIME.test(text);
}

// Newsletter, app and follow-us lines sit after the story's last paragraph, and read like prose;
// so do the site's legal notice, its address, a "cite this page" line, buttons and section labels
// left without their section. They are peeled off the end one by one, up to the first story line.
function peelTrailingPromos(blocks: readonly DomElement[], texts: readonly string[]): void {
  for (let at = blocks.length - 1; at >= 0; at--) {
    const text = texts[at]!;
    if (text === '' || blocks[at]!.parentNode === null) continue;
    // A quoted sentence is someone speaking, whatever its words.
    if (!hasAtMostWords(text, MAX_PROMO_WORDS) || /^["“«']/u.test(text) || !isTrailingFurnitureLine(text)) return;
    blocks[at]!.remove();
  }
}

function isTrailingFurnitureLine(text: string): boolean {
  if (PROMO.test(text) || SITE_NOTICE.test(text) || CITATION.test(text) || CONTACT_LINE.test(text) || LABELLED_URL.test(text)) return true;
  if (FOLLOW_POINTER.test(text) || HERE_POINTER.test(text)) return true;
  if (hasAtMostWords(text, MAX_LABEL_WORDS) && (UI_LABEL.test(text) || isBoilerplateLine(text))) return true;
  return isMetaLine(text) && !/[.!?]["”»]?$/u.test(text.replace(/\b[ap]\.m\.$/iu, 'pm'));
}

function isMetaLead(text: string): boolean {
  return META_LEAD.test(text) || NAME_BYLINE.test(text);
}

function normalizeForMatch(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

function isProseBlock(block: DomElement, text: string): boolean {
  if (!['p', 'blockquote'].includes(block.localName)) return false;
  if (!/[.!?…"”»]/u.test(text) || hasAtMostWords(text, MIN_PROSE_WORDS - 1)) return false;
  return measureLinkDensity(block, text) < 0.5;
}

function isTitleBlock(text: string, titles: readonly string[]): boolean {
  const normalized = normalizeForMatch(text);
  if (normalized === '') return false;
  return titles.some((title) => normalized === title || (title.includes(normalized) && normalized.length >= 0.8 * title.length));
}

/** Tells whether a short line is a picture credit or a wire-copy credit rather than story text. */
export function isCreditLine(text: string): boolean {
  if (!hasAtMostWords(text, MAX_META_WORDS * 2)) return false;
  return CREDIT_LINE.test(text.trim()) || CONTRIBUTED.test(text);
}

function isEdgeFurniture(block: DomElement, text: string, byline: string): boolean {
  if (text === '') return false;
  if (byline !== '' && hasAtMostWords(text, MAX_META_WORDS) && normalizeForMatch(text).includes(byline)) return true;
  if (isMetaLine(text)) return true;
  if (/^https?:\/\/\S+$/iu.test(text)) return true;
  return isLinkList(block);
}

function isCreditedCaption(block: DomElement, text: string): boolean {
  return (block.localName === 'figure' || block.localName === 'p') && (isCaptionWithCredit(text) || isPositionedCaption(text));
}

// "US professor Kevin King (left) and his colleague Timothy Weeks AP": a caption says where in the
// picture people stand, and has no full stop.
function isPositionedCaption(text: string): boolean {
  return hasAtMostWords(text, MAX_META_WORDS * 2) && /\((left|right|centre|center|top|bottom|pictured|above|below)\)/iu.test(text) && !/[.!?…"”»]$/u.test(text);
}

/** Tells whether a short text is a picture's caption ending with the picture's credit. */
export function isCaptionWithCredit(text: string): boolean {
  return hasAtMostWords(text, MAX_STANDFIRST_WORDS) && CAPTION_CREDIT.test(text);
}

/** Tells whether a short line is a byline or a dateline. */
function isMetaLine(text: string): boolean {
  if (!hasAtMostWords(text, MAX_META_WORDS)) return false;
  return isMetaLead(text) || DATE_OR_TIME.test(text);
}


function isLabelLine(block: DomElement, text: string): boolean {
  if (block.localName !== 'p' || text === '') return false;
  return hasAtMostWords(text, MAX_LABEL_WORDS) && !/[.!?…]$/u.test(text);
}
