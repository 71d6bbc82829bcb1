import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { listStoredPageTags, preparePage, readSiteGeneration, readStoredPage, type StoredPage } from '../storage/site-pages.js';
import type { Db } from '../storage/index.js';
import { createSiteRenderer, NOT_FOUND_PATH, type SiteOptions } from './render.js';
import { createSiteReader } from '../storage/index.js';
import { parsePageNumber } from './urls.js';

/** What the site server needs: the database holding the stored pages, and the site's settings. */
export interface SiteServerOptions {
  db: Db;
  site: SiteOptions;
  /** Bytes of pages kept in memory (bodies and their gzip variants); the rest is read from the store. */
  cacheBytes?: number;
  /** How often, at most, the server asks the database whether pages changed (ms). */
  refreshMs?: number;
  /** Told about unexpected errors; the page the reader sees names none of their details. */
  reportError?: (error: unknown, path: string) => void;
}

/** A reply, ready to be written. */
export interface SiteReply {
  status: number;
  headers: OutgoingHttpHeaders;
  body: Buffer | undefined;
}

/** Serves the stored pages of a site. */
export interface SiteServer {
  /** The request listener of `node:http`. */
  listener(request: IncomingMessage, response: ServerResponse): void;
  /** Answers one request (a reply, or a promise of one when the page must be read from the store). */
  answer(method: string, url: string, headers: { acceptEncoding?: string | undefined; ifNoneMatch?: string | undefined }): SiteReply | Promise<SiteReply>;
  /** Answers a request for a path (or a URL, whose host is ignored) as a fetch Response: for tests and tools. */
  request(path: string, init?: { method?: string; headers?: Record<string, string> }): Promise<Response>;
  /** Loads what changed in the store now, instead of at the next check. */
  refresh(): Promise<void>;
}

// No script anywhere on the site: CSP forbids it outright, so injected markup cannot run. HSTS
// belongs to whoever terminates TLS in front of the site; over plain HTTP it is ignored.
const SECURITY_HEADERS: OutgoingHttpHeaders = {
  'Content-Security-Policy': "default-src 'none'; img-src https: http: data:; style-src 'self'; script-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Origin-Agent-Cluster': '?1',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  'X-Content-Type-Options': 'nosniff',
  'X-DNS-Prefetch-Control': 'off',
  'X-Frame-Options': 'DENY',
  'X-Permitted-Cross-Domain-Policies': 'none',
};

/** A stored page in memory, with its replies prepared once. */
interface CachedPage {
  page: StoredPage;
  size: number;
  used: number;
  identity: OutgoingHttpHeaders;
  gzip: OutgoingHttpHeaders;
  notModified: OutgoingHttpHeaders;
  notModifiedGzip: OutgoingHttpHeaders;
  gzipTag: string;
}

