import type { Category } from '../../domain/types.js';
import type { SiteView } from '../site-view.js';
import { FEED_FORMATS, type FeedFormat } from '../urls.js';

// Media types of the formats, as <link rel="alternate" type> names them.
const LINK_TYPES: Readonly<Record<FeedFormat, string>> = { rss: 'application/rss+xml', atom: 'application/atom+xml', json: 'application/feed+json' };

// RSS is named in the site's words ("Flux RSS"); Atom and JSON Feed are the formats' own names.
const FORMAT_NAMES: Readonly<Record<Exclude<FeedFormat, 'rss'>, string>> = { atom: 'Atom', json: 'JSON Feed' };

/** The feeds of the whole site, or of one category: what each is called and where it is. */
export interface FeedSet {
  /** What the RSS one is called, in the site's words; the others add their format's name. */
  title: string;
  paths: Readonly<Record<FeedFormat, string>>;
}

/** The whole site's feeds, or a category's. */
export function describeFeeds(view: SiteView, category?: Category): FeedSet {
  const paths = Object.fromEntries(
    FEED_FORMATS.map((format) => [format, category ? view.paths.categoryFeed(category.slug, format) : view.paths.feed(format)]),
  ) as Record<FeedFormat, string>;
  return { title: category ? view.strings.categoryFeed(category.name) : `${view.title} — ${view.strings.feed}`, paths };
}

/** The head's <link rel="alternate"> of each format, with absolute URLs. */
export function FeedAlternates(props: { view: SiteView; feeds: FeedSet }) {
  const { view, feeds } = props;
  return (
    <>
      {FEED_FORMATS.map((format) => (
        <link rel="alternate" type={LINK_TYPES[format]} title={format === 'rss' ? feeds.title : `${feeds.title} (${FORMAT_NAMES[format]})`} href={view.origin + feeds.paths[format]} />
      ))}
    </>
  );
}

/** The visible links to the feeds: the RSS one by its name, then the other formats. */
export function FeedLinks(props: { view: SiteView; feeds: FeedSet; label: string }) {
  const { feeds } = props;
  return (
    <p class="feeds">
      <a href={feeds.paths.rss} type={LINK_TYPES.rss}>
        {props.label}
      </a>
      {' · '}
      <a href={feeds.paths.atom} type={LINK_TYPES.atom}>
        {FORMAT_NAMES.atom}
      </a>
      {' · '}
      <a href={feeds.paths.json} type={LINK_TYPES.json}>
        {FORMAT_NAMES.json}
      </a>
    </p>
  );
}
