import { Hono, type Context } from 'hono';
import { getCookie } from 'hono/cookie';
import type { Child } from 'hono/jsx';
import {
  countStoriesByCampaign,
  listAudit,
  listRevisions,
  listEngineProblems,
  listEngineUsage,
  listMemoryUsage,
  listSources,
  listStorySummaries,
  readStorySummary,
  type Db,
} from '../../storage/index.js';
import { ADMIN_CSS } from '../assets/admin-css.js';
import { SITE_CSS } from '../assets/site-css.js';
import { selectAdminStrings, type AdminStrings } from '../i18n.js';
import { SECURITY_HEADERS } from '../site-server.js';
import { createAdminActions, storyActionNames, type AdminActionOptions, type AdminActions, type StoryActionName } from './actions.js';
import { createApi } from './api.js';
import { editStorySegment, readStorySegments } from './story-texts.js';
import { LOGIN_COOKIE, LOGIN_WINDOW_MINUTES, isSecureRequest, loginFormToken, readRequestSession, signIn, signOut, type AdminSession } from './auth.js';
import { isSameSecret } from './credentials.js';
import { AuditPage, CampaignsPage, DashboardPage, EnginesPage, LoginPage, StoriesPage, StoryPage, type AdminView } from './pages.js';

/** What the admin area and its API serve from. */
export type AdminAreaOptions = AdminActionOptions;

type AdminEnv = { Variables: { session: AdminSession } };

const ADMIN_HEADERS: Record<string, string> = {
  ...(SECURITY_HEADERS as Record<string, string>),
  'X-Robots-Tag': 'noindex',
  'Cache-Control': 'no-store',
};

/**
 * The admin area (`/admin`, signed-in pages) and the JSON API (`/api/v1`, bearer tokens), served
 * on the site's port. Pages and API call the same actions (actions.ts).
 */
export function createAdminArea(options: AdminAreaOptions): Hono {
  const { db, config } = options;
  const language = config.site.language;
  const strings = selectAdminStrings(language);
  const actions = createAdminActions(options);
  const app = new Hono();
  app.use('*', async (c, next) => {
    await next();
    for (const [name, value] of Object.entries(ADMIN_HEADERS)) c.res.headers.set(name, value);
  });
  app.route('/api/v1', createApi(db, actions, language));
  app.route('/admin', createPages(db, actions, strings, { language, timeZone: config.site.time_zone }, config.site.base_url));
  return app;
}

