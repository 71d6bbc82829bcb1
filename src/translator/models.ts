import { createHash } from 'node:crypto';
import { readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TranslateError } from '../domain/errors.js';
import type { HttpClient, LanguagePair } from '../domain/types.js';
import { downloadFile, hashFile, isFile } from './model-download.js';
import type { Downloader } from './model-download.js';

// Model files on disk: which files an OPUS-MT conversion needs, where they live, and how they are
// fetched once from the Hugging Face hub and checked afterwards. Runtime never downloads.

/** Precision of the ONNX weights: fp32 files, or the `_quantized` (int8) ones. */
export type ModelDtype = 'fp32' | 'q8';

/** One file of an installed model, as recorded when it was downloaded. */
export interface ModelFile {
  /** Path relative to the model folder, `/`-separated. */
  path: string;
  size: number;
  sha256: string;
}

/** `relais-model.json`: what was pulled, from where, with each file's size and checksum. */
export interface ModelManifest {
  engine: 'opus-mt';
  modelId: string;
  pairs: LanguagePair[];
  dtypes: ModelDtype[];
  source: string;
  pulledAt: string;
  files: ModelFile[];
}

/** A model folder found under the models directory. */
export interface InstalledModel {
  modelId: string;
  dir: string;
  /** Absent when the folder was not written by `pullModel` (copied by hand). */
  manifest?: ModelManifest;
}

/** Outcome of checking a model folder against its manifest. */
export type VerifyOutcome =
  | { kind: 'ok'; manifest: ModelManifest }
  | { kind: 'no-manifest'; dir: string }
  | { kind: 'corrupt'; manifest: ModelManifest; problems: string[] };

/** Download progress of one file; `totalBytes` is absent when the server does not say. */
export interface PullProgress {
  file: string;
  fileIndex: number;
  fileCount: number;
  receivedBytes: number;
  totalBytes?: number;
}

/** What `pullModel` needs. */
export interface PullOptions {
  modelsDir: string;
  engine: 'opus-mt';
  pair: LanguagePair;
  dtype: ModelDtype;
  /** Hub address; defaults to https://huggingface.co. */
  baseUrl?: string;
  /** Overrides the model id derived from the pair (e.g. a Helsinki-NLP conversion). */
  modelId?: string;
  /** The client downloads go through (streamed); it must allow the hub's origin. */
  http: HttpClient;
  /** Longest wait for a file's answer or its next bytes, in ms (default 30 s). */
  stallTimeoutMs?: number;
  /** Longest time for one file, in ms (default 1 h). */
  fileTimeoutMs?: number;
  onProgress?: (progress: PullProgress) => void;
}

export const MANIFEST_FILE = 'relais-model.json';
const DEFAULT_HUB = 'https://huggingface.co';
const MODEL_ID = /^[A-Za-z0-9][\w.-]*\/[A-Za-z0-9][\w.-]*$/;

/** The model id serving a pair: an override for `from-to` if one is given, else Xenova's conversion. */
export function resolveModelId(pair: LanguagePair, overrides?: Readonly<Record<string, string>>): string {
  return overrides?.[`${pair.from}-${pair.to}`] ?? `Xenova/opus-mt-${pair.from}-${pair.to}`;
}

/** Files (relative to the model folder) that transformers.js reads for a Marian model at this dtype. */
export function listModelFiles(dtype: ModelDtype): string[] {
  const suffix = dtype === 'q8' ? '_quantized' : '';
  return [
    'config.json',
    'generation_config.json',
    'tokenizer.json',
    'tokenizer_config.json',
    `onnx/encoder_model${suffix}.onnx`,
    `onnx/decoder_model_merged${suffix}.onnx`,
  ];
}

/** Path of a model file as users should read it: the models dir exactly as configured, then `/`. */
export function formatModelPath(modelsDir: string, modelId: string, file?: string): string {
  const base = `${modelsDir.replace(/[\\/]+$/, '')}/${modelId}`;
  return file === undefined ? base : `${base}/${file}`;
}

/** The first file the model needs that is absent (as a displayable path), or null when all exist. */
export async function findMissingModelFile(
  modelsDir: string,
  modelId: string,
  dtype: ModelDtype,
): Promise<string | null> {
  // Weights first: they are what a missing model most often lacks. generation_config.json is
  // optional for transformers.js, so it is not required.
  const required = listModelFiles(dtype).filter((f) => f !== 'generation_config.json');
  for (const file of [...required.filter((f) => f.endsWith('.onnx')), ...required.filter((f) => !f.endsWith('.onnx'))]) {
    if (!(await isFile(join(modelsDir, modelId, file)))) return formatModelPath(modelsDir, modelId, file);
  }
  return null;
}

