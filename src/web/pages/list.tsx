import type { ArticleSummary, Category } from '../../domain/types.js';
import { Layout } from '../layout.js';
import { collapseWhitespace, truncateText } from '../../util/html-text.js';
import type { SiteView } from '../site-view.js';
import { ArticleCard, Pagination, PaginationLinks } from './components.js';
import { FeedAlternates, FeedLinks, describeFeeds } from './feed-links.js';

/** One page of a list of articles: the home page or a category. */
export interface ListPageProps {
  view: SiteView;
  categories: readonly Category[];
  heading: string;
  items: readonly ArticleSummary[];
  page: number;
  pageCount: number;
  pathForPage: (page: number) => string;
  /** Set on a category page: the section shown, whose label cards then omit. */
  category?: Category;
}

/** Renders the home page or a category page. */
export function ListPage(props: ListPageProps) {
  const { view, page } = props;
  const pageSuffix = page > 1 ? ` — ${view.strings.pageNumber(page)}` : '';
  const title = props.category ? `${props.category.name}${pageSuffix} — ${view.title}` : `${view.title}${pageSuffix}`;
  const description = truncateText(collapseWhitespace(props.items.map((item) => item.title).join(' · ') || view.title), 160);
  const head = (
    <>
      <meta property="og:type" content="website" />
      <meta property="og:site_name" content={view.title} />
      <meta property="og:title" content={props.category ? props.category.name : view.title} />
      <meta property="og:url" content={view.origin + props.pathForPage(page)} />
      {props.category ? <FeedAlternates view={view} feeds={describeFeeds(view, props.category)} /> : null}
      <PaginationLinks view={view} page={page} pageCount={props.pageCount} pathForPage={props.pathForPage} />
    </>
  );
  return (
    <Layout
      view={view}
      categories={props.categories}
      title={title}
      description={description}
      canonicalPath={props.pathForPage(page)}
      head={head}
      currentCategorySlug={props.category?.slug}
    >
      <h1 class="page-title">{props.heading}</h1>
      {props.items.length === 0 ? <p>{view.strings.noArticles}</p> : null}
      <ul class="cards">
        {props.items.map((article) => (
          <ArticleCard view={view} article={article} heading="h2" showCategory={!props.category} />
        ))}
      </ul>
      <Pagination view={view} page={page} pageCount={props.pageCount} pathForPage={props.pathForPage} />
      {props.category ? <FeedLinks view={view} feeds={describeFeeds(view, props.category)} label={view.strings.categoryFeed(props.category.name)} /> : null}
    </Layout>
  );
}
