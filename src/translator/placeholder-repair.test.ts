import { describe, expect, it } from 'vitest';
import { isTranslationIntact, repairTranslations } from './placeholder-repair.js';
import { restoreSegment } from './placeholders.js';
import { segmentHtml } from './segment.js';

// One sentence with a link holding emphasis, a code atom and a bold word.
const HTML = '<p>The <a href="/r">new <em>report</em></a> says <code>x = 1</code> is <b>wrong</b>.</p>';
const SEGMENT = segmentHtml(HTML, 'en').segments[0]!;

// Upper-cases each piece it is sent and records it.
function createPieceTranslator() {
  const sent: string[] = [];
  const translate = async (texts: string[]): Promise<string[]> => {
    sent.push(...texts);
    return texts.map((text) => text.toUpperCase());
  };
  return { sent, translate };
}

describe('repairTranslations', () => {
  it('has the segment this table is written for', () => {
    expect(SEGMENT.text).toBe('The <x1>new <x2>report</x2></x1> says <x3/> is <x4>wrong</x4>.');
  });

  it.each([
    ['the segment as is', 'The <x1>new <x2>report</x2></x1> says <x3/> is <x4>wrong</x4>.'],
    ['elements moved, as a translation moves words', 'Le <x4>faux</x4> est <x3/> selon le <x1>nouveau <x2>rapport</x2></x1>.'],
  ])('accepts %s without a repair or an engine call', async (_name, translation) => {
    const pieces = createPieceTranslator();
    const result = await repairTranslations([SEGMENT], [translation], pieces.translate);
    expect(result).toEqual({ texts: [translation], repairs: 0, fallbacks: 0 });
    expect(pieces.sent).toEqual([]);
  });

  it('drops an invented placeholder in place and counts it', async () => {
    const pieces = createPieceTranslator();
    const result = await repairTranslations([SEGMENT], ['Le <x1>nouveau <x2>rapport</x2></x1> dit <x3/> est <x4>faux</x4> <x9/>.'], pieces.translate);
    expect(result).toEqual({ texts: ['Le <x1>nouveau <x2>rapport</x2></x1> dit <x3/> est <x4>faux</x4> .'], repairs: 1, fallbacks: 0 });
    expect(pieces.sent).toEqual([]);
  });

  it.each([
    ['a lost link', 'Le nouveau <x2>rapport</x2> dit <x3/> est <x4>faux</x4>.', 1],
    ['a lost closing tag', 'Le <x1>nouveau <x2>rapport</x2> dit <x3/> est <x4>faux</x4>.', 1],
    ['a lost code atom', 'Le <x1>nouveau <x2>rapport</x2></x1> dit est <x4>faux</x4>.', 1],
    ['a repeated element', 'Le <x1>nouveau <x2>rapport</x2></x1> dit <x3/> est <x4>faux</x4> <x4>faux</x4>.', 1],
    ['emphasis moved out of its link', 'Le <x1>nouveau</x1> <x2>rapport</x2> dit <x3/> est <x4>faux</x4>.', 1],
    ['crossed closing tags', 'Le <x1>nouveau <x2>rapport</x1></x2> dit <x3/> est <x4>faux</x4>.', 1],
    ['an emptied element', 'Le <x1>nouveau <x2>rapport</x2></x1> dit <x3/> est <x4></x4> faux.', 1],
    ['a close before its open', 'Le <x1>nouveau <x2>rapport</x2></x1> dit <x3/> est </x4>faux<x4>.', 1],
    ['everything lost', 'Le nouveau rapport dit est faux.', 4],
  ])('falls back to the pieces of the segment for %s', async (_name, translation, expectedRepairs) => {
    const pieces = createPieceTranslator();
    const result = await repairTranslations([SEGMENT], [translation], pieces.translate);
    expect(pieces.sent).toEqual(['The', 'new', 'report', 'says', 'is', 'wrong']);
    expect(result).toEqual({
      texts: ['THE <x1>NEW <x2>REPORT</x2></x1> SAYS <x3/> IS <x4>WRONG</x4>.'],
      repairs: expectedRepairs,
      fallbacks: 1,
    });
    expect(restoreSegment(result.texts[0]!, SEGMENT).output).toBe(
      'THE <a href="/r">NEW <em>REPORT</em></a> SAYS <code>x = 1</code> IS <b>WRONG</b>.',
    );
  });

  it('keeps the source text of a piece the engine gave back without words, and removes invented placeholders', async () => {
    const translate = async (texts: string[]): Promise<string[]> => texts.map((text) => (text === 'report' ? '…' : `${text} <x7>`));
    const result = await repairTranslations([SEGMENT], ['lost'], translate);
    expect(result.texts).toEqual(['The <x1>new <x2>report</x2></x1> says <x3/> is <x4>wrong</x4>.']);
    expect(isTranslationIntact(result.texts[0]!, SEGMENT)).toBe(true);
  });

  it('sends the pieces of every broken segment of a batch in one call, in order', async () => {
    const [first, second] = segmentHtml('<p>See <a href="/a">this</a>. Read <em>that</em> too.</p>', 'en').segments;
    const calls: string[][] = [];
    const translate = async (texts: string[]): Promise<string[]> => {
      calls.push(texts);
      return texts.map((text) => `«${text}»`);
    };
    const result = await repairTranslations([first!, second!], ['Voir ceci.', 'Lire <x1>cela</x1> aussi.'], translate);
    expect(calls).toEqual([['See', 'this', '.']].map((call) => call.filter((text) => /\p{L}/u.test(text))));
    expect(result).toEqual({ texts: ['«See» <x1>«this»</x1>.', 'Lire <x1>cela</x1> aussi.'], repairs: 1, fallbacks: 1 });
  });
});

describe('isTranslationIntact', () => {
  it.each([
    ['The <x1>new <x2>report</x2></x1> says <x3/> is <x4>wrong</x4>.', true],
    ['<x4>Faux</x4>, <x3/>, dit le <x1>nouveau <x2>rapport</x2></x1>.', true],
    ['The <x1>new <x2>report</x2></x1> says is <x4>wrong</x4>.', false],
    ['The <x1>new <x2>report</x2></x1> says <x3/><x3/> is <x4>wrong</x4>.', false],
    ['The <x1>new <x2>report</x2></x1> says <x3/> is <x4>wrong</x4>.<x5/>', false],
  ])('%s → %s', (translation, expected) => {
    expect(isTranslationIntact(translation, SEGMENT)).toBe(expected);
  });
});

describe('pieces put back after a fallback', () => {
  it.each([
    ['a capital the engine added to a mid-sentence piece is undone', 'Dirigeants en', 'dirigeants en'],
    ["a capital after an elision too", "L'envoyé", "l'envoyé"],
    ['an acronym keeps its capitals', 'ONU', 'ONU'],
  ])('%s', async (_name, pieceTranslation, expected) => {
    const [segment] = segmentHtml('<p>They met <a href="/u">leaders</a> there.</p>', 'en').segments;
    const translate = async (texts: string[]): Promise<string[]> => texts.map((text) => (text === 'leaders' ? pieceTranslation : text));
    const result = await repairTranslations([segment!], ['lost'], translate);
    expect(result.texts).toEqual([`They met <x1>${expected}</x1> there.`]);
  });

  it('a piece that starts a sentence keeps its capital', async () => {
    const [segment] = segmentHtml('<p><a href="/u">Leaders</a> met.</p>', 'en').segments;
    const result = await repairTranslations([segment!], ['lost'], async (texts) => texts.map((text) => text.toLowerCase()));
    expect(result.texts).toEqual(['<x1>Leaders</x1> met.']);
  });
});
