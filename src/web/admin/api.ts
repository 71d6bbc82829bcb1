import { Hono, type Context } from 'hono';
import { listSources, listStorySummaries, readStorySummary, type Db, type SourceRecord, type StorySummary } from '../../storage/index.js';
import type { ActionResult, AdminActions, StoryActionName } from './actions.js';
import { readBearerUser, readRequestSession } from './auth.js';
import { isSameSecret } from './credentials.js';
import { describeApi } from './openapi.js';
import { editStorySegment, readStorySegments, readStoryRevisions } from './story-texts.js';

type ApiEnv = { Variables: { actor: string } };

/** The story actions the API offers, as `POST /api/v1/stories/{id}/{action}`. */
export const apiStoryActions: readonly StoryActionName[] = ['publish', 'reject', 'unpublish', 'retranslate', 'retry'];

/**
 * The JSON API: a bearer token (`relais admin token NAME`) on every request, or the admin
 * session's cookie with its form token in `X-CSRF-Token` on a request that changes something.
 */
export function createApi(db: Db, actions: AdminActions, language: string): Hono<ApiEnv> {
  const api = new Hono<ApiEnv>();
  api.get('/openapi.json', (c) => c.json(describeApi()));
  api.use('*', async (c, next) => {
    const actor = await authenticate(c, db);
    if (typeof actor !== 'string') return c.json({ error: actor.error }, actor.status, actor.status === 401 ? { 'WWW-Authenticate': 'Bearer' } : {});
    c.set('actor', actor);
    await next();
  });
  const storyJson = (story: StorySummary, requestUrl: string) => ({ id: story.id, state: story.state, title: story.title, url: actions.publicUrl(story, requestUrl) });

  api.get('/stories', async (c) => {
    const state = c.req.query('state') || undefined;
    const stories = await listStorySummaries(db, { ...(state ? { state } : {}), limit: Math.min(Number(c.req.query('limit') ?? 100) || 100, 1000) });
    return c.json({ stories: stories.map((story) => storyJson(story, c.req.url)) });
  });
  api.get('/stories/:id{[0-9]+}', async (c) => {
    const story = await readStorySummary(db, Number(c.req.param('id')));
    if (!story) return c.json({ error: `no story ${c.req.param('id')}` }, 404);
    return c.json({ ...storyJson(story, c.req.url), campaign: story.campaignId, reason: story.reason, segments: await readStorySegments(db, story.id, language), revisions: await readStoryRevisions(db, story.id) });
  });
  api.post('/stories/:id{[0-9]+}/:action', async (c) => {
    const action = c.req.param('action') as StoryActionName;
    if (!apiStoryActions.includes(action)) return c.json({ error: `no action ${action} (one of ${apiStoryActions.join(', ')})` }, 404);
    const body = await readJson(c);
    const reason = typeof body.reason === 'string' && body.reason.trim() ? body.reason.trim() : undefined;
    return answer(c, await actions.story(c.get('actor'), action, Number(c.req.param('id')), reason));
  });
  api.put('/stories/:id{[0-9]+}/segments/:n{[0-9]+}', async (c) => {
    const body = await readJson(c);
    if (typeof body.text !== 'string') return c.json({ error: 'expected { "text": "…" }' }, 400);
    const outcome = await editStorySegment(db, Number(c.req.param('id')), language, Number(c.req.param('n')), body.text, c.get('actor'));
    if (outcome.kind === 'unknown') return c.json({ error: outcome.reason }, 404);
    if (outcome.kind === 'invalid') return c.json({ error: outcome.reason }, 400);
    const { n, source, translation, origin } = outcome.segment;
    return c.json({ ok: true, segment: { n, source, translation, origin } });
  });
  api.delete('/stories/:id{[0-9]+}', async (c) => answer(c, await actions.story(c.get('actor'), 'delete', Number(c.req.param('id')))));

  const sourceJson = (source: SourceRecord) => ({ id: source.id, url: source.url, title: source.title, lastFetchAt: source.lastPolledAt, lastError: source.lastError, nextPollAt: source.nextPollAt, paused: source.pausedAt !== null });
  const hasCampaign = (id: string) => actions.campaigns().some((campaign) => campaign.id === id);
  api.get('/campaigns/:campaign/sources', async (c) => {
    const id = c.req.param('campaign');
    if (!hasCampaign(id)) return c.json({ error: `no campaign ${id}` }, 404);
    return c.json({ sources: (await listSources(db, id)).map(sourceJson) });
  });
  api.post('/campaigns/:campaign/sources', async (c) => {
    const body = await readJson(c);
    if (typeof body.url !== 'string' || !/^https?:\/\//.test(body.url)) return c.json({ error: 'expected { "url": "https://…" }' }, 400);
    return answer(c, await actions.addSource(c.get('actor'), c.req.param('campaign'), body.url), 201);
  });
  api.delete('/campaigns/:campaign/sources/:source{[0-9]+}', async (c) => {
    const sourceId = Number(c.req.param('source'));
    const source = (await listSources(db, c.req.param('campaign'))).find((candidate) => candidate.id === sourceId);
    if (!source) return c.json({ error: `campaign ${c.req.param('campaign')} has no source ${sourceId}` }, 404);
    return answer(c, await actions.removeSource(c.get('actor'), sourceId));
  });
  api.notFound((c) => c.json({ error: `no route ${c.req.method} ${new URL(c.req.url).pathname} (see /api/v1/openapi.json)` }, 404));
  return api;
}

async function authenticate(c: Context, db: Db): Promise<string | { status: 401 | 403; error: string }> {
  if (c.req.header('authorization')) {
    const user = await readBearerUser(c, db);
    return user ?? { status: 401, error: 'the bearer token is unknown or revoked (create one with: relais admin token NAME)' };
  }
  const session = await readRequestSession(c, db);
  if (!session) return { status: 401, error: 'send Authorization: Bearer <token> (create one with: relais admin token NAME)' };
  if (c.req.method !== 'GET' && c.req.method !== 'HEAD' && !isSameSecret(c.req.header('x-csrf-token') ?? '', session.csrfToken)) {
    return { status: 403, error: "a request signed in with the admin session's cookie needs its form token in X-CSRF-Token" };
  }
  return session.userName;
}

async function readJson(c: Context): Promise<Record<string, unknown>> {
  try {
    const body: unknown = await c.req.json();
    return body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function answer(c: Context, result: ActionResult, okStatus: 200 | 201 = 200) {
  return result.ok ? c.json({ ok: true, message: result.message, ...(result.state ? { state: result.state } : {}) }, okStatus) : c.json({ error: result.message }, result.status);
}
