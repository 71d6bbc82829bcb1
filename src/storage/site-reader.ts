import { sql } from 'kysely';
import type { ArticleSummary, Category, PublishedArticle, SiteReader } from '../domain/types.js';
import type { Db } from './db.js';
import { listAlsoReportedBy } from './duplicates.js';

/** The public site's view of the database, in one language; it never selects campaign ids. */
export function createSiteReader(db: Db, language: string): SiteReader {
  return {
    async listLatest({ limit, offset }) {
      const rows = await selectSummaries(db, language).orderBy('p.published_at', 'desc').orderBy('p.story_id', 'desc').limit(limit).offset(offset).execute();
      const total = await countPublished(db, language);
      return { items: rows.map(toSummary), total };
    },
    async listByCategory(categorySlug, { limit, offset }) {
      const rows = await selectSummaries(db, language)
        .where('p.category_slug', '=', categorySlug)
        .orderBy('p.published_at', 'desc')
        .orderBy('p.story_id', 'desc')
        .limit(limit)
        .offset(offset)
        .execute();
      const total = await countPublished(db, language, categorySlug);
      if (total === 0) return undefined;
      const category = await readCategory(db, language, categorySlug);
      return category ? { category, items: rows.map(toSummary), total } : undefined;
    },
    async getArticle(slug) {
      const row = await selectSummaries(db, language)
        .innerJoin('stories as s', 's.id', 'p.story_id')
        .select([
          'p.html',
          'a.byline',
          'a.published_at as original_published_at',
          'a.language as source_language',
          's.original_url',
          'p.source_name',
          'p.story_id',
        ])
        .where('p.slug', '=', slug)
        .executeTakeFirst();
      if (!row) return undefined;
      const article: PublishedArticle = {
        ...toSummary(row),
        html: row.html,
        sourceUrl: row.original_url,
        sourceName: row.source_name,
        sourceLanguage: row.source_language ?? 'und',
      };
      if (row.byline) article.byline = row.byline;
      if (row.original_published_at) article.originalPublishedAt = row.original_published_at;
      const others = await listAlsoReportedBy(db, row.story_id);
      if (others.length > 0) article.alsoReportedBy = others;
      return article;
    },
    // An article's related list is the ones published just before it in its category: a newer
    // story never changes an older page, so publishing one re-renders no other article.
    async listRelated(article, limit) {
      const rows = await selectSummaries(db, language)
        .where('p.category_slug', '=', article.category.slug)
        .where((eb) =>
          eb.or([
            eb('p.published_at', '<', article.publishedAt),
            eb.and([eb('p.published_at', '=', article.publishedAt), eb('p.slug', '<', article.slug)]),
          ]),
        )
        .orderBy('p.published_at', 'desc')
        .orderBy('p.slug', 'desc')
        .limit(limit)
        .execute();
      return rows.map(toSummary);
    },
    async listFollowing(categorySlug, after, limit) {
      const rows = await db
        .selectFrom('publications as p')
        .select('p.slug')
        .where('p.language', '=', language)
        .where('p.unpublished_at', 'is', null)
        .where('p.category_slug', '=', categorySlug)
        .where((eb) =>
          eb.or([
            eb('p.published_at', '>', after.publishedAt),
            eb.and([eb('p.published_at', '=', after.publishedAt), eb('p.slug', '>', after.slug)]),
          ]),
        )
        .orderBy('p.published_at', 'asc')
        .orderBy('p.slug', 'asc')
        .limit(limit)
        .execute();
      return rows.map((row) => row.slug);
    },
    async listSlugs() {
      const rows = await db.selectFrom('publications').select('slug').where('language', '=', language).where('unpublished_at', 'is', null).orderBy('slug').execute();
      return rows.map((row) => row.slug);
    },
    async listRemovedSlugs() {
      const rows = await db.selectFrom('publications').select('slug').where('language', '=', language).where('unpublished_at', 'is not', null).orderBy('slug').execute();
      return rows.map((row) => row.slug);
    },
    async listCategories() {
      const rows = await db
        .selectFrom('publications')
        .select(['category_name', 'category_slug'])
        .where('language', '=', language)
        .where('unpublished_at', 'is', null)
        .groupBy(['category_slug', 'category_name'])
        .orderBy('category_name')
        .execute();
      return rows.map((row) => ({ name: row.category_name, slug: row.category_slug }));
    },
    async listSitemapMonths() {
      const month = sql<string>`substr(published_at, 1, 7)`;
      const rows = await db
        .selectFrom('publications')
        .select([month.as('month'), (eb) => eb.fn.countAll<number>().as('n'), sql<string>`max(coalesce(updated_at, published_at))`.as('last_modified')])
        .where('language', '=', language)
        .where('unpublished_at', 'is', null)
        .groupBy(month)
        .orderBy(month)
        .execute();
      return rows.map((row) => ({ month: row.month, count: Number(row.n), lastModified: row.last_modified }));
    },
    async listSitemapArticles(month, { limit, offset }) {
      // A range of published_at rather than a test of its month, so that the (language, published_at) index serves it.
      const rows = await db
        .selectFrom('publications')
        .select(['slug', 'published_at', 'updated_at'])
        .where('language', '=', language)
        .where('unpublished_at', 'is', null)
        .where('published_at', '>=', month)
        .where('published_at', '<', followingMonth(month))
        .orderBy('published_at')
        .orderBy('slug')
        .limit(limit)
        .offset(offset)
        .execute();
      return rows.map((row) => ({ slug: row.slug, lastModified: row.updated_at ?? row.published_at }));
    },
    async listCategoryModifications() {
      const rows = await db
        .selectFrom('publications')
        .select(['category_slug', sql<string>`max(coalesce(updated_at, published_at))`.as('last_modified')])
        .where('language', '=', language)
        .where('unpublished_at', 'is', null)
        .groupBy('category_slug')
        .orderBy('category_slug')
        .execute();
      return rows.map((row) => ({ slug: row.category_slug, lastModified: row.last_modified }));
    },
    async listPublishedSince(since, limit) {
      const rows = await selectSummaries(db, language).where('p.published_at', '>=', since).orderBy('p.published_at', 'desc').orderBy('p.story_id', 'desc').limit(limit).execute();
      return rows.map(toSummary);
    },
  };
}

