// Writes the labelled near-duplicate pairs of test/fixtures/duplicates/pairs.jsonl from short
// excerpts of real article texts (the extraction benchmark's ground truth in ../shared, first
// sentences only) and from the news-site fixture's own sentences. How the pairs are made, and why,
// is in test/fixtures/duplicates/README.md. Deterministic: the same inputs give the same file.
//
//   npx tsx scripts/make-duplicate-pairs.ts [--shared DIR]
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { comparableWords } from '../src/duplicates/index.js';
import { buildCnnLikePages } from '../test/support/cnn-like-pages.js';
import { seededRandom } from '../test/support/seeded-random.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const sharedAt = process.argv.indexOf('--shared');
const shared = sharedAt > 0 ? resolve(process.argv[sharedAt + 1]!) : process.env.RELAIS_SHARED_DIR ?? resolve(repoRoot, '..', 'shared');
const random = seededRandom(20261204);

/** At most this many sentences of an article go into the set: an excerpt, never a whole text. */
const EXCERPT_SENTENCES = 9;
const MIN_SENTENCES = 5;

interface Story { id: string; sentences: string[] }
/** `sites`: the template (site) each text is printed by; stories of one site are never compared (src/pipeline/duplicates.ts). */
interface Pair { id: string; label: 'same' | 'different'; kind: string; sites: [string, string]; a: string; b: string }

// Page furniture that survives extraction on some sites: each "site template" leaks its own lines.
const templates = [
  { site: 'daily-ledger', byline: 'By Maria Lopez, Staff Writer', lead: 'LONDON —', tail: ['Sign up for our Morning Briefing newsletter.', 'Copyright 2026 Daily Ledger. All rights reserved.'] },
  { site: 'ap', byline: 'By The Associated Press', lead: 'NEW YORK (AP) —', tail: ['Associated Press writers contributed to this report.'] },
  { site: 'reuters', byline: 'Reporting by Tom Hale; Editing by Ana Ruiz', lead: '(Reuters) -', tail: ['Our Standards: The Thomson Reuters Trust Principles.'] },
  { site: 'natarajan-blog', byline: 'By Priya Natarajan', lead: '', tail: ['Follow us on social media for the latest updates.', 'Read more: the week in review.'] },
  { site: 'guardian-like', byline: 'Staff and agencies', lead: 'PARIS —', tail: ['This article was amended to correct a date.'] },
  { site: 'capital-times', byline: 'By Kenji Watanabe and Laura Berg', lead: 'WASHINGTON —', tail: ['Have a news tip? Contact our newsroom.'] },
];

// Sentences a rewriting desk adds to wire copy: context and boilerplate, not the story.
const addedSentences = [
  'The company did not immediately respond to a request for comment.',
  'Officials said more details would be released later in the day.',
  'This is a developing story and will be updated.',
  'The announcement came after weeks of speculation.',
  'Analysts had expected the move for some time.',
  'A spokesperson declined to comment further when reached on Friday.',
  'The figures could not be independently verified.',
  'It was not immediately clear how many people were affected.',
];

const wordSwaps: [RegExp, string][] = [
  [/\bsaid\b/, 'told reporters'],
  [/\bpercent\b/, 'per cent'],
  [/\bon Monday\b/, 'earlier this week'],
  [/\babout\b/, 'roughly'],
  [/\bmore than\b/, 'over'],
  [/\bbut\b/, 'however'],
];

function splitSentences(text: string): string[] {
  const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });
  const sentences: string[] = [];
  for (const paragraph of text.split(/\n+/)) {
    for (const { segment } of segmenter.segment(paragraph)) {
      const sentence = segment.trim();
      if (comparableWords(sentence).length >= 4) sentences.push(sentence);
    }
  }
  return sentences;
}

function readBenchmarkStories(): Story[] {
  const truth = JSON.parse(readFileSync(join(shared, 'bench/extraction/ground-truth.json'), 'utf8')) as Record<string, { articleBody: string }>;
  return Object.entries(truth)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([id, { articleBody }]) => ({ id: `bench-${id.slice(0, 10)}`, sentences: splitSentences(articleBody).slice(0, EXCERPT_SENTENCES) }))
    .filter((story) => story.sentences.length >= MIN_SENTENCES && isMostlyLatin(story.sentences.join(' ')));
}

function readFixtureStories(): Story[] {
  const bySlug = new Map<string, string[]>();
  for (const line of readFileSync(join(repoRoot, 'test/fixtures/news-site/KEEP.txt'), 'utf8').split('\n')) {
    const [slug, sentence] = line.split('\t');
    if (slug && sentence) bySlug.set(slug, [...(bySlug.get(slug) ?? []), sentence]);
  }
  return [...bySlug].map(([slug, sentences]) => ({ id: `fixture-${slug}`, sentences })).filter((story) => story.sentences.length >= MIN_SENTENCES);
}

// Formula stories: the project's CNN-like pages write 24 invented stories from one set of
// paragraph templates, each filled with its own place, people and figures.
function readFormulaStories(): Story[] {
  return buildCnnLikePages('https://example.invalid').map((page) => ({ id: `formula-${page.slug}`, sentences: page.keep }));
}

function isMostlyLatin(text: string): boolean {
  const letters = text.match(/\p{L}/gu) ?? [];
  return letters.filter((letter) => /\p{Script=Latin}/u.test(letter)).length > letters.length * 0.9;
}

