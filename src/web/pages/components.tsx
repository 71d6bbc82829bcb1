import type { ArticleSummary } from '../../domain/types.js';
import { describeMoment, formatLongDate, type SiteView } from '../site-view.js';
import { isHttpUrl } from '../urls.js';

/** A date in the reader's language, machine-readable in `datetime`. */
export function PublishedDate(props: { view: SiteView; iso: string }) {
  const { view, iso } = props;
  return <time datetime={iso}>{formatLongDate(iso, view.language, view.timeZone)}</time>;
}

/** When an article last followed a correction at its source, in the site's words and time zone. */
export function UpdatedDate(props: { view: SiteView; iso: string }) {
  const { view, iso } = props;
  const moment = describeMoment(iso, view.language, view.timeZone);
  return moment ? <time class="updated" datetime={iso}>{view.strings.updated(moment)}</time> : null;
}

/** One article in a list: thumbnail, category label, title, date, summary. */
export function ArticleCard(props: { view: SiteView; article: ArticleSummary; heading: 'h2' | 'h3'; showCategory: boolean }) {
  const { view, article } = props;
  const href = view.paths.article(article.slug);
  const Heading = props.heading;
  return (
    <li class="card">
      {isHttpUrl(article.leadImage?.url) ? (
        <a href={href} tabindex={-1} aria-hidden="true">
          <img src={article.leadImage.url} alt="" loading="lazy" decoding="async" />
        </a>
      ) : null}
      {props.showCategory ? (
        <a class="kicker" href={view.paths.category(article.category.slug)}>
          {article.category.name}
        </a>
      ) : null}
      <Heading>
        <a href={href}>{article.title}</a>
      </Heading>
      <span class="meta">
        <PublishedDate view={view} iso={article.publishedAt} />
      </span>
      {article.summary ? <p>{article.summary}</p> : null}
    </li>
  );
}

/** Previous/next links between the pages of a list. */
export function Pagination(props: { view: SiteView; page: number; pageCount: number; pathForPage: (page: number) => string }) {
  const { view, page, pageCount } = props;
  if (pageCount <= 1) return null;
  return (
    <nav class="pagination" aria-label={view.strings.pageNumber(page)}>
      {page > 1 ? (
        <a class="prev" rel="prev" href={props.pathForPage(page - 1)}>
          {view.dir === 'rtl' ? '→' : '←'} {view.strings.previousPage}
        </a>
      ) : null}
      {page < pageCount ? (
        <a class="next" rel="next" href={props.pathForPage(page + 1)}>
          {view.strings.nextPage} {view.dir === 'rtl' ? '←' : '→'}
        </a>
      ) : null}
    </nav>
  );
}

/** `<link rel="prev/next">` for the head of a paginated list. */
export function PaginationLinks(props: { view: SiteView; page: number; pageCount: number; pathForPage: (page: number) => string }) {
  const { view, page, pageCount } = props;
  return (
    <>
      {page > 1 ? <link rel="prev" href={view.origin + props.pathForPage(page - 1)} /> : null}
      {page < pageCount ? <link rel="next" href={view.origin + props.pathForPage(page + 1)} /> : null}
    </>
  );
}