/** The month after `2026-12` (`2027-01`): where a month's range of ISO instants ends. */
function followingMonth(month: string): string {
  const [year, number] = month.split('-').map(Number) as [number, number];
  return number === 12 ? `${String(year + 1).padStart(4, '0')}-01` : `${String(year).padStart(4, '0')}-${String(number + 1).padStart(2, '0')}`;
}

function selectSummaries(db: Db, language: string) {
  return db
    .selectFrom('publications as p')
    .innerJoin('articles as a', 'a.story_id', 'p.story_id')
    .select([
      'p.slug',
      'p.language',
      'p.category_name',
      'p.category_slug',
      'p.published_at',
      'p.updated_at',
      'p.title',
      'p.summary',
      'a.lead_image_url',
      'a.lead_image_alt',
    ])
    .where('p.language', '=', language)
    .where('p.unpublished_at', 'is', null);
}

interface SummaryRow {
  slug: string;
  language: string;
  category_name: string;
  category_slug: string;
  published_at: string;
  updated_at: string | null;
  title: string;
  summary: string;
  lead_image_url: string | null;
  lead_image_alt: string | null;
}

function toSummary(row: SummaryRow): ArticleSummary {
  const summary: ArticleSummary = {
    slug: row.slug,
    language: row.language,
    title: row.title,
    summary: row.summary,
    category: { name: row.category_name, slug: row.category_slug },
    publishedAt: row.published_at,
  };
  if (row.updated_at) summary.updatedAt = row.updated_at;
  if (row.lead_image_url) {
    summary.leadImage = row.lead_image_alt ? { url: row.lead_image_url, alt: row.lead_image_alt } : { url: row.lead_image_url };
  }
  return summary;
}

async function countPublished(db: Db, language: string, categorySlug?: string): Promise<number> {
  let query = db
    .selectFrom('publications')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('language', '=', language)
    .where('unpublished_at', 'is', null);
  if (categorySlug !== undefined) query = query.where('category_slug', '=', categorySlug);
  const row = await query.executeTakeFirst();
  return Number(row?.n ?? 0);
}

async function readCategory(db: Db, language: string, slug: string): Promise<Category | undefined> {
  const row = await db
    .selectFrom('publications')
    .select(['category_name', 'category_slug'])
    .where('language', '=', language)
    .where('unpublished_at', 'is', null)
    .where('category_slug', '=', slug)
    .executeTakeFirst();
  return row ? { name: row.category_name, slug: row.category_slug } : undefined;
}