function createPages(db: Db, actions: AdminActions, strings: AdminStrings, clock: { language: string; timeZone: string }, baseUrl: string | undefined): Hono<AdminEnv> {
  const { language, timeZone } = clock;
  const pages = new Hono<AdminEnv>();
  const secure = (c: Context) => isSecureRequest(c, baseUrl);
  const html = (c: Context, page: Child, status: 200 | 403 | 404 | 429 = 200) => c.html(`<!doctype html>${String(page)}`, status);

  pages.get('/assets/admin.css', (c) => c.body(SITE_CSS + ADMIN_CSS, 200, { 'Content-Type': 'text/css; charset=utf-8' }));
  pages.get('/login', (c) => html(c, <LoginPage strings={strings} language={language} formToken={loginFormToken(c, secure(c))} />));
  pages.post('/login', async (c) => {
    const form = await c.req.parseBody();
    const name = String(form.name ?? '');
    const expected = getCookie(c, LOGIN_COOKIE);
    const formToken = loginFormToken(c, secure(c));
    const page = (error: string, status: 403 | 429) => html(c, <LoginPage strings={strings} language={language} formToken={formToken} error={error} name={name} />, status);
    if (!expected || !isSameSecret(String(form.csrf ?? ''), expected)) return page(strings.formExpired, 403);
    const outcome = await signIn(c, db, name, String(form.password ?? ''), secure(c));
    if (outcome.kind === 'too-many') return page(strings.tooManyAttempts(LOGIN_WINDOW_MINUTES), 429);
    if (outcome.kind === 'wrong') return page(strings.wrongCredentials, 403);
    return c.redirect('/admin', 303);
  });

  // Everything else is behind the sign-in, and every POST carries the session's form token.
  pages.use('*', async (c, next) => {
    const session = await readRequestSession(c, db);
    if (!session) return c.req.method === 'GET' ? c.redirect('/admin/login', 303) : c.text(`${strings.sessionExpired}\n`, 401);
    if (c.req.method === 'POST') {
      const form = await c.req.parseBody();
      if (!isSameSecret(String(form.csrf ?? ''), session.csrfToken)) return c.text(`${strings.formExpired}\n`, 403);
    }
    c.set('session', session);
    await next();
  });
  const viewOf = (c: Context<AdminEnv>): AdminView => {
    const notice = c.req.query('notice');
    const error = c.req.query('error');
    const session = c.get('session');
    return {
      strings,
      language,
      timeZone,
      userName: session.userName,
      csrfToken: session.csrfToken,
      ...(notice ? { notice: { text: notice, error: false } } : error ? { notice: { text: error, error: true } } : {}),
    };
  };
  const afterAction = async (c: Context<AdminEnv>, result: { ok: boolean; message: string }) => {
    const form = await c.req.parseBody();
    const back = String(form.back ?? '/admin');
    // Only back into the admin area: a form cannot send the browser elsewhere.
    const target = /^\/admin(\/|\?|$)/.test(back) && !back.startsWith('//') ? back : '/admin';
    const separator = target.includes('?') ? '&' : '?';
    return c.redirect(`${target}${separator}${result.ok ? 'notice' : 'error'}=${encodeURIComponent(result.message)}`, 303);
  };

  pages.post('/logout', async (c) => {
    await signOut(c, db, secure(c));
    return c.redirect('/admin/login', 303);
  });
  pages.get('/', async (c) => {
    const sources = await listSources(db);
    const summaries = await listStorySummaries(db, { limit: 1 });
    const data = {
      counts: await countStoriesByCampaign(db),
      lastPollAt: sources.map((source) => source.lastPolledAt).filter((at): at is string => at !== null).sort().at(-1) ?? null,
      lastStoryChangeAt: summaries[0]?.updatedAt ?? null,
      failures: await listStorySummaries(db, { state: 'failed', limit: 10 }),
      failingSources: sources.filter((source) => source.lastError !== null),
      engineProblems: await listEngineProblems(db),
    };
    return html(c, <DashboardPage view={viewOf(c)} data={data} />);
  });
  pages.get('/campaigns', async (c) => {
    const sources = await actions.listSources();
    const campaigns = actions.campaigns().map((campaign) => ({ ...campaign, sources: sources.filter((source) => source.campaignId === campaign.id) }));
    return html(c, <CampaignsPage view={viewOf(c)} campaigns={campaigns} />);
  });
  pages.post('/campaigns/:id/sources', async (c) => {
    const form = await c.req.parseBody();
    const result = await actions.addSource(c.get('session').userName, c.req.param('id'), String(form.url ?? '')).catch((error: unknown) => ({ ok: false, message: String((error as Error).message) }));
    return afterAction(c, { ...result, ok: result.ok });
  });
  pages.post('/sources/:id/:action{pause|resume|remove}', async (c) => {
    const id = Number(c.req.param('id'));
    const actor = c.get('session').userName;
    const action = c.req.param('action');
    const result = action === 'remove' ? await actions.removeSource(actor, id) : await actions.pauseSource(actor, id, action === 'pause');
    return afterAction(c, result);
  });
  pages.get('/stories', async (c) => {
    const state = c.req.query('state') || undefined;
    return html(c, <StoriesPage view={viewOf(c)} state={state} stories={await listStorySummaries(db, { ...(state ? { state } : {}), limit: 200 })} />);
  });
  pages.get('/stories/:id{[0-9]+}', async (c) => {
    const story = await readStorySummary(db, Number(c.req.param('id')));
    if (!story) return c.text(`${strings.notFound}\n`, 404);
    const segments = await readStorySegments(db, story.id, language);
    const revisions = await listRevisions(db, story.id);
    return html(c, <StoryPage view={viewOf(c)} story={story} segments={segments} revisions={revisions} publicUrl={actions.publicUrl(story, c.req.url)} audit={await listAudit(db, { storyId: story.id, limit: 50 })} />);
  });
  pages.post('/stories/:id{[0-9]+}/segments/:n{[0-9]+}', async (c) => {
    const form = await c.req.parseBody();
    const outcome = await editStorySegment(db, Number(c.req.param('id')), language, Number(c.req.param('n')), String(form.text ?? ''), c.get('session').userName);
    return afterAction(c, outcome.kind === 'edited' ? { ok: true, message: strings.segmentSaved } : { ok: false, message: outcome.reason });
  });
  pages.post('/stories/:id{[0-9]+}/:action', async (c) => {
    const action = c.req.param('action') as StoryActionName;
    if (!storyActionNames.includes(action)) return c.text(`${strings.notFound}\n`, 404);
    const form = await c.req.parseBody();
    const reason = String(form.reason ?? '').trim();
    const result = await actions.story(c.get('session').userName, action, Number(c.req.param('id')), reason || undefined);
    return afterAction(c, result.ok ? { ok: true, message: strings.actionDone[action] } : result);
  });
  pages.get('/engines', async (c) =>
    html(c, <EnginesPage view={viewOf(c)} usage={await listEngineUsage(db)} memory={await listMemoryUsage(db)} problems={await listEngineProblems(db)} />),
  );
  pages.get('/audit', async (c) => html(c, <AuditPage view={viewOf(c)} entries={await listAudit(db, { limit: 200 })} />));
  return pages;
}
