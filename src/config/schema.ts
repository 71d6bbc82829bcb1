import { Cron } from 'croner';
import { z } from 'zod';
import { translationEngineIds } from '../domain/types.js';
import { hostPortForm, parseHostPort } from '../fetcher/allow-hosts.js';

// The shape of relais.yaml. Every key has a default so an absent file starts a working relais.

const languageCode = z
  .string()
  .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/, 'a language code such as "en" or "fr"');

const httpUrl = z
  .string()
  .url('an absolute URL')
  .refine((value) => /^https?:\/\//i.test(value), 'an http:// or https:// URL');

// Read exactly as the fetcher matches it: WHATWG host parsing, an explicit port.
const hostAndPort = z.string().refine((value) => parseHostPort(value) !== undefined, hostPortForm);


// Checked with croner, which the scheduler runs them with, so what passes here is what runs.
const cronSchedule = z
  .string()
  .superRefine((value, ctx) => {
    const problem = findCronProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: `a cron expression such as "*/15 * * * *" (${problem})` });
  });

/** Why croner would not run `expression`, or null when it would. */
function findCronProblem(expression: string): string | null {
  let job: Cron | undefined;
  try {
    job = new Cron(expression, { paused: true });
    return job.nextRun() === null ? 'it never matches a date from now on' : null;
  } catch (error) {
    return (error instanceof Error ? error.message : String(error)).replace(/^CronPattern: /, '').replace(/\.$/, '');
  } finally {
    job?.stop();
  }
}

const engineId = z.enum(translationEngineIds);

// Checked with Intl, which formats the pages' dates with it.
const timeZone = z.string().refine((value) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}, 'an IANA time zone such as "Europe/Paris" or "UTC"');

const cleanupSchema = z
  .object({
    drop_selectors: z.array(z.string().min(1)).default([]),
    drop_patterns: z
      .array(
        z.string().refine((value) => {
          try {
            new RegExp(value, 'u');
            return true;
          } catch {
            return false;
          }
        }, 'a valid regular expression'),
      )
      .default([]),
    min_words: z.number().int().min(0).default(80),
  })
  .strict();

// Gates a translation must pass before it is published; a failed gate holds the story.
const qualityFields = {
  /** Check the output language with a language identifier. */
  check_language: z.boolean(),
  /** Most share of target sentences identical to their source (left untranslated). */
  max_untranslated_share: z.number().min(0).max(1),
  /** Bounds of target length / source length, in characters. */
  min_length_ratio: z.number().positive(),
  max_length_ratio: z.number().positive(),
  /** Most times one word n-gram may repeat in a sentence before it counts as a loop. */
  max_repetition: z.number().int().min(2),
};

const qualitySchema = z
  .object({
    check_language: qualityFields.check_language.default(true),
    max_untranslated_share: qualityFields.max_untranslated_share.default(0.3),
    min_length_ratio: qualityFields.min_length_ratio.default(0.5),
    max_length_ratio: qualityFields.max_length_ratio.default(2.5),
    max_repetition: qualityFields.max_repetition.default(4),
  })
  .strict();

const qualityOverridesSchema = z.object(qualityFields).partial().strict();

const campaignSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lowercase letters, digits and dashes'),
    sources: z.array(httpUrl).min(1, 'at least one source URL'),
    /** The stories' language, or `auto`: each story is translated from the language it is in. */
    from: z
      .string()
      .regex(/^(auto|[a-z]{2,3}(-[A-Za-z0-9]{2,8})?)$/, 'a language code such as "en" or "fr", or auto')
      .default('en'),
    to: languageCode,
    category: z.string().min(1),
    engine: engineId.default('opus-mt'),
    /** Shown on article pages as the original's publisher; defaults to the feed's or page's site name. */
    source_name: z.string().min(1).optional(),
    /** When `relais start` polls each source: a cron expression (the next tick after each poll)… */
    schedule: cronSchedule.default('*/15 * * * *'),
    /** …or every this many seconds after each poll; set, it replaces `schedule`. */
    poll_interval_seconds: z.number().min(0.05).optional(),
    cleanup: cleanupSchema.default({ drop_selectors: [], drop_patterns: [], min_words: 80 }),
    /** Terms kept exactly as they are (names of outlets, institutions). */
    protected_terms: z.array(z.string().min(1)).default([]),
    /** Terms always translated this way ("White House" → "Maison-Blanche"). */
    glossary: z.record(z.string().min(1), z.string().min(1)).default({}),
    /** Overrides of the top-level `quality` thresholds for this campaign. */
    quality: qualityOverridesSchema.optional(),
    max_items_per_poll: z.number().int().min(1).default(50),
    /** Obey the sources' robots.txt; false only for the operator's own sites. */
    respect_robots: z.boolean().default(true),
    /** `auto`: publish what passes the quality gates; `review`: hold every translated story for an editor. */
    publish: z.enum(['auto', 'review']).default('auto'),
    /** Hours after publication at which a published story's page is fetched again to follow corrections; [] never. */
    recheck_after_hours: z.array(z.number().positive()).default([1, 6, 24, 72]),
    /** What becomes of a published story whose page the source removed (404/410 when checked again). */
    on_source_removed: z.enum(['unpublish', 'keep']).default('unpublish'),
  })
  .strict();

