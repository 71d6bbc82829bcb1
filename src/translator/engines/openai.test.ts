import { afterEach, describe, expect, it } from 'vitest';
import { TranslateError } from '../../domain/errors.js';
import type { FakeHttpService } from '../../../test/support/fake-http-service.js';
import { startFakeOpenAi } from '../../../test/support/fake-translation-services.js';
import type { ModelReply } from '../../../test/support/fake-translation-services.js';
import { buildSystemPrompt, createOpenAiEngine, readSegments } from './openai.js';

const EN_FR = { from: 'en', to: 'fr' };
const FAST = { retries: 0, backoffMs: 1, maxWaitMs: 1 };

const upper = (segments: string[]): string[] => segments.map((segment) => segment.toUpperCase());
const sentCounts = (fake: FakeHttpService): number[] =>
  fake.requests
    .filter((request) => request.path === '/v1/chat/completions')
    .map((request) => {
      const messages = (request.body as { messages: Array<{ content: string }> }).messages;
      return (JSON.parse(messages[1]?.content ?? '') as { segments: string[] }).segments.length;
    });

describe('openai engine', () => {
  let fake: FakeHttpService;
  afterEach(async () => {
    await fake?.close();
  });

  const start = async (reply?: ModelReply, apiKey?: string) => {
    fake = await startFakeOpenAi({ models: ['llama3'], ...(reply ? { reply } : {}), ...(apiKey ? { apiKey } : {}) });
    return createOpenAiEngine({ url: `${fake.url}/v1`, http: fake.http, model: 'llama3', apiKeyEnv: 'OPENAI_KEY', env: {}, timeoutMs: 2_000, retry: FAST });
  };

  it('asks a batch whose reply merged two segments again in halves, and keeps every segment', async () => {
    // The model merges the first two segments whenever it is sent more than two.
    const engine = await start((segments) =>
      JSON.stringify({ segments: segments.length > 2 ? [upper(segments).slice(0, 2).join(' '), ...upper(segments).slice(2)] : upper(segments) }),
    );
    const segments = ['One.', 'Two.', 'Three.', 'Four.', 'Five.'];
    expect(await engine.translate(segments, EN_FR)).toEqual(upper(segments));
    expect(sentCounts(fake)).toEqual([5, 3, 2, 1, 2]);
    expect(fake.violations).toEqual([]);
  });

  it('splits down to single segments when the reply is not JSON, and accepts fenced JSON', async () => {
    const engine = await start((segments) =>
      segments.length > 1 ? 'Sure! Here are your translations.' : `\`\`\`json\n${JSON.stringify({ segments: upper(segments) })}\n\`\`\``,
    );
    expect(await engine.translate(['A.', 'B.', 'C.'], EN_FR)).toEqual(['A.', 'B.', 'C.']);
    expect(sentCounts(fake)).toEqual([3, 2, 1, 1, 1]);
  });

  it('fails, naming the model, when even a single segment gets no usable reply', async () => {
    const engine = await start(() => JSON.stringify({ segments: [] }));
    const error = await engine.translate(['A.', 'B.'], EN_FR).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TranslateError);
    expect((error as TranslateError).message).toBe(
      `translate: openai: ${fake.url}/v1/chat/completions (model llama3) gave no usable translation of a single segment (0 segments for 1); try another model`,
    );
  });

  it('sends no Authorization header without a key, and the Bearer key with one', async () => {
    const engine = await start();
    await engine.translate(['Hi.'], EN_FR);
    expect(fake.requests[0]?.headers.authorization).toBeUndefined();
    await fake.close();
    fake = await startFakeOpenAi({ models: ['llama3'], apiKey: 'sk-1' });
    const keyed = createOpenAiEngine({ url: `${fake.url}/v1/`, http: fake.http, model: 'llama3', apiKeyEnv: 'OPENAI_KEY', env: { OPENAI_KEY: 'sk-1' }, timeoutMs: 2_000, retry: FAST });
    expect(await keyed.translate(['Hi.'], EN_FR)).toEqual(['HI.']);
    expect(fake.requests[0]?.headers.authorization).toBe('Bearer sk-1');
  });

  it('says the server wants a key when it answers 401 and none is set', async () => {
    fake = await startFakeOpenAi({ models: ['llama3'], apiKey: 'sk-1' });
    const engine = createOpenAiEngine({ url: `${fake.url}/v1`, http: fake.http, model: 'llama3', apiKeyEnv: 'OPENAI_KEY', env: {}, timeoutMs: 2_000, retry: FAST });
    await expect(engine.translate(['Hi.'], EN_FR)).rejects.toThrow('(HTTP 401: Incorrect API key provided.); this server needs a key; set OPENAI_KEY');
  });

  it('names a model the server does not have, in check and translate', async () => {
    fake = await startFakeOpenAi({ models: ['llama3'] });
    const engine = createOpenAiEngine({ url: `${fake.url}/v1`, http: fake.http, model: 'gpt-x', apiKeyEnv: 'OPENAI_KEY', env: {}, timeoutMs: 2_000, retry: FAST });
    expect(await engine.check(EN_FR)).toBe(`openai: ${fake.url}/v1 has no model "gpt-x" (models: llama3); set engines.openai.model or pull the model`);
    await expect(engine.translate(['Hi.'], EN_FR)).rejects.toThrow('check engines.openai.url and that the model "gpt-x" exists there');
  });

  it('sends the fixed system prompt with temperature 0 and JSON mode', async () => {
    const engine = await start();
    await engine.translate(['Hi.'], EN_FR);
    const body = fake.requests[0]?.body as { temperature: number; response_format: unknown; messages: Array<{ role: string; content: string }> };
    expect(body.temperature).toBe(0);
    expect(body.response_format).toEqual({ type: 'json_object' });
    expect(body.messages[0]).toEqual({ role: 'system', content: buildSystemPrompt(EN_FR) });
    expect(body.messages[1]).toEqual({ role: 'user', content: '{"segments":["Hi."]}' });
  });
});

describe('buildSystemPrompt', () => {
  it('names both languages and the rules on segments, tags and names', () => {
    const prompt = buildSystemPrompt({ from: 'en', to: 'pt-BR' });
    expect(prompt).toContain('from English (en) to Brazilian Portuguese (pt-BR)');
    expect(prompt).toContain('exactly one translation per input segment');
    expect(prompt).toContain('<x1>, </x1> and <x2/>');
    expect(prompt).toContain('names of people, URLs');
    expect(buildSystemPrompt(EN_FR)).toBe(buildSystemPrompt({ from: 'en', to: 'fr' }));
  });
});

describe('readSegments', () => {
  it.each([
    ['{"segments":["a","b"]}', 2, { kind: 'ok', segments: ['a', 'b'] }],
    ['```json\n{"segments":["a"]}\n```', 1, { kind: 'ok', segments: ['a'] }],
    ['{"segments":["a b"]}', 2, { kind: 'unusable', problem: '1 segments for 2' }],
    ['{"segments":["a",2]}', 2, { kind: 'unusable', problem: 'the reply has no "segments" list of strings' }],
    ['{"translations":["a"]}', 1, { kind: 'unusable', problem: 'the reply has no "segments" list of strings' }],
    ['null', 1, { kind: 'unusable', problem: 'the reply has no "segments" list of strings' }],
    ['Voici : a', 1, { kind: 'unusable', problem: 'the reply is not JSON' }],
  ])('%s (expecting %i) → %o', (content, count, expected) => {
    expect(readSegments(content, count)).toEqual(expected);
  });
});
