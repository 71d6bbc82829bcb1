import { describe, it, expect } from 'vitest';
import { toIsoInstant } from './dates.js';
import { chooseLanguage, normalizeLanguage } from './language.js';
import { countWords, readTextBlocks } from './text-blocks.js';
import { parseDocument } from './dom.js';

const NOW = Date.UTC(2024, 5, 1);

describe('toIsoInstant', () => {
  it.each([
    ['2023-03-17T09:12:41Z', '2023-03-17T09:12:41.000Z'],
    ['2024-02-03T06:45:00-05:00', '2024-02-03T11:45:00.000Z'],
    ['2023-03-17T09:12', '2023-03-17T09:12:00.000Z'],
    ['2023-03-17 09:12:41', '2023-03-17T09:12:41.000Z'],
    ['2023-12-30', '2023-12-30T00:00:00.000Z'],
    ['Fri, 17 Mar 2023 09:12:41 GMT', '2023-03-17T09:12:41.000Z'],
    ['1679044361', '2023-03-17T09:12:41.000Z'],
  ])('reads %s', (value, expected) => {
    expect(toIsoInstant(value, NOW)).toBe(expected);
  });

  it.each(['', 'yesterday', '1970-01-01T00:00:00Z', '2099-01-01T00:00:00Z'])('rejects %j', (value) => {
    expect(toIsoInstant(value, NOW)).toBeUndefined();
  });
});

describe('language', () => {
  it.each([
    ['en-US', 'en'],
    ['pt_BR', 'pt'],
    ['FR', 'fr'],
    ['x', undefined],
    ['', undefined],
  ])('normalizeLanguage(%j) is %j', (tag, expected) => {
    expect(normalizeLanguage(tag)).toBe(expected);
  });

  const german = 'Die Bundesregierung hat am Mittwoch ein neues Gesetz beschlossen, das den Ausbau der erneuerbaren Energien beschleunigen soll. '.repeat(10);
  it('trusts the declared language for short texts', () => {
    expect(chooseLanguage([undefined, 'en_GB'], 'Kurzer Text.')).toBe('en');
  });
  it('detects the language when none is declared', () => {
    expect(chooseLanguage([undefined], german)).toBe('de');
  });
  it('prefers a reliable detection over a template lang on a long text', () => {
    expect(chooseLanguage(['en'], german)).toBe('de');
  });
});

describe('text blocks', () => {
  it('reads one line per block and splits at <br>', () => {
    const body = parseDocument('<!doctype html><html><body><h2>Title</h2><p>One <em>two</em><br>three</p><ul><li>a</li><li>b <b>c</b></li></ul></body></html>').body;
    if (body === null) throw new Error('no body');
    expect(readTextBlocks(body)).toEqual(['Title', 'One two', 'three', 'a', 'b c']);
  });

  it.each([
    ['Hello, world — again!', 3],
    ['', 0],
  ])('countWords(%j) is %i', (text, expected) => {
    expect(countWords(text)).toBe(expected);
  });

  it('counts words in scripts written without spaces', () => {
    expect(countWords('東京は日本の首都です')).toBeGreaterThan(3);
  });
});
