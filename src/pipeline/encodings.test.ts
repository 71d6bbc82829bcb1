import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { decodeText } from '../fetcher/index.js';
import { startLoopbackSite, type LoopbackSite } from '../../test/support/loopback-site.js';
import { extractPage } from './extract-page.js';
import { fetchArticlePage } from './stages.js';

// Pages that declare a legacy charset only in <meta>, served without a charset in Content-Type,
// go through the path the pipeline uses: fetchArticlePage → extractPage (decodeText, then
// extractArticle). The bytes are real (scripts/make-encoding-fixtures.mjs writes them with iconv-lite).

const fixtures = fileURLToPath(new URL('../../test/fixtures/encodings/', import.meta.url));

const cases: { file: string; charset: string; title: string; language: string; siteName: string; text: string[] }[] = [
  {
    file: 'windows-1252.html',
    charset: 'windows-1252',
    title: 'Café owners’ rent rises to €2,400 a month',
    language: 'en',
    siteName: 'Harbour Gazette',
    text: ['rent has risen to €2,400 a month', '“We can’t keep the doors open at that price,” said Zoë Martín', 'renovated quays — and that'],
  },
  {
    file: 'iso-8859-1.html',
    charset: 'windows-1252',
    title: 'Les pêcheurs de l’estuaire réclament des quotas plus élevés',
    language: 'fr',
    siteName: 'Le Courrier du Port',
    text: ['ont manifesté mercredi devant la préfecture', '« Nous ne pouvons plus vivre de notre métier », a déclaré Hélène Lefèvre'],
  },
  {
    file: 'shift-jis.html',
    charset: 'shift_jis',
    title: '新しい防波堤が完成、台風シーズンに備える',
    language: 'ja',
    siteName: '港町新聞',
    text: ['港町で建設が進められていた新しい防波堤が完成し', '「台風の季節を前に、住民の安全を守る大きな一歩になる」'],
  },
  {
    file: 'gb2312.html',
    charset: 'gbk',
    title: '新港口码头正式启用，货运能力提高一倍',
    language: 'zh',
    siteName: '海港日报',
    text: ['经过两年多的建设，新港口码头于本周一正式启用', '可以同时停靠四艘大型货船'],
  },
];

describe('legacy encodings declared only in <meta>, through fetchArticlePage and extractPage', () => {
  let site: LoopbackSite;

  beforeAll(async () => {
    site = await startLoopbackSite((request, response) => {
      const name = (request.url ?? '/').slice(1);
      if (!cases.some((item) => item.file === name)) {
        response.writeHead(404).end();
        return;
      }
      // No charset in the header: only the page's <meta> says how to read it.
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end(readFileSync(`${fixtures}${name}`));
    });
  });
  afterAll(() => site.close());

  it('serves real legacy bytes, not UTF-8', () => {
    for (const { file } of cases) expect(Buffer.from(readFileSync(`${fixtures}${file}`)).toString('utf8')).toContain('\uFFFD');
  });

  it.each(cases)('$file', async ({ file, charset, title, language, siteName, text }) => {
    const page = await fetchArticlePage(site.fetcher, `${site.base}/${file}`);
    if (page.kind !== 'page') throw new Error(`unexpected fetch outcome: ${page.reason}`);
    expect(decodeText(page.body, page.contentType)).toMatchObject({ charset, source: 'meta' });
    const extracted = extractPage(page, { dropSelectors: [], dropPatterns: [], minWords: 30 });
    if (extracted.kind !== 'article') throw new Error(`expected an article, got: ${extracted.reason}`);
    expect(extracted.article).toMatchObject({ title, language, siteName });
    for (const fragment of text) expect(extracted.article.text).toContain(fragment);
    expect(extracted.article.text).not.toMatch(/[\uFFFD\u0080-\u009F]/u);
  });
});
