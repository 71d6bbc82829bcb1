import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeText } from '../fetcher/index.js';
import { describeWithSharedData } from '../../test/support/shared-data.js';
import { extractArticle } from './extract-article.js';
import { chooseLanguage, normalizeLanguage } from './language.js';

const danish = 'Regeringen fremlagde i går en ny plan for bedre veje i regionen, med arbejde i tyve kommuner i de næste to år.';
const portuguese = 'O governo aprovou ontem um novo plano para a melhoria das estradas da província, que inclui obras em vinte municípios durante os próximos dois anos.';
const chinese =
  '国务院昨天发布了一项新的道路改善计划，将在未来两年内对二十个县的公路进行改造，总投资超过五百亿元人民币，预计将创造大量就业机会。交通运输部表示，这些项目将优先考虑农村地区，以改善偏远村庄与城市之间的联系，并减少交通事故的发生。';
const german = 'Die Bundesregierung hat am Mittwoch ein neues Gesetz beschlossen, das den Ausbau der erneuerbaren Energien beschleunigen soll.';

describe('normalizeLanguage', () => {
  it.each([
    ['hr-HR', 'hr'],
    ['zh_CN', 'zh'],
    ['utf-8', undefined],
    ['xxx', undefined],
    [null, undefined],
  ])('normalizeLanguage(%j) is %j', (tag, expected) => {
    expect(normalizeLanguage(tag)).toBe(expected);
  });
});

describe('chooseLanguage', () => {
  it.each([
    ['eld decides on enough text', ['en'], german, 'de'],
    ['a hundred Chinese characters are enough', [], chinese, 'zh'],
    ['the declared language stands on a short text', ['fr'], 'Die Regierung.', 'fr'],
    ['nothing declared and too little text', [], 'Die Regierung.', undefined],
    ['a declared language scoring close to the first choice stands', ['no'], danish, 'no'],
    ['a declared language scoring well below it does not', ['es'], portuguese, 'pt'],
    ['the first usable declared language counts', ['utf-8', undefined, 'da_DK'], danish, 'da'],
  ])('%s', (_name, declared, text, expected) => {
    expect(chooseLanguage(declared, text)).toBe(expected);
  });
});

// Real pages in several languages and scripts, some with a template's lang="en" or none at all.
describeWithSharedData('article language on multilingual pages', 'bench/extraction-more/daniel', (dir) => {
  const languages = JSON.parse(readFileSync(join(dir, 'languages.json'), 'utf8')) as Record<string, string>;
  const charsets = JSON.parse(readFileSync(join(dir, 'charsets.json'), 'utf8')) as Record<string, string>;
  const ids = readdirSync(join(dir, 'html'))
    .map((name) => name.slice(0, -'.html.gz'.length))
    .sort();
  const sample = ['en', 'zh', 'ru', 'el', 'pl'].flatMap((language) => ids.filter((id) => languages[id] === language).filter((_, at) => at % 40 === 0));

  // The language is asked of pages read as articles; extraction itself is tested elsewhere.
  const readLanguage = (id: string): string | undefined => {
    const bytes = gunzipSync(readFileSync(join(dir, 'html', `${id}.html.gz`)));
    const { text } = decodeText(bytes, `text/html; charset=${charsets[id] ?? 'utf-8'}`);
    try {
      const outcome = extractArticle(text, { url: 'https://example.com/', rules: { dropSelectors: [], dropPatterns: [], minWords: 0 } });
      return outcome.kind === 'article' ? (outcome.article.language ?? '(none)') : undefined;
    } catch {
      return undefined;
    }
  };

  it.each(['en', 'zh', 'ru', 'el', 'pl'])('names %s pages right', (language) => {
    const found = sample.filter((id) => languages[id] === language).flatMap((id) => {
      const named = readLanguage(id);
      return named === undefined ? [] : [[id, named]];
    });
    expect(found.length).toBeGreaterThanOrEqual(4);
    expect(found.filter(([, named]) => named !== language)).toEqual([]);
  });
});