/** Makes the server of a site's stored pages. Pages are rendered by the site builder, never here. */
export function createSiteServer(options: SiteServerOptions): SiteServer {
  const { db } = options;
  const cacheBytes = options.cacheBytes ?? 64 * 1024 * 1024;
  const refreshMs = options.refreshMs ?? 1000;
  const renderer = createSiteRenderer(createSiteReader(db, options.site.language), options.site);
  const categoryPrefix = `/${renderer.strings.paths.category}/`;
  const cache = new Map<string, CachedPage>();
  let cachedBytes = 0;
  let clock = 0;
  // Every stored path and its ETag: a path missing here is a 404 without asking the database.
  let known: Map<string, string> | undefined;
  let generation = -1;
  let checkedAt = 0;
  let checking: Promise<void> | undefined;
  let serverError: CachedPage | undefined;
  void renderer.renderServerError().then((page) => (serverError = prepare(preparePage(page))));

  const refresh = async (): Promise<void> => {
    checkedAt = Date.now();
    const current = await readSiteGeneration(db);
    if (current === generation && known) return;
    const tags = await listStoredPageTags(db);
    for (const [path, entry] of cache) {
      if (tags.get(path) !== entry.page.etag) evict(path, entry);
    }
    known = tags;
    generation = current;
  };
  const checkSoon = () => {
    if (checking || Date.now() - checkedAt < refreshMs) return;
    checking = refresh()
      .catch((error: unknown) => options.reportError?.(error, '(checking for changed pages)'))
      .finally(() => (checking = undefined));
  };

  const evict = (path: string, entry: CachedPage) => {
    cache.delete(path);
    cachedBytes -= entry.size;
  };
  const remember = (page: StoredPage): CachedPage => {
    const entry = prepare(page);
    const old = cache.get(page.path);
    if (old) evict(page.path, old);
    entry.used = ++clock;
    cache.set(page.path, entry);
    cachedBytes += entry.size;
    if (cachedBytes > cacheBytes) shrink();
    return entry;
  };
  // Drops the least recently used half of what is over budget at once, so it runs rarely.
  const shrink = () => {
    const entries = [...cache.entries()].sort((a, b) => a[1].used - b[1].used);
    for (const [path, entry] of entries) {
      if (cachedBytes <= cacheBytes * 0.75) break;
      evict(path, entry);
    }
  };

  const load = async (path: string): Promise<CachedPage | undefined> => {
    const page = await readStoredPage(db, path);
    return page ? remember(page) : undefined;
  };

  const fail = (error: unknown, path: string): SiteReply => {
    options.reportError?.(error, path);
    if (!serverError) return { status: 500, headers: { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' }, body: Buffer.from('500') };
    return reply(serverError, false, undefined);
  };

  const notFound = (acceptsGzip: boolean): SiteReply | Promise<SiteReply> => {
    const entry = cache.get(NOT_FOUND_PATH);
    if (entry) return reply(entry, acceptsGzip, undefined);
    return load(NOT_FOUND_PATH).then(
      (loaded) => (loaded ? reply(loaded, acceptsGzip, undefined) : plain(404, 'Not found')),
      (error: unknown) => fail(error, NOT_FOUND_PATH),
    );
  };

  const answer: SiteServer['answer'] = (method, url, headers) => {
    if (method !== 'GET' && method !== 'HEAD') return { status: 405, headers: { ...SECURITY_HEADERS, Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' }, body: Buffer.from('Method not allowed') };
    const acceptsGzip = headers.acceptEncoding !== undefined && acceptsGzipEncoding(headers.acceptEncoding);
    const query = url.indexOf('?');
    const path = query < 0 ? url : url.slice(0, query);
    if (path === '/healthz') return health();
    if (query >= 0) {
      const moved = movedPage(path, url.slice(query + 1));
      if (moved === null) return notFound(acceptsGzip);
      if (moved !== undefined) return { status: 301, headers: { ...SECURITY_HEADERS, Location: moved, 'Cache-Control': 'public, max-age=86400' }, body: undefined };
    }
    checkSoon();
    const entry = cache.get(path);
    if (entry) {
      entry.used = ++clock;
      return reply(entry, acceptsGzip, headers.ifNoneMatch);
    }
    if (known && !known.has(path)) return notFound(acceptsGzip);
    return load(path).then(
      (loaded) => (loaded ? reply(loaded, acceptsGzip, headers.ifNoneMatch) : notFound(acceptsGzip)),
      (error: unknown) => fail(error, path),
    );
  };

  // `?page=N` is how list pages were addressed before they became paths: send readers on.
  // Other queries (utm_source…) change nothing. Null when the page number is not one.
  const movedPage = (path: string, query: string): string | null | undefined => {
    const value = new URLSearchParams(query).get('page');
    if (value === null) return undefined;
    const page = parsePageNumber(value);
    if (page === undefined) return null;
    if (path === '/') return renderer.paths.home(page);
    if (path.startsWith(categoryPrefix) && !path.slice(categoryPrefix.length).includes('/')) {
      return renderer.paths.category(decodeURIComponent(path.slice(categoryPrefix.length)), page);
    }
    return undefined;
  };

  const health = async (): Promise<SiteReply> => {
    try {
      await readSiteGeneration(db);
      return plain(200, 'ok');
    } catch (error) {
      options.reportError?.(error, '/healthz');
      return plain(500, 'database unreachable');
    }
  };

  return {
    answer,
    refresh,
    listener(request, response) {
      const headers = { acceptEncoding: header(request.headers['accept-encoding']), ifNoneMatch: header(request.headers['if-none-match']) };
      const method = request.method ?? 'GET';
      let result: SiteReply | Promise<SiteReply>;
      try {
        result = answer(method, request.url ?? '/', headers);
      } catch (error) {
        result = fail(error, request.url ?? '/');
      }
      if (result instanceof Promise) void result.then((done) => send(response, done, method === 'HEAD'));
      else send(response, result, method === 'HEAD');
    },
    async request(path, init = {}) {
      const lower = Object.fromEntries(Object.entries(init.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]));
      const method = init.method ?? 'GET';
      const target = /^https?:\/\//.test(path) ? ((url) => url.pathname + url.search)(new URL(path)) : path;
      const done = await answer(method, target, { acceptEncoding: lower['accept-encoding'], ifNoneMatch: lower['if-none-match'] });
      const headers = new Headers();
      for (const [name, value] of Object.entries(done.headers)) if (value !== undefined) headers.set(name, String(value));
      const body = method === 'HEAD' || done.status === 304 || !done.body ? null : new Uint8Array(done.body);
      return new Response(body, { status: done.status, headers });
    },
  };
}

function prepare(page: StoredPage): CachedPage {
  const validators = page.status === 200;
  const gzipTag = `${page.etag.slice(0, -1)}-gz"`;
  const common: OutgoingHttpHeaders = { ...SECURITY_HEADERS, 'Content-Type': page.contentType, 'Cache-Control': page.cacheControl, Vary: 'Accept-Encoding' };
  const identity = { ...common, 'Content-Length': page.body.length, ...(validators ? { ETag: page.etag } : {}) };
  const gzip = { ...common, 'Content-Encoding': 'gzip', 'Content-Length': page.bodyGzip.length, ...(validators ? { ETag: gzipTag } : {}) };
  const notModified = { ...SECURITY_HEADERS, 'Cache-Control': page.cacheControl, Vary: 'Accept-Encoding', ETag: page.etag };
  return {
    page,
    size: page.body.length + page.bodyGzip.length + page.path.length + 512,
    used: 0,
    identity,
    gzip,
    notModified,
    notModifiedGzip: { ...notModified, ETag: gzipTag },
    gzipTag,
  };
}

function reply(entry: CachedPage, gzip: boolean, ifNoneMatch: string | undefined): SiteReply {
  if (ifNoneMatch !== undefined && entry.page.status === 200 && matchesTag(ifNoneMatch, entry)) {
    return { status: 304, headers: gzip ? entry.notModifiedGzip : entry.notModified, body: undefined };
  }
  return gzip
    ? { status: entry.page.status, headers: entry.gzip, body: entry.page.bodyGzip }
    : { status: entry.page.status, headers: entry.identity, body: entry.page.body };
}

// If-None-Match compares weakly: either encoding's tag, with or without W/, or `*`.
function matchesTag(header: string, entry: CachedPage): boolean {
  if (header.trim() === '*') return true;
  for (const part of header.split(',')) {
    const tag = part.trim().replace(/^W\//, '');
    if (tag === entry.page.etag || tag === entry.gzipTag) return true;
  }
  return false;
}

/** Whether an Accept-Encoding header takes gzip (not refused with q=0). */
export function acceptsGzipEncoding(header: string): boolean {
  for (const part of header.toLowerCase().split(',')) {
    const [coding, ...params] = part.trim().split(';');
    if (coding !== 'gzip' && coding !== 'x-gzip' && coding !== '*') continue;
    const q = params.map((param) => param.trim()).find((param) => param.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  }
  return false;
}

function plain(status: number, text: string): SiteReply {
  return { status, headers: { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' }, body: Buffer.from(text) };
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}

function send(response: ServerResponse, reply: SiteReply, head: boolean): void {
  response.writeHead(reply.status, reply.headers);
  response.end(head ? undefined : reply.body);
}
