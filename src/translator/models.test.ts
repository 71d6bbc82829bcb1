import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TranslateError } from '../domain/errors.js';
import type { HttpClient } from '../domain/types.js';
import { openTestHttpClient } from '../../test/support/http-client.js';
import {
  listModelFiles,
  listModels,
  MANIFEST_FILE,
  pullModel,
  removeModel,
  verifyModel,
  type PullProgress,
} from './models.js';

// A loopback stand-in for the hub: /<org>/<name>/resolve/main/<file> from the tiny model's
// files, with Range support and X-Linked-ETag (the SHA-256 the hub sends for LFS files).
const modelSource = fileURLToPath(new URL('../../test/fixtures/tiny-marian/Xenova/opus-mt-en-fr', import.meta.url));
const modelId = 'Xenova/opus-mt-en-fr';
const enFr = { from: 'en', to: 'fr' };
const requests: { path: string; range?: string }[] = [];
let badChecksumFor: string | undefined;
let server: Server;
let baseUrl: string;
let http: HttpClient;
let modelsDir: string;

function sha256(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

function serveFile(req: IncomingMessage, res: ServerResponse): void {
  const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
  requests.push({ path, ...(req.headers.range ? { range: req.headers.range } : {}) });
  const match = /^\/Xenova\/opus-mt-en-fr\/resolve\/main\/(.+)$/.exec(path);
  const file = match?.[1] ? join(modelSource, match[1]) : undefined;
  if (file === undefined || match?.[1]?.includes('..') || !existsSync(file)) {
    res.writeHead(404).end('not found');
    return;
  }
  const data = readFileSync(file);
  const etag = match?.[1] === badChecksumFor ? '0'.repeat(64) : sha256(data);
  const start = Number(/^bytes=(\d+)-$/.exec(req.headers.range ?? '')?.[1] ?? 0);
  if (start >= data.length && start > 0) {
    res.writeHead(416, { 'content-range': `bytes */${data.length}` }).end();
    return;
  }
  const body = data.subarray(start);
  res.writeHead(start > 0 ? 206 : 200, { 'content-length': body.length, 'x-linked-etag': `"${etag}"` });
  res.end(body);
}

beforeAll(async () => {
  server = createServer(serveFile);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // The hub is the operator's choice: its origin is allowed, as `relais models pull --hub` allows it.
  http = openTestHttpClient([baseUrl]);
});

afterAll(async () => {
  await http.close();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(async () => {
  modelsDir = await mkdtemp(join(tmpdir(), 'relais-models-'));
  requests.length = 0;
  badChecksumFor = undefined;
  return () => rm(modelsDir, { recursive: true, force: true });
});

function pull(dtype: 'fp32' | 'q8', onProgress?: (p: PullProgress) => void) {
  return pullModel({ modelsDir, engine: 'opus-mt', pair: enFr, dtype, baseUrl, http, onProgress });
}

describe('pullModel', () => {
  it.each(['fp32', 'q8'] as const)('%s: downloads each file and records its size and SHA-256', async (dtype) => {
    const progress: PullProgress[] = [];
    const manifest = await pull(dtype, (p) => progress.push(p));
    expect(manifest.files.map((f) => f.path).sort()).toEqual(listModelFiles(dtype).sort());
    for (const file of manifest.files) {
      const original = await readFile(join(modelSource, file.path));
      expect(await readFile(join(modelsDir, modelId, file.path))).toEqual(original);
      expect(file).toEqual({ path: file.path, size: original.length, sha256: sha256(original) });
      const last = progress.filter((p) => p.file === file.path).at(-1);
      expect(last).toMatchObject({ receivedBytes: original.length, totalBytes: original.length, fileCount: 6 });
    }
    const onDisk = JSON.parse(await readFile(join(modelsDir, modelId, MANIFEST_FILE), 'utf8'));
    expect(onDisk).toEqual(manifest);
    expect(manifest).toMatchObject({ engine: 'opus-mt', modelId, pairs: [enFr], dtypes: [dtype], source: baseUrl });
  });

  it('adds a second dtype to the manifest and does not fetch files it already has', async () => {
    await pull('q8');
    requests.length = 0;
    const manifest = await pull('fp32');
    expect(manifest.dtypes).toEqual(['q8', 'fp32']);
    expect(manifest.files).toHaveLength(8);
    expect(requests.map((r) => r.path.split('/main/')[1]).sort()).toEqual([
      'onnx/decoder_model_merged.onnx',
      'onnx/encoder_model.onnx',
    ]);
  });

  it('resumes a partial download with a Range request', async () => {
    const file = 'onnx/encoder_model_quantized.onnx';
    const original = await readFile(join(modelSource, file));
    await mkdir(join(modelsDir, modelId, 'onnx'), { recursive: true });
    await writeFile(join(modelsDir, modelId, `${file}.part`), original.subarray(0, 1000));
    const manifest = await pull('q8');
    expect(requests.find((r) => r.path.endsWith(file))?.range).toBe('bytes=1000-');
    expect(await readFile(join(modelsDir, modelId, file))).toEqual(original);
    expect(manifest.files.find((f) => f.path === file)?.sha256).toBe(sha256(original));
    expect(existsSync(join(modelsDir, modelId, `${file}.part`))).toBe(false);
  });

  it('rejects a file whose checksum differs from the one the hub announces, leaving no file in place', async () => {
    badChecksumFor = 'onnx/decoder_model_merged_quantized.onnx';
    const error = await pull('q8').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TranslateError);
    expect((error as Error).message).toContain(`${baseUrl}/${modelId}/resolve/main/${badChecksumFor} has sha256`);
    expect(existsSync(join(modelsDir, modelId, badChecksumFor))).toBe(false);
    expect(existsSync(join(modelsDir, modelId, MANIFEST_FILE))).toBe(false);
    // The rejected bytes are not resumed from: the next pull fetches the whole file.
    badChecksumFor = undefined;
    requests.length = 0;
    await pull('q8');
    expect(requests.find((r) => r.path.endsWith('decoder_model_merged_quantized.onnx'))?.range).toBeUndefined();
    expect(await verifyModel(modelsDir, modelId)).toMatchObject({ kind: 'ok' });
  });

  it('starts over when the server cannot continue a partial file (416)', async () => {
    const file = 'config.json';
    const size = (await readFile(join(modelSource, file))).length;
    await mkdir(join(modelsDir, modelId), { recursive: true });
    await writeFile(join(modelsDir, modelId, `${file}.part`), Buffer.alloc(size + 10, 'x'));
    await pull('q8');
    expect(requests.filter((r) => r.path.endsWith(`/${file}`)).map((r) => r.range)).toEqual([`bytes=${size + 10}-`, undefined]);
    expect(await verifyModel(modelsDir, modelId)).toMatchObject({ kind: 'ok' });
  });

  it('names the URL when the hub has no such model', async () => {
    const error = await pullModel({ modelsDir, engine: 'opus-mt', pair: { from: 'en', to: 'xx' }, dtype: 'q8', baseUrl, http }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TranslateError);
    expect((error as TranslateError).retryable).toBe(false);
    expect((error as Error).message).toContain(`${baseUrl}/Xenova/opus-mt-en-xx/resolve/main/`);
    expect((error as Error).message).toContain('HTTP 404');
  });
});

describe('pullModel from a hub that stalls', () => {
  // Never answers; answers 10 of 1000 bytes, then nothing; or keeps sending a byte every 20 ms.
  type Stall = 'headers' | 'body' | 'trickle';
  let stall: Stall = 'headers';
  let stalling: Server;
  let stallingUrl: string;
  let stallingClient: HttpClient;
  beforeAll(async () => {
    stalling = createServer((_req, res) => {
      if (stall === 'headers') return;
      res.writeHead(200, { 'content-length': 1000 });
      if (stall === 'body') return void res.write(Buffer.alloc(10, 'x'));
      const timer = setInterval(() => res.write('x'), 20);
      res.on('close', () => clearInterval(timer));
    });
    await new Promise<void>((resolve) => stalling.listen(0, '127.0.0.1', resolve));
    stallingUrl = `http://127.0.0.1:${(stalling.address() as AddressInfo).port}`;
    stallingClient = openTestHttpClient([stallingUrl]);
  });
  afterAll(async () => {
    await stallingClient.close();
    stalling.closeAllConnections();
    await new Promise((resolve) => stalling.close(resolve));
  });

  it.each([
    ['no answer comes', 'headers', { stallTimeoutMs: 200 }, 'went silent for 200 ms'],
    ['the body stops coming', 'body', { stallTimeoutMs: 200 }, 'went silent for 200 ms'],
    ['the body comes too slowly', 'trickle', { stallTimeoutMs: 5_000, fileTimeoutMs: 300 }, 'not complete within 300 ms'],
  ] as const)('fails when %s, naming the file and the URL', async (_label, where, limits, reason) => {
    stall = where;
    const error = await pullModel({ modelsDir, engine: 'opus-mt', pair: enFr, dtype: 'q8', baseUrl: stallingUrl, http: stallingClient, ...limits }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TranslateError);
    const message = (error as Error).message;
    expect(message).toContain(`config.json from ${stallingUrl}/${modelId}/resolve/main/config.json`);
    expect(message).toContain(reason);
    expect(message).toMatch(/pull again/);
    expect(existsSync(join(modelsDir, modelId, 'config.json'))).toBe(false);
  });
});

describe('verifyModel, listModels, removeModel', () => {
  it('verifies a fresh pull', async () => {
    await pull('q8');
    expect(await verifyModel(modelsDir, modelId)).toMatchObject({ kind: 'ok' });
  });

  it.each([
    ['changed byte', 'onnx/encoder_model_quantized.onnx', 'sha256 '],
    ['truncated file', 'tokenizer.json', 'size 10 bytes, expected '],
    ['deleted file', 'config.json', 'missing'],
  ])('reports a %s by its path', async (_label, file, problem) => {
    await pull('q8');
    const path = join(modelsDir, modelId, file);
    const data = await readFile(path);
    if (problem === 'missing') await rm(path);
    else if (problem.startsWith('size')) await writeFile(path, data.subarray(0, 10));
    else await writeFile(path, Buffer.concat([data.subarray(0, 100), Buffer.from([data[100]! ^ 1]), data.subarray(101)]));
    const outcome = await verifyModel(modelsDir, modelId);
    expect(outcome.kind).toBe('corrupt');
    const problems = outcome.kind === 'corrupt' ? outcome.problems : [];
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(`${modelsDir}/${modelId}/${file}: ${problem}`);
  });

  it('says when a folder has no manifest', async () => {
    await mkdir(join(modelsDir, modelId), { recursive: true });
    expect(await verifyModel(modelsDir, modelId)).toEqual({ kind: 'no-manifest', dir: join(modelsDir, modelId) });
  });

  it('lists pulled models and removes them', async () => {
    expect(await listModels(modelsDir)).toEqual([]);
    await pull('q8');
    const models = await listModels(modelsDir);
    expect(models.map((m) => m.modelId)).toEqual([modelId]);
    expect(models[0]?.manifest?.dtypes).toEqual(['q8']);
    expect(await removeModel(modelsDir, modelId)).toBe(true);
    expect(await listModels(modelsDir)).toEqual([]);
    expect(await removeModel(modelsDir, modelId)).toBe(false);
  });

  it.each(['../outside', 'Xenova/../..', 'no-slash'])('refuses the model id %s', async (bad) => {
    await expect(removeModel(modelsDir, bad)).rejects.toThrow('is not a model id of the form org/name');
  });
});
