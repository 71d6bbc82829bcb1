import { TranslateError } from '../domain/errors.js';
import { htmlToPlainText } from '../util/html-text.js';
import type {
  LanguagePair,
  TranslatableText,
  TranslatedSegment,
  TranslatedText,
  TranslationEngine,
  TranslationMemory,
  TranslationStats,
} from '../domain/types.js';
import { canonicalizeTranslation, formatForEngine } from './placeholders.js';
import { repairTranslations } from './placeholder-repair.js';
import type { PlaceholderStyle, Segment } from './placeholders.js';
import { hasTranslatableText, renderSegmentedHtml, renderText, segmentHtml, segmentText } from './segment.js';
import { applyTextTypography, applyTypography } from './typography/index.js';
import { findPersonNames } from './person-names.js';
import { compileProtection } from './protection.js';
import type { Protection } from './protection.js';

/** What translating one story needs. */
export interface TranslateArticleContext {
  engine: TranslationEngine;
  pair: LanguagePair;
  memory: TranslationMemory;
  /** The campaign's terms kept as they are ("CNN", "Kremlin"). */
  protectedTerms?: readonly string[];
  /** The campaign's glossary: source term → target form ("White House" → "Maison-Blanche"). */
  glossary?: Readonly<Record<string, string>>;
  /** The article's byline: its names are protected too. */
  byline?: string;
  /** Whether names of people found in the text are kept unchanged (default true; English sources only). */
  protectNames?: boolean;
}

/** Counters of one translation, over distinct segments, plus the placeholders that had to be repaired. */
export interface ArticleTranslationStats extends TranslationStats {
  /** Inline elements the engine lost or garbled and that were put back (a quality signal). */
  repairs: number;
}

/** A translated story with its counters. */
export interface ArticleTranslation extends TranslatedText {
  stats: ArticleTranslationStats;
  /** Title, summary and body segments with words, in order, each beside its translation. */
  segments: TranslatedSegment[];
}

/**
 * Translates a story's title, summary and HTML body (with its elements' titles); only segments
 * the memory does not know go to the engine. The body is not sanitized here: the caller
 * sanitizes the result again.
 */
export async function translateArticle(input: TranslatableText, ctx: TranslateArticleContext): Promise<ArticleTranslation> {
  const { pair } = ctx;
  const protection = buildProtection(input, ctx);
  const title = segmentText(input.title, pair.from, protection);
  const summary = segmentText(input.summary, pair.from, protection);
  const body = segmentHtml(input.html, pair.from, protection);
  const all = [...title, ...summary, ...body.segments];
  const distinct = collectDistinct(all);
  const known = await ctx.memory.lookup(ctx.engine.id, pair, [...distinct.keys()]);
  const missing = [...distinct.values()].filter((segment) => !known.has(segment.text));
  const { translated: fresh, repairs: engineRepairs } = await translateMissing(missing, ctx);
  const translationOf = (segment: Segment): string => known.get(segment.text)?.target ?? fresh.get(segment.text) ?? segment.text;
  const titleOut = renderText(title, title.map(translationOf));
  const summaryOut = renderText(summary, summary.map(translationOf));
  const bodyOut = renderSegmentedHtml(body, body.segments.map(translationOf), {
    to: pair.to,
    formatTitle: (text) => applyTextTypography(text, pair.to, { from: pair.from }),
  });
  return {
    title: applyTextTypography(titleOut.text, pair.to, { from: pair.from }),
    summary: applyTextTypography(summaryOut.text, pair.to, { from: pair.from }),
    html: applyTypography(bodyOut.html, pair.to, { from: pair.from }),
    stats: {
      segments: distinct.size,
      fromMemory: distinct.size - missing.length,
      sentToEngine: missing.length,
      repairs: engineRepairs + titleOut.repairs + summaryOut.repairs + bodyOut.repairs,
    },
    segments: all.filter(hasTranslatableText).map((segment) => {
      const origin = known.get(segment.text)?.origin ?? 'machine';
      return { source: segment.text, translation: translationOf(segment), atoms: atomTextsOf(segment), origin, engine: origin === 'human' ? null : ctx.engine.id };
    }),
  };
}

