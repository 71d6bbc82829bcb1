import type { LanguagePair, TranslatableText } from '../domain/types.js';
import { htmlToPlainText } from '../util/html-text.js';
import { splitSentences } from './sentences.js';

// Quality gates: checks a translation must pass before it is published. Pure: text in,
// verdict out. The language detector (eld's data weighs about 150 MB per thread while it loads)
// is imported on the first translation whose language is checked, not by every process that
// loads the translator. Each gate compares the output with its source so that what the source itself
// does (a repeated chant, a quoted sentence in another language) is not held against it.

/** Thresholds of the gates (from the `quality` configuration, with a campaign's overrides). */
export interface QualityThresholds {
  checkLanguage: boolean;
  maxUntranslatedShare: number;
  minLengthRatio: number;
  maxLengthRatio: number;
  maxRepetition: number;
}

/** The gates, in the order they run. */
export type QualityGate = 'placeholders' | 'repetition' | 'length' | 'untranslated' | 'language';

/** What the gates said about a translation. */
export type QualityVerdict = { kind: 'pass' } | { kind: 'fail'; gate: QualityGate; reason: string };

// Below these sizes a measure says more about the sample than about the translation.
const MIN_LANGUAGE_CHARS = 200;
const MIN_RATIO_CHARS = 100;
const MIN_UNTRANSLATED_SENTENCES = 3;
const LANGUAGE_SAMPLE_CHARS = 5000;
const MAX_NGRAM = 4;
// Placeholder spellings of relais (<x1>, </x1>, <x1/>, [1], [/1]) and common engine ones (⟦1⟧, {1}).
const PLACEHOLDER_LEFTOVER = /<\s*\/?\s*x\d+\s*\/?\s*>|\[\s*\/?\s*\d+\s*\]|⟦[^⟧]*⟧|\{\{?\s*\d+\s*\}?\}/giu;

type Gate = (source: Prepared, target: Prepared, pair: LanguagePair, thresholds: QualityThresholds, detect: DetectLanguage) => string | undefined;

type DetectLanguage = (text: string) => string;

let detector: Promise<DetectLanguage> | undefined;
function loadDetector(): Promise<DetectLanguage> {
  detector ??= import('eld/small').then(({ eld }) => (text: string) => eld.detect(text).language);
  return detector;
}
const NO_DETECTOR: DetectLanguage = () => {
  throw new Error('the language gate ran without its detector');
};

interface Prepared {
  /** Title, summary and body text, block by block. */
  text: string;
}

const GATES: ReadonlyArray<readonly [QualityGate, Gate]> = [
  ['placeholders', checkPlaceholders],
  ['repetition', checkRepetition],
  ['length', checkLengthRatio],
  ['untranslated', checkUntranslatedShare],
  ['language', checkLanguage],
];

/** Runs the quality gates on a translation; the first gate that fails gives the verdict. */
export async function assessTranslation(
  source: TranslatableText,
  target: TranslatableText,
  pair: LanguagePair,
  thresholds: QualityThresholds,
): Promise<QualityVerdict> {
  const preparedSource = prepare(source);
  const preparedTarget = prepare(target);
  const detect = thresholds.checkLanguage ? await loadDetector() : NO_DETECTOR;
  for (const [gate, check] of GATES) {
    const reason = check(preparedSource, preparedTarget, pair, thresholds, detect);
    if (reason !== undefined) return { kind: 'fail', gate, reason };
  }
  return { kind: 'pass' };
}

function prepare(text: TranslatableText): Prepared {
  return { text: [text.title, text.summary, htmlToPlainText(text.html, { lines: true, skipCode: true })].filter((part) => part.trim().length > 0).join('\n') };
}

function checkPlaceholders(source: Prepared, target: Prepared): string | undefined {
  const left = countMatches(target.text, PLACEHOLDER_LEFTOVER) - countMatches(source.text, PLACEHOLDER_LEFTOVER);
  if (left <= 0) return undefined;
  const example = target.text.match(PLACEHOLDER_LEFTOVER)?.[0] ?? '';
  return `${left} placeholder(s) left in the output (such as "${example}"); the engine garbled them`;
}

function checkRepetition(source: Prepared, target: Prepared, _pair: LanguagePair, thresholds: QualityThresholds): string | undefined {
  const loop = findLongestLoop(target.text);
  if (!loop || loop.count <= thresholds.maxRepetition) return undefined;
  // A source that repeats itself as much is translated faithfully, not looping.
  if ((findLongestLoop(source.text)?.count ?? 0) >= loop.count) return undefined;
  return `"${loop.ngram}" repeated ${loop.count} times in a row (most allowed: ${thresholds.maxRepetition}); the engine looped`;
}

