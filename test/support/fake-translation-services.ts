import { startFakeHttpService, translateByUpperCasing } from './fake-http-service.js';
import type { FakeAnswer, FakeHttpService, RecordedRequest } from './fake-http-service.js';

// Loopback fakes of LibreTranslate, DeepL v2, Google Cloud Translation v2 and OpenAI-compatible
// chat completions, each following its documented requests, answers and error shapes.

type Refuse = (status: number, message: string) => FakeAnswer;

const isStringList = (value: unknown): value is string[] => Array.isArray(value) && value.every((item) => typeof item === 'string');
const isJson = (request: RecordedRequest): boolean => (request.headers['content-type'] ?? '').startsWith('application/json');
const field = (body: unknown, key: string): unknown => (typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[key] : undefined);

/** LibreTranslate: POST /translate, GET /languages; `{ error }` answers. With `apiKey`, the key is required. */
export function startFakeLibreTranslate(options: { apiKey?: string } = {}): Promise<FakeHttpService> {
  const languages = [
    { code: 'en', name: 'English', targets: ['fr', 'es'] },
    { code: 'fr', name: 'French', targets: ['en'] },
    { code: 'es', name: 'Spanish', targets: ['en'] },
  ];
  return startFakeHttpService({
    renderError: (_status, message) => ({ error: message }),
    handle(request, refuse) {
      if (request.method === 'GET' && request.path === '/languages') return { status: 200, body: languages };
      if (request.method !== 'POST' || request.path !== '/translate') return refuse(404, `no route ${request.method} ${request.path}`);
      if (!isJson(request)) return refuse(400, 'expected a JSON body');
      const { body } = request;
      const key = field(body, 'api_key');
      if (options.apiKey && key === undefined) return refuse(400, 'Please contact the server operator to get an API key');
      if (options.apiKey && key !== options.apiKey) return refuse(403, 'Invalid API key');
      const q = field(body, 'q');
      const source = languages.find((language) => language.code === field(body, 'source'));
      if (!source) return refuse(400, `${String(field(body, 'source'))} is not supported`);
      if (!source.targets.includes(String(field(body, 'target')))) return refuse(400, `${String(field(body, 'target'))} is not supported`);
      if (!['html', 'text'].includes(String(field(body, 'format') ?? 'text'))) return refuse(400, 'format must be text or html');
      if (typeof q === 'string') return { status: 200, body: { translatedText: translateByUpperCasing(q) } };
      if (!isStringList(q)) return refuse(400, 'Invalid request: missing q parameter');
      return { status: 200, body: { translatedText: q.map(translateByUpperCasing) } };
    },
  });
}

const DEEPL_SOURCES = ['DE', 'EN', 'ES', 'FR', 'IT', 'PT', 'ZH'];
const DEEPL_TARGETS = ['DE', 'EN', 'EN-GB', 'EN-US', 'ES', 'FR', 'IT', 'PT', 'PT-BR', 'PT-PT', 'ZH', 'ZH-HANS', 'ZH-HANT'];
const DEEPL_FORMALITIES = ['default', 'more', 'less', 'prefer_more', 'prefer_less'];

/** DeepL API v2: POST /v2/translate (JSON or form), GET /v2/languages; `{ message }` answers. */
export function startFakeDeepl(options: { apiKey: string; glossaries?: string[] }): Promise<FakeHttpService> {
  return startFakeHttpService({
    renderError: (_status, message) => ({ message }),
    handle(request, refuse) {
      if (request.headers.authorization !== `DeepL-Auth-Key ${options.apiKey}`) return refuse(403, 'Authorization failure, check auth_key');
      if (request.method === 'GET' && request.path === '/v2/languages') {
        const list = request.query.get('type') === 'target' ? DEEPL_TARGETS : DEEPL_SOURCES;
        return { status: 200, body: list.map((language) => ({ language, name: language, supports_formality: language !== 'EN' })) };
      }
      if (request.method !== 'POST' || request.path !== '/v2/translate') return refuse(404, `no route ${request.method} ${request.path}`);
      const params = readDeeplParams(request);
      if (typeof params === 'string') return refuse(400, params);
      const problem = findDeeplProblem(params, options.glossaries ?? []);
      if (problem) return refuse(problem.status, problem.message);
      const translations = params.text.map((text) => ({ detected_source_language: params.source_lang ?? 'EN', text: translateByUpperCasing(text) }));
      return { status: 200, body: { translations } };
    },
  });
}