/** Lists the model folders (`<org>/<name>`) under the models directory. */
export async function listModels(modelsDir: string): Promise<InstalledModel[]> {
  const models: InstalledModel[] = [];
  for (const org of await listDirs(modelsDir)) {
    for (const name of await listDirs(join(modelsDir, org))) {
      const dir = join(modelsDir, org, name);
      const manifest = await readManifest(dir);
      if (manifest === undefined && !(await isFile(join(dir, 'config.json')))) continue;
      models.push({ modelId: `${org}/${name}`, dir, ...(manifest ? { manifest } : {}) });
    }
  }
  return models.sort((a, b) => a.modelId.localeCompare(b.modelId));
}

/** Downloads the files a pair needs at a dtype, checksums them and records them in the manifest. */
export async function pullModel(options: PullOptions): Promise<ModelManifest> {
  const modelId = options.modelId ?? resolveModelId(options.pair);
  assertModelId(modelId);
  const dir = join(options.modelsDir, modelId);
  const previous = await readManifest(dir);
  const base = (options.baseUrl ?? DEFAULT_HUB).replace(/\/+$/, '');
  const files = listModelFiles(options.dtype);
  const recorded = new Map((previous?.files ?? []).map((f) => [f.path, f]));
  const downloader: Downloader = {
    http: options.http,
    timeouts: { responseMs: options.stallTimeoutMs ?? 30_000, totalMs: options.fileTimeoutMs ?? 3_600_000 },
  };
  for (const [index, file] of files.entries()) {
    const known = recorded.get(file);
    if (known && (await describeFileProblem(dir, known)) === null) continue;
    const url = `${base}/${modelId}/resolve/main/${file}`;
    const report = (receivedBytes: number, totalBytes?: number) =>
      options.onProgress?.({ file, fileIndex: index, fileCount: files.length, receivedBytes, totalBytes });
    recorded.set(file, await downloadFile({ url, dir, file }, downloader, report));
  }
  const manifest: ModelManifest = {
    engine: options.engine,
    modelId,
    pairs: mergeUnique(previous?.pairs ?? [], [options.pair], (p) => `${p.from}-${p.to}`),
    dtypes: mergeUnique(previous?.dtypes ?? [], [options.dtype], (d) => d),
    source: base,
    pulledAt: new Date().toISOString(),
    files: [...recorded.values()].sort((a, b) => a.path.localeCompare(b.path)),
  };
  await writeAtomically(join(dir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/** Checks every file of the manifest for presence, size and SHA-256. */
export async function verifyModel(modelsDir: string, modelId: string): Promise<VerifyOutcome> {
  assertModelId(modelId);
  const dir = join(modelsDir, modelId);
  const manifest = await readManifest(dir);
  if (manifest === undefined) return { kind: 'no-manifest', dir };
  const problems: string[] = [];
  for (const file of manifest.files) {
    const problem = await describeFileProblem(dir, file);
    if (problem !== null) problems.push(`${formatModelPath(modelsDir, modelId, file.path)}: ${problem}`);
  }
  return problems.length === 0 ? { kind: 'ok', manifest } : { kind: 'corrupt', manifest, problems };
}

/** Deletes a model folder; resolves to whether there was one. */
export async function removeModel(modelsDir: string, modelId: string): Promise<boolean> {
  assertModelId(modelId);
  const dir = join(modelsDir, modelId);
  if (!(await isDirectory(dir))) return false;
  await rm(dir, { recursive: true, force: true });
  return true;
}

async function describeFileProblem(dir: string, file: ModelFile): Promise<string | null> {
  const path = join(dir, file.path);
  if (!(await isFile(path))) return 'missing';
  const size = (await stat(path)).size;
  if (size !== file.size) return `size ${size} bytes, expected ${file.size}`;
  const hash = createHash('sha256');
  await hashFile(path, hash);
  const sha256 = hash.digest('hex');
  return sha256 === file.sha256 ? null : `sha256 ${sha256}, expected ${file.sha256}`;
}

// ── small file helpers ──────────────────────────────────────────────────────

async function readManifest(dir: string): Promise<ModelManifest | undefined> {
  try {
    return JSON.parse(await readFile(join(dir, MANIFEST_FILE), 'utf8')) as ModelManifest;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new TranslateError('opus-mt', `${join(dir, MANIFEST_FILE)} is unreadable; pull the model again`, {
      cause: error,
      retryable: false,
    });
  }
}

async function writeAtomically(path: string, text: string): Promise<void> {
  await writeFile(`${path}.part`, text);
  await rename(`${path}.part`, path);
}

function assertModelId(modelId: string): void {
  if (!MODEL_ID.test(modelId) || modelId.includes('..')) {
    throw new TranslateError('opus-mt', `"${modelId}" is not a model id of the form org/name`, { retryable: false });
  }
}

function mergeUnique<T>(a: readonly T[], b: readonly T[], key: (item: T) => string): T[] {
  return [...new Map([...a, ...b].map((item) => [key(item), item])).values()];
}

async function listDirs(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isDirectory()).map((e) => e.name);
}

async function isDirectory(path: string): Promise<boolean> {
  return stat(path).then((s) => s.isDirectory(), () => false);
}
