// The API's OpenAPI 3.1 description, served at /api/v1/openapi.json. Written by hand beside the
// routes (api.ts); a test checks that every route the app answers is described here.

const error = { type: 'object', properties: { error: { type: 'string' } }, required: ['error'] } as const;
const outcome = { type: 'object', properties: { ok: { const: true }, message: { type: 'string' }, state: { type: 'string' } }, required: ['ok', 'message'] } as const;
const story = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    state: { type: 'string', enum: ['discovered', 'fetched', 'extracted', 'translated', 'published', 'skipped', 'failed', 'held', 'unpublished'] },
    title: { type: 'string' },
    url: { type: ['string', 'null'], format: 'uri', description: 'The public page, once published.' },
  },
  required: ['id', 'state', 'title', 'url'],
} as const;
const source = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    url: { type: 'string', format: 'uri' },
    title: { type: ['string', 'null'] },
    lastFetchAt: { type: ['string', 'null'], format: 'date-time' },
    lastError: { type: ['string', 'null'] },
    nextPollAt: { type: ['string', 'null'], format: 'date-time' },
    paused: { type: 'boolean' },
  },
  required: ['id', 'url', 'paused'],
} as const;
const reasonBody = (required: boolean) => ({
  required,
  content: { 'application/json': { schema: { type: 'object', properties: { reason: { type: 'string' } }, ...(required ? { required: ['reason'] } : {}) } } },
});
const json = (schema: object, description: string) => ({ description, content: { 'application/json': { schema } } });
const failures = {
  '401': json(error, 'No token, or an unknown or revoked one'),
  '404': json(error, 'No such story, campaign or source'),
  '409': json(error, 'The story is not in a state the action applies to'),
};
const storyId = { name: 'id', in: 'path', required: true, schema: { type: 'integer' } };
const campaignId = { name: 'campaign', in: 'path', required: true, schema: { type: 'string' } };
const storyAction = (summary: string, reason: 'required' | 'optional' | 'none') => ({
  post: {
    summary,
    parameters: [storyId],
    ...(reason === 'none' ? {} : { requestBody: reasonBody(reason === 'required') }),
    responses: { '200': json(outcome, 'Done'), '400': json(error, 'A reason is missing'), ...failures },
  },
});

/** The OpenAPI 3.1 document of /api/v1. */
export function describeApi(): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: { title: 'relais API', version: '1', description: 'Stories and sources of a relais site. Every request needs Authorization: Bearer <token> (relais admin token NAME).' },
    servers: [{ url: '/api/v1' }],
    security: [{ bearer: [] }],
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    paths: {
      '/stories': {
        get: {
          summary: 'Stories, newest first',
          parameters: [
            { name: 'state', in: 'query', schema: story.properties.state },
            { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } },
          ],
          responses: { '200': json({ type: 'object', properties: { stories: { type: 'array', items: story } }, required: ['stories'] }, 'The stories'), '401': failures['401'] },
        },
      },
      '/stories/{id}': {
        get: {
          summary: 'One story with its segments and revisions',
          parameters: [storyId],
          responses: {
            '200': json(
              {
                type: 'object',
                properties: {
                  ...story.properties,
                  campaign: { type: 'string' },
                  reason: { type: ['string', 'null'] },
                  segments: { type: 'array', items: { type: 'object', properties: { n: { type: 'integer' }, source: { type: 'string' }, translation: { type: 'string' }, origin: { enum: ['machine', 'human'] } }, required: ['n', 'source', 'translation', 'origin'] } },
                  revisions: { type: 'array', description: 'Versions of the source text, oldest first', items: { type: 'object', properties: { n: { type: 'integer' }, title: { type: 'string' }, text: { type: 'string' }, fetchedAt: { type: 'string', format: 'date-time' }, extractedAt: { type: 'string', format: 'date-time' } }, required: ['n', 'title', 'text', 'fetchedAt', 'extractedAt'] } },
                },
                required: [...story.required, 'segments', 'revisions'],
              },
              'The story',
            ),
            '401': failures['401'],
            '404': failures['404'],
          },
        },
        delete: { summary: 'Delete a story: its page answers 410, its texts are erased', parameters: [storyId], responses: { '200': json(outcome, 'Deleted'), ...failures } },
      },
      '/stories/{id}/publish': storyAction('Publish a held story (release it)', 'optional'),
      '/stories/{id}/reject': storyAction('Reject a held story: skipped with the reason', 'required'),
      '/stories/{id}/unpublish': storyAction('Unpublish a story: its page answers 410 Gone', 'required'),
      '/stories/{id}/retranslate': storyAction('Translate a story again (a published one stays as it is until then)', 'optional'),
      '/stories/{id}/retry': storyAction('Try a failed story again now', 'none'),
      '/stories/{id}/segments/{n}': {
        put: {
          summary: "Replace a segment's translation with an editor's (a human translation: it wins over every engine for that sentence from then on)",
          parameters: [storyId, { name: 'n', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } }],
          requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] } } } },
          responses: { '200': json({ type: 'object', properties: { ok: { const: true }, segment: { type: 'object' } }, required: ['ok', 'segment'] }, 'Edited'), '400': json(error, 'No text, or a text without words'), '401': failures['401'], '404': json(error, 'No such story or segment') },
        },
      },
      '/campaigns/{campaign}/sources': {
        get: { summary: "A campaign's sources and their health", parameters: [campaignId], responses: { '200': json({ type: 'object', properties: { sources: { type: 'array', items: source } }, required: ['sources'] }, 'The sources'), '401': failures['401'], '404': failures['404'] } },
        post: {
          summary: 'Add a source (a feed, or a page that links one) to the campaign in the configuration file',
          parameters: [campaignId],
          requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', properties: { url: { type: 'string', format: 'uri' } }, required: ['url'] } } } },
          responses: { '201': json(outcome, 'Added'), '400': json(error, 'No URL'), ...failures, '501': json(error, 'Served without a configuration file to edit') },
        },
      },
      '/campaigns/{campaign}/sources/{source}': {
        delete: {
          summary: 'Remove a source from the campaign (and stop polling it)',
          parameters: [campaignId, { name: 'source', in: 'path', required: true, schema: { type: 'integer' } }],
          responses: { '200': json(outcome, 'Removed'), ...failures, '501': json(error, 'Served without a configuration file to edit') },
        },
      },
      '/openapi.json': { get: { summary: 'This document', security: [], responses: { '200': { description: 'OpenAPI 3.1', content: { 'application/json': {} } } } } },
    },
  };
}
