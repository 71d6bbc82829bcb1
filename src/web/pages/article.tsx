import { raw } from 'hono/html';
import type { ArticleSummary, Category, PublishedArticle } from '../../domain/types.js';
import { describeTranslationNotice } from '../i18n.js';
import { Layout, type LanguageAlternate } from '../layout.js';
import { collapseWhitespace, truncateText } from '../../util/html-text.js';
import type { SiteView } from '../site-view.js';
import { buildNewsArticleData, serializeJsonForHtml } from '../structured-data.js';
import { isHttpUrl } from '../urls.js';
import { ArticleCard, PublishedDate, UpdatedDate } from './components.js';

/** What an article page shows. */
export interface ArticlePageProps {
  view: SiteView;
  categories: readonly Category[];
  article: PublishedArticle;
  related: readonly ArticleSummary[];
  /** The story's versions in the site's languages, this one included (hreflang). */
  alternates?: readonly LanguageAlternate[];
}

/** Renders an article: label, title, date, byline, lead image, body, attribution, notice, related. */
export function ArticlePage(props: ArticlePageProps) {
  const { view, article } = props;
  const path = view.paths.article(article.slug);
  const description = truncateText(collapseWhitespace(article.summary || article.title), 160);
  return (
    <Layout
      view={view}
      categories={props.categories}
      title={`${article.title} — ${view.title}`}
      description={description}
      canonicalPath={path}
      {...(props.alternates ? { alternates: props.alternates } : {})}
      head={<ArticleHead view={view} article={article} url={view.origin + path} description={description} />}
      currentCategorySlug={article.category.slug}
    >
      <article class="article">
        <a class="kicker" href={view.paths.category(article.category.slug)}>
          {article.category.name}
        </a>
        <h1>{article.title}</h1>
        <p class="meta">
          <PublishedDate view={view} iso={article.publishedAt} />
          {article.updatedAt ? <> · <UpdatedDate view={view} iso={article.updatedAt} /></> : null}
          {article.byline ? <> · <span class="byline">{view.strings.byline(article.byline)}</span></> : null}
        </p>
        {isHttpUrl(article.leadImage?.url) ? (
          <figure class="lead-image">
            <img src={article.leadImage.url} alt={article.leadImage.alt ?? ''} />
          </figure>
        ) : null}
        {/* The body is the one raw field: storage holds it sanitized (allow-list) after translation. */}
        <div class="article-body">{raw(article.html)}</div>
        <Attribution view={view} article={article} />
      </article>
      <RelatedStories view={view} related={props.related} />
      <a href="#top" class="back-to-top">
        {view.strings.backToTop} ↑
      </a>
    </Layout>
  );
}

/** The source, the other sources and the automatic-translation notice; the feeds end their content with it too. */
export function Attribution(props: { view: SiteView; article: PublishedArticle }) {
  const { view, article } = props;
  const notice = view.notice ?? describeTranslationNotice(view.language, article.sourceLanguage);
  return (
    <aside class="attribution">
      <p class="source">
        {view.strings.sourceLabel}{' '}
        {isHttpUrl(article.sourceUrl) ? (
          <a href={article.sourceUrl} rel="nofollow noopener" hreflang={article.sourceLanguage === 'und' ? undefined : article.sourceLanguage}>
            {article.sourceName}
          </a>
        ) : (
          article.sourceName
        )}
        {isHttpUrl(article.sourceUrl) ? (
          <>
            {' · '}
            <a href={article.sourceUrl} rel="nofollow noopener">
              {view.strings.readOriginal}
            </a>
          </>
        ) : null}
      </p>
      <AlsoReportedBy view={view} others={article.alsoReportedBy ?? []} />
      <p class="notice">{notice}</p>
    </aside>
  );
}

// The same story as other sources reported it: their names, each a link to its original.
function AlsoReportedBy(props: { view: SiteView; others: readonly { name: string; url: string }[] }) {
  const others = props.others.filter((other) => isHttpUrl(other.url));
  if (others.length === 0) return null;
  return (
    <p class="also-reported">
      {props.view.strings.alsoReportedBy}{' '}
      {others.map((other, index) => (
        <>
          {index > 0 ? ', ' : null}
          <a href={other.url} rel="nofollow noopener">
            {other.name}
          </a>
        </>
      ))}
    </p>
  );
}

function RelatedStories(props: { view: SiteView; related: readonly ArticleSummary[] }) {
  if (props.related.length === 0) return null;
  return (
    <section class="related" aria-labelledby="related-title">
      <h2 id="related-title">{props.view.strings.related}</h2>
      <ul class="cards">
        {props.related.map((article) => (
          <ArticleCard view={props.view} article={article} heading="h3" showCategory={false} />
        ))}
      </ul>
    </section>
  );
}

function ArticleHead(props: { view: SiteView; article: PublishedArticle; url: string; description: string }) {
  const { view, article, url } = props;
  const data = serializeJsonForHtml(buildNewsArticleData(article, view, url));
  return (
    <>
      <meta property="og:type" content="article" />
      <meta property="og:site_name" content={view.title} />
      <meta property="og:title" content={article.title} />
      <meta property="og:description" content={props.description} />
      <meta property="og:url" content={url} />
      <meta property="og:locale" content={toOpenGraphLocale(view.language)} />
      {isHttpUrl(article.leadImage?.url) ? <meta property="og:image" content={article.leadImage.url} /> : null}
      <meta property="article:published_time" content={article.publishedAt} />
      <meta property="article:modified_time" content={article.updatedAt ?? article.publishedAt} />
      <meta property="article:section" content={article.category.name} />
      <meta name="twitter:card" content={isHttpUrl(article.leadImage?.url) ? 'summary_large_image' : 'summary'} />
      <script type="application/ld+json">{raw(data)}</script>
    </>
  );
}

// Open Graph wants language_TERRITORY ("fr_FR"); the likely territory comes from CLDR.
function toOpenGraphLocale(language: string): string {
  try {
    const locale = new Intl.Locale(language).maximize();
    return locale.region ? `${locale.language}_${locale.region}` : locale.language;
  } catch {
    return language;
  }
}
