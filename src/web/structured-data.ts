import type { PublishedArticle } from '../domain/types.js';
import type { SiteView } from './site-view.js';
import { isHttpUrl } from './urls.js';

/**
 * Serializes JSON for a `<script type="application/ld+json">` block: `<`, `>`, `&` and the JS
 * line separators become \u escapes, so no text can close the script element or open a comment.
 */
export function serializeJsonForHtml(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** schema.org NewsArticle of an article page, naming the original it was translated from. */
export function buildNewsArticleData(article: PublishedArticle, view: SiteView, url: string): Record<string, unknown> {
  const data: Record<string, unknown> = {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: article.title,
    description: article.summary,
    inLanguage: article.language,
    datePublished: article.publishedAt,
    dateModified: article.updatedAt ?? article.publishedAt,
    url,
    mainEntityOfPage: url,
    articleSection: article.category.name,
    publisher: { '@type': 'Organization', name: view.title, url: view.origin + view.paths.home(), logo: { '@type': 'ImageObject', url: `${view.origin}/favicon.svg` } },
    isBasedOn: article.sourceUrl,
    translationOfWork: {
      '@type': 'NewsArticle',
      url: article.sourceUrl,
      inLanguage: article.sourceLanguage,
      publisher: { '@type': 'Organization', name: article.sourceName },
      ...(article.originalPublishedAt ? { datePublished: article.originalPublishedAt } : {}),
    },
  };
  if (isHttpUrl(article.leadImage?.url)) data.image = [article.leadImage.url];
  // The writer when the source names one; otherwise the source, whose work this is.
  data.author = article.byline ? [{ '@type': 'Person', name: article.byline }] : [sourceOrganization(article)];
  return data;
}

function sourceOrganization(article: PublishedArticle): Record<string, unknown> {
  const organization: Record<string, unknown> = { '@type': 'Organization', name: article.sourceName };
  if (isHttpUrl(article.sourceUrl)) organization.url = `${new URL(article.sourceUrl).origin}/`;
  return organization;
}