// What a reader sees in place of each atom placeholder: an editor reads the segment as text.
function atomTextsOf(segment: Segment): Record<number, string> {
  const atoms: Record<number, string> = {};
  for (const placeholder of segment.placeholders) if (placeholder.kind === 'atom') atoms[placeholder.id] = placeholder.text;
  return atoms;
}

// The name finder reads English news style; other source languages get campaign terms only.
function buildProtection(input: TranslatableText, ctx: TranslateArticleContext): Protection {
  const isEnglish = ctx.pair.from.toLowerCase().split(/[-_]/)[0] === 'en';
  const personNames =
    (ctx.protectNames ?? true) && isEnglish
      ? findPersonNames(`${input.title}.\n${input.summary}\n${htmlToPlainText(input.html, { lines: true })}`, ctx.byline)
      : [];
  return compileProtection({ protectedTerms: ctx.protectedTerms ?? [], glossary: ctx.glossary ?? {}, personNames });
}

// Keyed by canonical text (already NFC and whitespace-collapsed): the memory's key.
function collectDistinct(segments: readonly Segment[]): Map<string, Segment> {
  const distinct = new Map<string, Segment>();
  for (const segment of segments) {
    if (hasTranslatableText(segment) && !distinct.has(segment.text)) distinct.set(segment.text, segment);
  }
  return distinct;
}

async function translateMissing(
  missing: readonly Segment[],
  ctx: TranslateArticleContext,
): Promise<{ translated: Map<string, string>; repairs: number }> {
  const { engine, pair } = ctx;
  const style: PlaceholderStyle = engine.capabilities.acceptsMarkup ? 'markup' : 'token';
  const batchSize = Math.max(1, engine.capabilities.maxBatch);
  const translated = new Map<string, string>();
  let repairs = 0;
  for (let start = 0; start < missing.length; start += batchSize) {
    const batch = missing.slice(start, start + batchSize);
    const output = await sendToEngine(batch.map((segment) => formatForEngine(segment, style)), ctx);
    // Lost or garbled placeholders are repaired before anything is remembered.
    const canonical = batch.map((segment, i) => canonicalizeTranslation(output[i] ?? '', segment));
    const checked = await repairTranslations(batch, canonical, (texts) => sendInBatches(texts, ctx));
    repairs += checked.repairs;
    const entries = new Map(batch.map((segment, i) => [segment.text, checked.texts[i] ?? segment.text]));
    // Remembered batch by batch so a failure later in the story keeps what was already paid for.
    await ctx.memory.remember(engine.id, pair, entries);
    for (const [source, target] of entries) translated.set(source, target);
  }
  return { translated, repairs };
}

async function sendToEngine(texts: string[], ctx: TranslateArticleContext): Promise<string[]> {
  const { engine, pair } = ctx;
  const output = await engine.translate(texts, pair);
  if (output.length !== texts.length) {
    // Retryable: a miscount may be about this text only, and stopping the engine for it would hold every other story.
    throw new TranslateError(engine.id, `returned ${output.length} segments for ${texts.length} (${pair.from}→${pair.to}); the engine is faulty, report it`, {
      retryable: true,
    });
  }
  return output;
}

// Pieces of segments that fell back travel in batches of the engine's size, as segments do.
async function sendInBatches(texts: readonly string[], ctx: TranslateArticleContext): Promise<string[]> {
  const batchSize = Math.max(1, ctx.engine.capabilities.maxBatch);
  const output: string[] = [];
  for (let start = 0; start < texts.length; start += batchSize) output.push(...(await sendToEngine(texts.slice(start, start + batchSize), ctx)));
  return output;
}