/** The validated configuration file. */
export const configSchema = z
  .object({
    data_dir: z.string().min(1).default('./data'),
    /** A SQLite file path or a postgres:// URL; unset means relais.db under data_dir. RELAIS_DATABASE_URL overrides it. */
    database: z.string().min(1).optional(),
    site: z
      .object({
        port: z.number().int().min(0).max(65535).default(3000),
        host: z.string().min(1).default('127.0.0.1'),
        language: languageCode.default('fr'),
        title: z.string().min(1).default('Relais — les nouvelles du monde en français'),
        base_url: httpUrl.optional(),
        notice: z.string().min(1).optional(),
        page_size: z.number().int().min(1).max(100).default(20),
        /** IANA time zone of the dates and times the pages show ("Europe/Paris"). */
        time_zone: timeZone.default('UTC'),
        /** A WebSub hub (https://www.w3.org/TR/websub/): the feeds name it, and relais tells it when they change. */
        websub_hub: httpUrl.optional(),
      })
      .strict()
      .prefault({}),
    // /metrics and /healthz on a port of their own, off unless a port is set.
    admin: z
      .object({
        port: z.number().int().min(0).max(65535).optional(),
        host: z.string().min(1).default('127.0.0.1'),
        /** Environment variable holding a token /metrics then requires (Authorization: Bearer …). */
        token_env: z.string().min(1).optional(),
      })
      .strict()
      .prefault({}),
    fetch: z
      .object({
        /** Reach private addresses (loopback, LAN, link-local…) from any origin; cloud metadata stays refused. */
        allow_private_addresses: z.boolean().default(false),
        /** Origins ("host:port") that may reach private addresses when allow_private_addresses is off. */
        allow_hosts: z.array(hostAndPort).default([]),
        connect_timeout_ms: z.number().int().positive().default(10_000),
        response_timeout_ms: z.number().int().positive().default(20_000),
        total_timeout_ms: z.number().int().positive().default(60_000),
        max_redirects: z.number().int().min(0).max(20).default(5),
        max_bytes: z.number().int().positive().default(10 * 1024 * 1024),
        user_agent: z.string().min(1).optional(),
        per_host_concurrency: z.number().int().min(1).default(2),
        /** Least time between the starts of two requests to one host, across every process on the database. */
        per_host_delay_ms: z.number().int().min(0).default(0),
      })
      .strict()
      .prefault({}),
    // Extraction runs in a pool of worker threads (src/pipeline/extract-pool.ts).
    extract: z
      .object({
        /** Most extraction workers; the number of cores when unset, never more. */
        workers: z.number().int().min(1).optional(),
        /** Longest one page may take; its worker is then stopped and the story retried later. */
        timeout_ms: z.number().int().positive().default(60_000),
        /** Heap of each worker (V8 old generation); a page needing more crashes that worker only. */
        worker_memory_mb: z.number().int().min(128).default(1024),
      })
      .strict()
      .prefault({}),
    engines: z
      .object({
        apertium: z
          .object({
            url: httpUrl.default('http://127.0.0.1:2737'),
            timeout_ms: z.number().int().positive().default(60_000),
          })
          .strict()
          .prefault({}),
        'opus-mt': z
          .object({
            models_dir: z.string().min(1).default('./models'),
            dtype: z.enum(['fp32', 'q8']).default('q8'),
            max_batch: z.number().int().min(1).default(8),
          })
          .strict()
          .prefault({}),
        // Paid or self-hosted HTTP engines; their keys come from the environment variable named here.
        libretranslate: z
          .object({
            url: httpUrl.default('http://127.0.0.1:5000'),
            api_key_env: z.string().min(1).default('LIBRETRANSLATE_API_KEY'),
            timeout_ms: z.number().int().positive().default(60_000),
          })
          .strict()
          .prefault({}),
        deepl: z
          .object({
            url: httpUrl.default('https://api-free.deepl.com'),
            api_key_env: z.string().min(1).default('DEEPL_API_KEY'),
            formality: z.enum(['default', 'more', 'less', 'prefer_more', 'prefer_less']).default('default'),
            glossary_id: z.string().min(1).optional(),
            timeout_ms: z.number().int().positive().default(60_000),
          })
          .strict()
          .prefault({}),
        google: z
          .object({
            url: httpUrl.default('https://translation.googleapis.com'),
            api_key_env: z.string().min(1).default('GOOGLE_TRANSLATE_API_KEY'),
            timeout_ms: z.number().int().positive().default(60_000),
          })
          .strict()
          .prefault({}),
        openai: z
          .object({
            url: httpUrl.default('https://api.openai.com/v1'),
            model: z.string().min(1).default('gpt-4o-mini'),
            api_key_env: z.string().min(1).default('OPENAI_API_KEY'),
            timeout_ms: z.number().int().positive().default(120_000),
          })
          .strict()
          .prefault({}),
      })
      .strict()
      .prefault({}),
    quality: qualitySchema.prefault({}),
    // The same story from several sources is published once (src/pipeline/duplicates.ts): a story
    // whose text is this similar to one extracted in the last window_days, by any campaign into the
    // same language, is skipped. The threshold comes from bench:duplicates (docs/benchmarks.md).
    duplicates: z
      .object({
        /** false: every campaign publishes its stories whatever the others published (two categories of one feed, say). */
        enabled: z.boolean().default(true),
        window_days: z.number().positive().default(3),
        /** Least estimated Jaccard similarity of word 3-shingles for two texts to be one story. */
        threshold: z.number().gt(0).max(1).default(0.4),
      })
      .strict()
      .prefault({}),
    // How stories flow through the stages (src/pipeline/flow.ts).
    pipeline: z
      .object({
        /** Stories worked on at once per stage; extraction defaults to the extraction workers' count. */
        concurrency: z
          .object({
            /** Sources polled at once by `relais start`. */
            poll: z.number().int().min(1).default(4),
            fetch: z.number().int().min(1).default(4),
            extract: z.number().int().min(1).optional(),
            translate: z.number().int().min(1).default(2),
            publish: z.number().int().min(1).default(1),
          })
          .strict()
          .prefault({}),
        /** How long a worker's claim on a story lasts unless renewed; a killed worker's stories are taken over after it. */
        lease_seconds: z.number().min(1).default(120),
        /** How often an idle worker or `relais start` looks for ready stories and due sources. */
        idle_check_seconds: z.number().min(0.05).default(5),
      })
      .strict()
      .prefault({}),
    campaigns: z.array(campaignSchema).default([
      {
        id: 'cnn-all-en2fr',
        sources: ['http://rss.cnn.com/rss/cnn_latest.rss'],
        from: 'en',
        to: 'fr',
        category: 'Nouvelles des États-Unis',
        engine: 'opus-mt',
        schedule: '*/15 * * * *',
        cleanup: { drop_selectors: [], drop_patterns: [], min_words: 80 },
        max_items_per_poll: 50,
        respect_robots: true,
        protected_terms: ['CNN'],
        glossary: {},
        publish: 'auto',
        recheck_after_hours: [1, 6, 24, 72],
        on_source_removed: 'unpublish',
      },
    ]),
  })
  .strict();

/** The configuration as relais uses it (after defaults). */
export type Config = z.infer<typeof configSchema>;
/** One campaign of the configuration. */
export type CampaignConfig = Config['campaigns'][number];
/** Quality-gate thresholds. */
export type QualityConfig = Config['quality'];
