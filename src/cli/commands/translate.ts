import type { Config } from '../../config/index.js';
import { ExtractError, FetchError, TranslateError } from '../../domain/errors.js';
import type { TranslationEngineId, TranslationMemory } from '../../domain/types.js';
import { extractArticle } from '../../extractor/index.js';
import { decodeText } from '../../fetcher/index.js';
import { createConfiguredFetcher, createEngineClient } from '../../pipeline/index.js';
import { renderMarkdown } from '../../publisher/render-markdown.js';
import { sanitizeHtml } from '../../sanitizer/index.js';
import { createEngine, translateArticle } from '../../translator/index.js';
import { escapeHtml } from '../../util/html-text.js';

/** Options of `relais translate`. */
export interface TranslateCommandOptions {
  to: string;
  from?: string;
  engine?: TranslationEngineId;
  format: 'html' | 'markdown';
}

/** Fetches one article, extracts and translates it, and returns it as HTML or Markdown (no database). */
export async function translateUrl(config: Readonly<Config>, url: string, options: TranslateCommandOptions): Promise<string> {
  const fetcher = createConfiguredFetcher(config);
  const engineId = options.engine ?? config.campaigns[0]?.engine ?? 'opus-mt';
  const http = createEngineClient(config, [engineId]);
  const engine = createEngine(engineId, config, { http });
  try {
    const page = await fetcher.fetchUrl(url, { accept: 'text/html, application/xhtml+xml;q=0.9' });
    if (page.kind !== 'fresh') throw new FetchError('http-status', url, 'answered 304 Not Modified to a plain GET', { status: 304 });
    const outcome = extractArticle(decodeText(page.body, page.contentType).text, {
      url: page.url,
      rules: { dropSelectors: [], dropPatterns: [], minWords: 0 },
    });
    if (outcome.kind === 'not-article') throw new ExtractError(`${url}: not an article (${outcome.reason})`);
    const { article } = outcome;
    const pair = { from: options.from ?? article.language ?? 'en', to: options.to };
    const problem = await engine.check(pair);
    if (problem) throw new TranslateError(engine.id, withoutEnginePrefix(problem, engine.id), { retryable: false });
    const translated = await translateArticle(
      { title: article.title, summary: article.excerpt ?? '', html: article.html },
      { engine, pair, memory: createSessionMemory() },
    );
    const body = sanitizeHtml(translated.html, { baseUrl: page.url });
    return options.format === 'markdown'
      ? `# ${translated.title}\n\n${renderMarkdown(body)}\n${url}\n`
      : `<article lang="${options.to}">\n<h1>${escapeHtml(translated.title)}</h1>\n${body}\n<p><a href="${escapeHtml(url)}">${escapeHtml(url)}</a></p>\n</article>\n`;
  } finally {
    await engine.close();
    await http.close();
    await fetcher.close();
  }
}

// check() names the engine itself ("opus-mt: no model…"), as TranslateError will.
function withoutEnginePrefix(problem: string, engineId: string): string {
  const prefix = `${engineId}: `;
  return problem.startsWith(prefix) ? problem.slice(prefix.length) : problem;
}

// One command, one article: a memory that lives as long as the command is enough.
function createSessionMemory(): TranslationMemory {
  const entries = new Map<string, string>();
  const key = (engine: string, from: string, to: string, source: string) => `${engine}\u0000${from}\u0000${to}\u0000${source}`;
  return {
    async lookup(engine, pair, segments) {
      const found = new Map<string, string>();
      for (const segment of segments) {
        const hit = entries.get(key(engine, pair.from, pair.to, segment));
        if (hit !== undefined) found.set(segment, hit);
      }
      return found;
    },
    async remember(engine, pair, translations) {
      for (const [source, target] of translations) entries.set(key(engine, pair.from, pair.to, source), target);
    },
  };
}
