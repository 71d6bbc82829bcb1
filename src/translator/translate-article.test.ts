import { describe, expect, it } from 'vitest';
import { TranslateError } from '../domain/errors.js';
import type { LanguagePair, TranslationEngine, MemoryMatch, TranslationMemory } from '../domain/types.js';
import { translateArticle } from './translate-article.js';

/** A Map-backed translation memory (a test double of the domain interface). */
function createMapMemory(): TranslationMemory & { size(): number } {
  const entries = new Map<string, string>();
  const keyOf = (engine: string, pair: LanguagePair, segment: string): string => `${engine}|${pair.from}|${pair.to}|${segment}`;
  return {
    async lookup(engine, pair, segments) {
      const found = new Map<string, MemoryMatch>();
      for (const segment of segments) {
        const target = entries.get(keyOf(engine, pair, segment));
        if (target !== undefined) found.set(segment, { target, origin: 'machine' });
      }
      return found;
    },
    async remember(engine, pair, translations) {
      for (const [source, target] of translations) entries.set(keyOf(engine, pair, source), target);
    },
    size: () => entries.size,
  };
}

// A tiny "French" engine: a word list, placeholders and punctuation kept; it counts what it is sent.
const WORDS: Record<string, string> = {
  the: 'le', president: 'président', said: 'a dit', he: 'il', would: 'allait', go: 'aller', to: 'à',
  moscow: 'Moscou', next: 'la semaine', week: 'prochaine', is: 'est', it: 'ce', true: 'vrai', news: 'nouvelles',
  leaves: 'part', for: 'pour', "he's": 'il est', happy: 'heureux', what: 'quoi',
};