function pick<T>(items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

function headlineOf(story: Story, variant: number): string {
  const words = story.sentences[0]!.split(/\s+/);
  return variant === 0 ? words.slice(0, 9).join(' ') : `${pick(['Update:', 'Explainer:', 'Breaking:', 'Report:'])} ${words.slice(2, 8).join(' ')}`;
}

/** The story as one site would print it: headline, byline, dateline, body, leaked furniture. */
function dress(sentences: readonly string[], headline: string, template: (typeof templates)[number]): string {
  const body = [...sentences];
  if (template.lead) body[0] = `${template.lead} ${body[0]}`;
  return [headline, template.byline, ...paragraphs(body), ...template.tail].join('\n\n');
}

function paragraphs(sentences: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < sentences.length; i += 2) out.push(sentences.slice(i, i + 2).join(' '));
  return out;
}

/** Light edits of a rewriting desk: some reordering, a sentence added or dropped, a few words changed. */
function rewrite(sentences: readonly string[]): { sentences: string[]; edits: string[] } {
  const out = [...sentences];
  const edits: string[] = [];
  if (random() < 0.6) {
    const at = 1 + Math.floor(random() * (out.length - 2));
    [out[at], out[at + 1]] = [out[at + 1]!, out[at]!];
    edits.push('reordered');
  }
  if (random() < 0.4) {
    const moved = out.splice(out.length - 1, 1)[0]!;
    out.splice(1 + Math.floor(random() * (out.length - 1)), 0, moved);
    edits.push('moved-paragraph');
  }
  const added = random() < 0.5 ? 1 : 2;
  for (let i = 0; i < added; i++) out.splice(Math.floor(random() * (out.length + 1)), 0, pick(addedSentences));
  edits.push(`added-${added}`);
  if (random() < 0.35 && out.length > MIN_SENTENCES) {
    out.pop();
    edits.push('dropped-last');
  }
  let swaps = 0;
  for (let i = 0; i < out.length && swaps < 3; i++) {
    const [pattern, replacement] = pick(wordSwaps);
    if (pattern.test(out[i]!)) {
      out[i] = out[i]!.replace(pattern, replacement);
      swaps++;
    }
  }
  if (swaps > 0) edits.push(`words-${swaps}`);
  return { sentences: out, edits };
}

function makePositive(story: Story): Pair {
  const [first, second] = twoTemplates();
  const { sentences, edits } = rewrite(story.sentences);
  return {
    id: `same-${story.id}`,
    label: 'same',
    kind: `other-template+new-headline+${edits.join('+')}`,
    sites: [first.site, second.site],
    a: dress(story.sentences, headlineOf(story, 0), first),
    b: dress(sentences, headlineOf(story, 1), second),
  };
}

function twoTemplates(): [(typeof templates)[number], (typeof templates)[number]] {
  const first = Math.floor(random() * templates.length);
  const second = (first + 1 + Math.floor(random() * (templates.length - 1))) % templates.length;
  return [templates[first]!, templates[second]!];
}

// Stories on the same topic: the pairs of different stories whose content words overlap most.
function sameTopicPairs(stories: readonly Story[], count: number): [Story, Story][] {
  const vocabularies = stories.map((story) => new Set(comparableWords(story.sentences.join(' ')).filter((word) => word.length > 3)));
  const scored: { a: number; b: number; overlap: number }[] = [];
  for (let a = 0; a < stories.length; a++) {
    for (let b = a + 1; b < stories.length; b++) {
      let shared = 0;
      for (const word of vocabularies[a]!) if (vocabularies[b]!.has(word)) shared++;
      scored.push({ a, b, overlap: shared / Math.min(vocabularies[a]!.size, vocabularies[b]!.size) });
    }
  }
  scored.sort((x, y) => y.overlap - x.overlap || x.a - y.a || x.b - y.b);
  return scored.slice(0, count).map(({ a, b }) => [stories[a]!, stories[b]!]);
}

function makeSameTopic([a, b]: [Story, Story]): Pair {
  const [first, second] = twoTemplates();
  return { id: `topic-${a.id}-${b.id}`, label: 'different', kind: 'same-topic', sites: [first.site, second.site], a: dress(a.sentences, headlineOf(a, 0), first), b: dress(b.sentences, headlineOf(b, 0), second) };
}

function makeSameTemplate(a: Story, b: Story, kind = 'same-template'): Pair {
  const template = pick(templates);
  return { id: `template-${a.id}-${b.id}`, label: 'different', kind, sites: [template.site, template.site], a: dress(a.sentences, headlineOf(a, 0), template), b: dress(b.sentences, headlineOf(b, 0), template) };
}

function main(): void {
  const stories = [...readFixtureStories(), ...readBenchmarkStories()];
  const pairs: Pair[] = stories.map(makePositive);
  for (const pair of sameTopicPairs(stories, 70)) pairs.push(makeSameTopic(pair));
  for (let i = 0; i < 70; i++) {
    const a = stories[Math.floor(random() * stories.length)]!;
    let b = a;
    while (b === a) b = stories[Math.floor(random() * stories.length)]!;
    pairs.push(makeSameTemplate(a, b));
  }
  const formula = readFormulaStories();
  for (const [a, b] of sameTopicPairs(formula, 40)) pairs.push(makeSameTemplate(a, b, 'same-template-formula'));
  const out = join(repoRoot, 'test/fixtures/duplicates/pairs.jsonl');
  writeFileSync(out, pairs.map((pair) => JSON.stringify(pair)).join('\n') + '\n');
  const same = pairs.filter((pair) => pair.label === 'same').length;
  console.log(`${out}: ${pairs.length} pairs (${same} same story, ${pairs.length - same} different) from ${stories.length} stories`);
}

main();