function checkLengthRatio(source: Prepared, target: Prepared, _pair: LanguagePair, thresholds: QualityThresholds): string | undefined {
  const sourceLength = countChars(source.text);
  if (sourceLength < MIN_RATIO_CHARS) return undefined;
  const ratio = countChars(target.text) / sourceLength;
  if (ratio >= thresholds.minLengthRatio && ratio <= thresholds.maxLengthRatio) return undefined;
  const bound = ratio < thresholds.minLengthRatio ? `below ${thresholds.minLengthRatio}` : `above ${thresholds.maxLengthRatio}`;
  return `output is ${ratio.toFixed(2)} times the length of the source (${bound}); text was lost or invented`;
}

function checkUntranslatedShare(source: Prepared, target: Prepared, pair: LanguagePair, thresholds: QualityThresholds): string | undefined {
  const sourceSentences = new Set(splitSentences(source.text, pair.from).filter(hasWords).map(normalizeSentence));
  const targetSentences = splitSentences(target.text, pair.to).filter(hasWords).map(normalizeSentence);
  if (targetSentences.length < MIN_UNTRANSLATED_SENTENCES) {
    if (targetSentences.length === 0 || !targetSentences.every((sentence) => sourceSentences.has(sentence))) return undefined;
  }
  const same = targetSentences.filter((sentence) => sourceSentences.has(sentence)).length;
  const share = same / targetSentences.length;
  if (share <= thresholds.maxUntranslatedShare) return undefined;
  return `${same} of ${targetSentences.length} sentences are the source unchanged (${percent(share)}, most allowed ${percent(thresholds.maxUntranslatedShare)})`;
}

function checkLanguage(_source: Prepared, target: Prepared, pair: LanguagePair, thresholds: QualityThresholds, detect: DetectLanguage): string | undefined {
  if (!thresholds.checkLanguage) return undefined;
  const sample = target.text.replace(/\s+/gu, ' ').slice(0, LANGUAGE_SAMPLE_CHARS);
  if (countLetters(sample) < MIN_LANGUAGE_CHARS) return undefined;
  const expected = primaryLanguage(pair.to);
  const detected = detect(sample);
  if (detected === expected) return undefined;
  return detected === '' ? `no language recognized in the output (expected ${expected})` : `output is in ${detected}, not ${expected}`;
}

/** The longest run of one word n-gram repeated back to back, within a line. */
function findLongestLoop(text: string): { ngram: string; count: number } | undefined {
  let best: { ngram: string; count: number } | undefined;
  for (const line of text.split('\n')) {
    const words = line.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
    for (let n = 1; n <= MAX_NGRAM; n += 1) {
      for (let start = 0; start + n <= words.length; ) {
        const count = countRepeats(words, start, n);
        if (count > (best?.count ?? 1)) best = { ngram: words.slice(start, start + n).join(' '), count };
        // Inside a run every later start sees the same run, shorter: skip to its last copy.
        start += count > 1 ? (count - 1) * n : 1;
      }
    }
  }
  return best;
}

function countRepeats(words: readonly string[], start: number, n: number): number {
  let count = 1;
  while (start + (count + 1) * n <= words.length && isSameSlice(words, start, start + count * n, n)) count += 1;
  return count;
}

function isSameSlice(words: readonly string[], a: number, b: number, n: number): boolean {
  for (let i = 0; i < n; i += 1) if (words[a + i] !== words[b + i]) return false;
  return true;
}

// Sentences of numbers, names or a dateline ("Xi Jinping.", "2024", "MOSCOW (CNN)") read the same
// in any language: only a sentence with a word in lower case can show it was left untranslated.
function hasWords(sentence: string): boolean {
  const words = sentence.match(/\p{L}+/gu) ?? [];
  return words.length >= 3 && words.some((word) => /^\p{Ll}/u.test(word));
}

function normalizeSentence(sentence: string): string {
  return sentence.normalize('NFC').replace(/[\s\u00A0\u202F]+/gu, ' ').trim().toLowerCase();
}

function countMatches(text: string, pattern: RegExp): number {
  return [...text.matchAll(pattern)].length;
}

function countChars(text: string): number {
  return text.replace(/\s+/gu, ' ').trim().length;
}

function countLetters(text: string): number {
  return (text.match(/\p{L}/gu) ?? []).length;
}

function primaryLanguage(lang: string): string {
  return lang.toLowerCase().split(/[-_]/u)[0] ?? lang;
}

function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}
