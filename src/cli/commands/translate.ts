import type { Config } from '../../config/index.js';
import { ExtractError, TranslateError } from '../../domain/errors.js';
import type { MemoryMatch, TranslationEngineId, TranslationMemory } from '../../domain/types.js';
import {
  createConfiguredFetcher,
  createEngineClient,
  fetchArticlePage,
  resolveQualityThresholds,
  translateStoryText,
} from '../../pipeline/index.js';
import { extractPage } from '../../pipeline/extract-page.js';
import { renderMarkdown } from '../../publisher/render-markdown.js';
import { createEngine } from '../../translator/index.js';
import { escapeHtml } from '../../util/html-text.js';

/** Options of `relais translate`. */
export interface TranslateCommandOptions {
  to: string;
  from?: string;
  engine?: TranslationEngineId;
  format: 'html' | 'markdown';
}

/**
 * Fetches one article, extracts and translates it as the pipeline's stages do, and returns it as
 * HTML or Markdown; no database, and no robots.txt: it fetches only the URL the user gave.
 */
export async function translateUrl(config: Readonly<Config>, url: string, options: TranslateCommandOptions): Promise<string> {
  const fetcher = createConfiguredFetcher(config);
  const engineId = options.engine ?? config.campaigns[0]?.engine ?? 'opus-mt';
  const http = createEngineClient(config, [engineId]);
  const engine = createEngine(engineId, config, { http });
  try {
    const page = await fetchArticlePage(fetcher, url);
    if (page.kind === 'not-html') throw new ExtractError(`${url}: not an article (${page.reason})`);
    const outcome = extractPage(page, { dropSelectors: [], dropPatterns: [], minWords: 0 });
    if (outcome.kind === 'not-article') throw new ExtractError(`${url}: not an article (${outcome.reason})`);
    const { article } = outcome;
    const pair = { from: options.from ?? article.language ?? 'en', to: options.to };
    const problem = await engine.check(pair);
    if (problem) throw new TranslateError(engine.id, withoutEnginePrefix(problem, engine.id), { retryable: false });
    // The quality verdict is not acted on: the reader of one article judges it.
    const { translation } = await translateStoryText(
      { title: article.title, summary: article.excerpt ?? '', html: article.html },
      {
        engine,
        pair,
        memory: createSessionMemory(),
        ...(article.byline ? { byline: article.byline } : {}),
        baseUrl: page.url,
        thresholds: resolveQualityThresholds(config.quality),
      },
    );
    return options.format === 'markdown'
      ? `# ${translation.title}\n\n${renderMarkdown(translation.html)}\n${url}\n`
      : `<article lang="${options.to}">\n<h1>${escapeHtml(translation.title)}</h1>\n${translation.html}\n<p><a href="${escapeHtml(url)}">${escapeHtml(url)}</a></p>\n</article>\n`;
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
      const found = new Map<string, MemoryMatch>();
      for (const segment of segments) {
        const hit = entries.get(key(engine, pair.from, pair.to, segment));
        if (hit !== undefined) found.set(segment, { target: hit, origin: 'machine' });
      }
      return found;
    },
    async remember(engine, pair, translations) {
      for (const [source, target] of translations) entries.set(key(engine, pair.from, pair.to, source), target);
    },
  };
}