interface DeeplParams {
  text: string[];
  source_lang?: string;
  target_lang?: string;
  tag_handling?: string;
  formality?: string;
  glossary_id?: string;
}

function readDeeplParams(request: RecordedRequest): DeeplParams | string {
  if (request.body instanceof URLSearchParams) {
    const form = request.body;
    const optional = (key: string) => (form.has(key) ? { [key]: form.get(key) ?? '' } : {});
    return { text: form.getAll('text'), ...optional('source_lang'), ...optional('target_lang'), ...optional('tag_handling'), ...optional('formality'), ...optional('glossary_id') };
  }
  if (!isJson(request)) return 'expected a JSON or form body';
  const text = field(request.body, 'text');
  if (!isStringList(text)) return "Parameter 'text' must be a list of strings";
  return { ...(request.body as Omit<DeeplParams, 'text'>), text };
}

function findDeeplProblem(params: DeeplParams, glossaries: readonly string[]): { status: number; message: string } | undefined {
  const bad = (message: string) => ({ status: 400, message });
  if (params.text.length === 0 || params.text.length > 50) return bad(`Value for 'text' has ${params.text.length} entries; 1 to 50 allowed`);
  if (!params.target_lang || !DEEPL_TARGETS.includes(params.target_lang)) return bad(`Value for 'target_lang' not supported.`);
  if (params.source_lang !== undefined && !DEEPL_SOURCES.includes(params.source_lang)) return bad(`Value for 'source_lang' not supported.`);
  if (params.tag_handling !== undefined && !['html', 'xml'].includes(params.tag_handling)) return bad(`Value for 'tag_handling' not supported.`);
  if (params.formality !== undefined && !DEEPL_FORMALITIES.includes(params.formality)) return bad(`Value for 'formality' not supported.`);
  if (params.glossary_id !== undefined && params.source_lang === undefined) return bad('Use of a glossary requires the source_lang parameter to be set.');
  if (params.glossary_id !== undefined && !glossaries.includes(params.glossary_id)) return { status: 404, message: 'Glossary not found.' };
  return undefined;
}

const GOOGLE_LANGUAGES = ['de', 'en', 'es', 'fr', 'pt', 'pt-PT', 'zh-CN', 'zh-TW'];

