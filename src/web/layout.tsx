import type { Child } from 'hono/jsx';
import type { Category } from '../domain/types.js';
import { FeedAlternates, FeedLinks, describeFeeds } from './pages/feed-links.js';
import type { SiteView } from './site-view.js';

/** What the layout needs besides the page's own content. */
export interface LayoutProps {
  view: SiteView;
  categories: readonly Category[];
  /** The document title, already including the site's name where wanted. */
  title: string;
  description: string;
  /** Path of the canonical URL of this page; omitted on error pages. */
  canonicalPath?: string;
  /** Extra head elements: Open Graph, JSON-LD, rel=next/prev, a category's feed. */
  head?: Child;
  /** The same page in other languages (hreflang); see LanguageAlternate. */
  alternates?: readonly LanguageAlternate[];
  /** Marks the current section in the navigation. */
  currentCategorySlug?: string;
  children?: Child;
}

/**
 * One language version of a page: its language (BCP 47) and absolute URL. A page lists every
 * version, itself included, the site's default language first: that one is also `x-default`.
 */
export interface LanguageAlternate {
  language: string;
  url: string;
}

/** The page frame: head metadata, the header with the site's sections, the footer. */
export function Layout(props: LayoutProps) {
  const { view, strings } = { view: props.view, strings: props.view.strings };
  return (
    <html lang={view.language} dir={view.dir}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{props.title}</title>
        <meta name="description" content={props.description} />
        {props.canonicalPath ? <link rel="canonical" href={view.origin + props.canonicalPath} /> : null}
        <link rel="stylesheet" href={view.paths.stylesheet()} />
        <link rel="icon" type="image/svg+xml" href="/favicon.svg" />
        <FeedAlternates view={view} feeds={describeFeeds(view)} />
        <HreflangLinks alternates={props.alternates ?? []} />
        {props.head}
      </head>
      <body>
        <a class="skip-link" href="#content">{strings.skipToContent}</a>
        <header id="top" class="site-header">
          <div class="wrap">
            <p class="site-title">
              <a href={view.paths.home()}>{view.title}</a>
            </p>
            <SiteNav view={view} categories={props.categories} current={props.currentCategorySlug} />
          </div>
        </header>
        <main id="content" class="wrap" tabindex={-1}>
          {props.children}
        </main>
        <footer class="site-footer">
          <div class="wrap">
            <p>{view.title}</p>
            <FeedLinks view={view} feeds={describeFeeds(view)} label={strings.feed} />
          </div>
        </footer>
      </body>
    </html>
  );
}

function SiteNav(props: { view: SiteView; categories: readonly Category[]; current: string | undefined }) {
  const { view } = props;
  // Storage sorts by code point ("Économie" after "Nouvelles"); readers expect their language's order.
  const collator = new Intl.Collator(view.language);
  const categories = [...props.categories].sort((a, b) => collator.compare(a.name, b.name));
  return (
    <nav class="site-nav" aria-label={view.strings.categories}>
      <ul>
        <li>
          <a href={view.paths.home()}>{view.strings.home}</a>
        </li>
        {categories.map((category) => (
          <li>
            <a href={view.paths.category(category.slug)} aria-current={category.slug === props.current ? 'page' : undefined}>
              {category.name}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

// Only a page with more than one version has alternates to name (Google wants each version to list all, itself too).
function HreflangLinks(props: { alternates: readonly LanguageAlternate[] }) {
  const [first] = props.alternates;
  if (!first || props.alternates.length < 2) return null;
  return (
    <>
      {props.alternates.map((alternate) => (
        <link rel="alternate" hreflang={alternate.language} href={alternate.url} />
      ))}
      <link rel="alternate" hreflang="x-default" href={first.url} />
    </>
  );
}
