import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { parseConfig } from '../config/index.js';
import { extractArticle } from '../extractor/index.js';
import { decodeText, type Fetcher } from '../fetcher/index.js';
import { createConfiguredFetcher } from './open.js';

// Pages that declare a legacy charset only in <meta>, served without a charset in Content-Type,
// go through the path the pipeline uses: fetch → decodeText → extractArticle. The bytes are
// real (scripts/make-encoding-fixtures.mjs writes them with iconv-lite).

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

describe('legacy encodings declared only in <meta>, through fetch, decodeText and extractArticle', () => {
  let server: Server;
  let base: string;
  let fetcher: Fetcher;

  beforeAll(async () => {
    server = createServer((request, response) => {
      const name = (request.url ?? '/').slice(1);
      if (!cases.some((item) => item.file === name)) {
        response.writeHead(404).end();
        return;
      }
      // No charset in the header: only the page's <meta> says how to read it.
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end(readFileSync(`${fixtures}${name}`));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    fetcher = createConfiguredFetcher(parseConfig({ fetch: { allow_hosts: [new URL(base).host] }, campaigns: [] }));
  });
  afterAll(async () => {
    await fetcher.close();
    await new Promise((resolve) => server.close(resolve));
  });

  it('serves real legacy bytes, not UTF-8', () => {
    for (const { file } of cases) expect(Buffer.from(readFileSync(`${fixtures}${file}`)).toString('utf8')).toContain('\uFFFD');
  });

  it.each(cases)('$file', async ({ file, charset, title, language, siteName, text }) => {
    const outcome = await fetcher.fetchUrl(`${base}/${file}`, { accept: 'text/html' });
    if (outcome.kind !== 'fresh') throw new Error(`unexpected fetch outcome ${outcome.kind}`);
    const decoded = decodeText(outcome.body, outcome.contentType);
    expect(decoded).toMatchObject({ charset, source: 'meta' });
    const extracted = extractArticle(decoded.text, { url: outcome.url, rules: { dropSelectors: [], dropPatterns: [], minWords: 30 } });
    if (extracted.kind !== 'article') throw new Error(`expected an article, got: ${extracted.reason}`);
    expect(extracted.article).toMatchObject({ title, language, siteName });
    for (const fragment of text) expect(extracted.article.text).toContain(fragment);
    expect(extracted.article.text).not.toMatch(/[\uFFFD\u0080-\u009F]/u);
  });
});