/** Google Cloud Translation v2: POST /language/translate/v2?key=, GET …/languages; `{ error: { code, message, errors, status } }`. */
export function startFakeGoogle(options: { apiKey: string }): Promise<FakeHttpService> {
  return startFakeHttpService({
    renderError: (status, message, reason) => ({
      error: { code: status, message, errors: [{ message, domain: 'global', reason: reason ?? 'badRequest' }], status: googleStatusOf(status) },
    }),
    handle(request, refuse) {
      if (request.query.get('key') !== options.apiKey) return refuse(400, 'API key not valid. Please pass a valid API key.');
      if (request.method === 'GET' && request.path === '/language/translate/v2/languages') {
        return { status: 200, body: { data: { languages: GOOGLE_LANGUAGES.map((language) => ({ language })) } } };
      }
      if (request.method !== 'POST' || request.path !== '/language/translate/v2') return refuse(404, `no route ${request.method} ${request.path}`);
      if (!isJson(request)) return refuse(400, 'expected a JSON body');
      const q = field(request.body, 'q');
      const segments = typeof q === 'string' ? [q] : q;
      if (!isStringList(segments) || segments.length === 0) return refuse(400, 'Required Text');
      if (segments.length > 128) return refuse(400, 'Too many text segments');
      if (!GOOGLE_LANGUAGES.includes(String(field(request.body, 'target')))) return refuse(400, 'Invalid Value');
      const source = field(request.body, 'source');
      if (source !== undefined && !GOOGLE_LANGUAGES.includes(String(source))) return refuse(400, 'Invalid Value');
      const format = field(request.body, 'format') ?? 'html';
      if (!['html', 'text'].includes(String(format))) return refuse(400, 'Invalid Value');
      // Like the real service in HTML mode, apostrophes come back as entities.
      const translate = (text: string) => translateByUpperCasing(text).replace(/'/g, format === 'html' ? '&#39;' : "'");
      return { status: 200, body: { data: { translations: segments.map((text) => ({ translatedText: translate(text) })) } } };
    },
  });
}

function googleStatusOf(status: number): string {
  if (status === 400) return 'INVALID_ARGUMENT';
  if (status === 403) return 'PERMISSION_DENIED';
  if (status === 429) return 'RESOURCE_EXHAUSTED';
  return status >= 500 ? 'UNAVAILABLE' : 'FAILED_PRECONDITION';
}

/** How the fake model replies to a list of segments (default: upper-cased, one per segment). */
export type ModelReply = (segments: string[]) => string;

/** An OpenAI-compatible server under /v1: POST chat/completions, GET models; `{ error: { message, type, code } }`. */
export function startFakeOpenAi(options: { apiKey?: string; models: string[]; reply?: ModelReply }): Promise<FakeHttpService> {
  const reply: ModelReply = options.reply ?? ((segments) => JSON.stringify({ segments: segments.map(translateByUpperCasing) }));
  return startFakeHttpService({
    renderError: (status, message, reason) => ({ error: { message, type: status === 429 ? 'requests' : 'invalid_request_error', param: null, code: reason ?? null } }),
    handle(request, refuse) {
      if (options.apiKey && request.headers.authorization !== `Bearer ${options.apiKey}`) return refuse(401, 'Incorrect API key provided.');
      if (request.method === 'GET' && request.path === '/v1/models') {
        return { status: 200, body: { object: 'list', data: options.models.map((id) => ({ id, object: 'model', created: 0, owned_by: 'relais-test' })) } };
      }
      if (request.method !== 'POST' || request.path !== '/v1/chat/completions') return refuse(404, `no route ${request.method} ${request.path}`);
      if (!isJson(request)) return refuse(400, 'expected a JSON body');
      const segments = readChatSegments(request.body, options.models);
      if (typeof segments === 'string') return refuse(segments.startsWith('The model') ? 404 : 400, segments);
      const content = reply(segments);
      return {
        status: 200,
        body: {
          id: 'chatcmpl-test',
          object: 'chat.completion',
          created: 0,
          model: String(field(request.body, 'model')),
          choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
          usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
        },
      };
    },
  });
}

// The engine's own contract on top of the API: temperature 0, JSON mode, system then user message.
function readChatSegments(body: unknown, models: readonly string[]): string[] | string {
  const model = String(field(body, 'model'));
  if (!models.includes(model)) return `The model \`${model}\` does not exist or you do not have access to it.`;
  if (field(body, 'temperature') !== 0) return 'expected temperature 0';
  if (field(field(body, 'response_format'), 'type') !== 'json_object') return "expected response_format { type: 'json_object' }";
  const messages = field(body, 'messages');
  if (!Array.isArray(messages) || messages.length !== 2) return 'expected a system and a user message';
  const [system, user] = messages as unknown[];
  if (field(system, 'role') !== 'system' || field(user, 'role') !== 'user') return 'expected a system and a user message';
  try {
    const segments = field(JSON.parse(String(field(user, 'content'))), 'segments');
    return isStringList(segments) ? segments : 'user content has no "segments" list';
  } catch {
    return 'user content is not JSON';
  }
}
