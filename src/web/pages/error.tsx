import type { Category } from '../../domain/types.js';
import { Layout } from '../layout.js';
import type { SiteView } from '../site-view.js';

/** The page of a path that does not exist: in the site's language, with a way home. */
export function NotFoundPage(props: { view: SiteView; categories: readonly Category[] }) {
  const { view } = props;
  const strings = view.strings;
  return (
    <Layout
      view={view}
      categories={props.categories}
      title={`${strings.notFoundTitle} — ${view.title}`}
      description={strings.notFoundText}
      head={<meta name="robots" content="noindex" />}
    >
      <section class="not-found">
        <h1 class="page-title">{strings.notFoundTitle}</h1>
        <p>{strings.notFoundText}</p>
        <p>
          <a href={view.paths.home()}>{strings.backHome}</a>
        </p>
      </section>
    </Layout>
  );
}

/** The page of an article that was taken down (410 Gone): in the site's language, with a way home. */
export function GonePage(props: { view: SiteView; categories: readonly Category[] }) {
  const { view } = props;
  const strings = view.strings;
  return (
    <Layout view={view} categories={props.categories} title={`${strings.goneTitle} — ${view.title}`} description={strings.goneText} head={<meta name="robots" content="noindex" />}>
      <section class="not-found">
        <h1 class="page-title">{strings.goneTitle}</h1>
        <p>{strings.goneText}</p>
        <p>
          <a href={view.paths.home()}>{strings.backHome}</a>
        </p>
      </section>
    </Layout>
  );
}

/** The page of an unexpected failure; it names nothing internal. */
export function ServerErrorPage(props: { view: SiteView }) {
  const { view } = props;
  const strings = view.strings;
  return (
    <Layout view={view} categories={[]} title={`${strings.serverErrorTitle} — ${view.title}`} description={strings.serverErrorText}>
      <section class="not-found">
        <h1 class="page-title">{strings.serverErrorTitle}</h1>
        <p>{strings.serverErrorText}</p>
        <p>
          <a href={view.paths.home()}>{strings.backHome}</a>
        </p>
      </section>
    </Layout>
  );
}