function createCountingEngine(options: { acceptsMarkup: boolean; maxBatch: number }) {
  const calls: string[][] = [];
  const engine: TranslationEngine = {
    id: 'counting',
    capabilities: options,
    async translate(segments) {
      calls.push([...segments]);
      return segments.map((segment) =>
        segment.replace(/[\p{L}']+/gu, (word) => WORDS[word.toLowerCase()] ?? word),
      );
    },
    async check() {
      return null;
    },
    async close() {},
  };
  return { engine, calls, sentCount: () => calls.reduce((sum, call) => sum + call.length, 0) };
}

const STORY = {
  title: 'The president leaves for Moscow',
  summary: 'He would go to Moscow next week.',
  html:
    '<p>The <a href="https://example.com/moscow?x=1&amp;y=2">president</a> said he would go. The president said he would go.</p>' +
    '<p>Is it true? <em>He\'s happy</em>: "what" news...</p><pre>The code</pre>',
};
const PAIR = { from: 'en', to: 'fr' };

describe('translateArticle', () => {
  it.each([
    ['a markup engine', true],
    ['a token engine', false],
  ])('translates title, summary and body with %s, keeping links and applying French typography', async (_name, acceptsMarkup) => {
    const counting = createCountingEngine({ acceptsMarkup, maxBatch: 2 });
    const result = await translateArticle(STORY, { engine: counting.engine, pair: PAIR, memory: createMapMemory() });
    expect(result.title).toBe('le président part pour Moscou');
    expect(result.summary).toBe('il allait aller à Moscou la semaine prochaine.');
    expect(result.html).toContain('<a href="https://example.com/moscow?x=1&amp;y=2">président</a>');
    expect(result.html).toContain('est ce vrai\u202F?');
    expect(result.html).toContain('<em>il est heureux</em>&nbsp;: «\u202Fquoi\u202F» nouvelles…');
    expect(result.html).toContain('<pre>The code</pre>');
    expect(result.stats.repairs).toBe(0);
    const sent = counting.calls.flat().join('\n');
    expect(sent).not.toContain('example.com');
    expect(acceptsMarkup ? sent.includes('<x1>') : sent.includes('[1]')).toBe(true);
  });

  it('sends each distinct segment once, in batches of maxBatch, and nothing the second time', async () => {
    const memory = createMapMemory();
    const first = createCountingEngine({ acceptsMarkup: true, maxBatch: 2 });
    const firstResult = await translateArticle(STORY, { engine: first.engine, pair: PAIR, memory });
    // title, summary, 2 distinct body sentences of the first paragraph, 2 of the second
    expect(firstResult.stats).toEqual({ segments: 6, fromMemory: 0, sentToEngine: 6, repairs: 0 });
    expect(first.calls.map((call) => call.length)).toEqual([2, 2, 2]);
    expect(memory.size()).toBe(6);

    const second = createCountingEngine({ acceptsMarkup: true, maxBatch: 2 });
    const secondResult = await translateArticle(STORY, { engine: second.engine, pair: PAIR, memory });
    expect(second.sentCount()).toBe(0);
    expect(secondResult.stats).toEqual({ segments: 6, fromMemory: 6, sentToEngine: 0, repairs: 0 });
    expect(secondResult.html).toBe(firstResult.html);
    expect(secondResult.title).toBe(firstResult.title);
  });

  it('sends only the changed segment of an updated story, keyed on normalized text', async () => {
    const memory = createMapMemory();
    await translateArticle(STORY, { engine: createCountingEngine({ acceptsMarkup: true, maxBatch: 8 }).engine, pair: PAIR, memory });
    const counting = createCountingEngine({ acceptsMarkup: true, maxBatch: 8 });
    const updated = { ...STORY, title: 'The  president\n leaves for Moscow', summary: 'It is news.' };
    const result = await translateArticle(updated, { engine: counting.engine, pair: PAIR, memory });
    expect(counting.calls).toEqual([['It is news.']]);
    expect(result.stats.sentToEngine).toBe(1);
  });

  it('keeps every attribute of inline elements, translates titles in the same batch and remembers them', async () => {
    const story = {
      title: '',
      summary: '',
      html: '<p>The <a href="https://example.com/m?a=1&amp;b=2" title="The president is happy?" hreflang="en" rel="author" lang="en">president</a> said. <i lang="ru">Da</i>, he said.</p>',
    };
    const memory = createMapMemory();
    const counting = createCountingEngine({ acceptsMarkup: true, maxBatch: 8 });
    const result = await translateArticle(story, { engine: counting.engine, pair: PAIR, memory });
    expect(result.html).toBe(
      '<p>le <a href="https://example.com/m?a=1&amp;b=2" title="le président est heureux\u202F?" hreflang="en" rel="author" lang="fr">président</a> a dit. <i lang="ru">Da</i>, il a dit.</p>',
    );
    // One round trip: the title travels with the sentences; the Russian word never does.
    expect(counting.calls).toEqual([['The president is happy?', 'The <x1>president</x1> said. <x2/>, he said.']]);
    expect(result.stats).toEqual({ segments: 2, fromMemory: 0, sentToEngine: 2, repairs: 0 });

    const again = createCountingEngine({ acceptsMarkup: true, maxBatch: 8 });
    const second = await translateArticle(story, { engine: again.engine, pair: PAIR, memory });
    expect(again.sentCount()).toBe(0);
    expect(second.html).toBe(result.html);
  });

  it('counts a link the engine lost and puts it back', async () => {
    const lossy: TranslationEngine = {
      ...createCountingEngine({ acceptsMarkup: true, maxBatch: 8 }).engine,
      async translate(segments) {
        return segments.map((segment) => segment.replace(/<\/?x\d+\/?>/g, ''));
      },
    };
    const result = await translateArticle({ title: '', summary: '', html: '<p>See <a href="/r">the report</a>.</p>' }, { engine: lossy, pair: PAIR, memory: createMapMemory() });
    // The segment falls back to translating the text between its placeholders: the link stays in place.
    expect(result.html).toBe('<p>See <a href="/r">the report</a>.</p>');
    expect(result.stats.repairs).toBe(1);
  });

  it('rejects an engine that returns the wrong number of segments', async () => {
    const faulty: TranslationEngine = {
      ...createCountingEngine({ acceptsMarkup: true, maxBatch: 8 }).engine,
      async translate() {
        return [];
      },
    };
    await expect(translateArticle(STORY, { engine: faulty, pair: PAIR, memory: createMapMemory() })).rejects.toThrow(TranslateError);
  });
});
