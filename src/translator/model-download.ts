// Downloading one model file: streamed through the hardened HTTP client into `<file>.part`,
// hashed as it comes, resumed with a Range request, checked, then renamed into place.
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { describeError, FetchError, TranslateError } from '../domain/errors.js';
import type { HttpClient, HttpStream, HttpTimeouts } from '../domain/types.js';
import type { ModelFile } from './models.js';

const SHA256_HEX = /^[0-9a-f]{64}$/;
// OPUS-MT weights are a few hundred MB; a file far bigger is not a model file.
const MAX_FILE_BYTES = 4 * 1024 ** 3;

/** Receives the bytes of a file received so far, and its size when the server says. */
export type ReportProgress = (receivedBytes: number, totalBytes?: number) => void;

/** The client and the limits every file is downloaded with. */
export interface Downloader {
  http: HttpClient;
  timeouts: HttpTimeouts;
}

/** One file to download: from where, into which model folder, under which relative path. */
export interface FileDownload {
  url: string;
  dir: string;
  file: string;
}

// Bytes go to `<file>.part` and are renamed into place once complete and checked, so an
// interrupted pull never leaves a truncated file under the real name; a later pull resumes
// the `.part` with a Range request when the server honours it.
/** Downloads one file into its model folder and returns its size and SHA-256. */
export async function downloadFile(download: FileDownload, downloader: Downloader, report: ReportProgress): Promise<ModelFile> {
  const { url, dir, file } = download;
  const target = join(dir, file);
  const part = `${target}.part`;
  await mkdir(dirname(target), { recursive: true });
  const { response, offset } = await requestFile(download, part, downloader);
  const hash = createHash('sha256');
  if (offset > 0) await hashFile(part, hash);
  const length = Number(response.headers['content-length'] ?? Number.NaN);
  const total = Number.isFinite(length) ? offset + length : undefined;
  let received = offset;
  async function* count(source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
    for await (const chunk of source) {
      hash.update(chunk);
      received += chunk.length;
      report(received, total);
      yield chunk;
    }
  }
  await pipeline(response.body, count, createWriteStream(part, { flags: offset > 0 ? 'a' : 'w' })).catch((error: unknown) => {
    response.cancel();
    throw new TranslateError('opus-mt', `download of ${file} from ${url} broke off after ${received} bytes (${describeFailure(error)}); pull again to resume`, {
      cause: error,
    });
  });
  const sha256 = hash.digest('hex');
  await checkDownload(url, part, { received, total, sha256, expected: readHubChecksum(response.headers) });
  await rename(part, target);
  return { path: file, size: received, sha256 };
}

/** GETs the file, asking only for what follows an existing `.part`; `offset` is where the body starts. */
async function requestFile(download: FileDownload, part: string, downloader: Downloader): Promise<{ response: HttpStream; offset: number }> {
  const { url, file } = download;
  const partSize = (await isFile(part)) ? (await stat(part)).size : 0;
  const request = { url, timeouts: downloader.timeouts, maxBytes: MAX_FILE_BYTES, ...(partSize > 0 ? { headers: { range: `bytes=${partSize}-` } } : {}) };
  const response = await downloader.http.stream(request).catch((error: unknown) => {
    throw new TranslateError('opus-mt', `could not download ${file} from ${url} (${describeFailure(error)}); check the network and pull again`, {
      cause: error,
    });
  });
  if (response.status === 416 && partSize > 0) {
    // The .part is not a prefix the server can continue: start over.
    response.cancel();
    await rm(part, { force: true });
    return requestFile(download, part, downloader);
  }
  if (response.status < 200 || response.status >= 300) {
    response.cancel();
    throw new TranslateError('opus-mt', `${url} answered HTTP ${response.status}; check the model id and pull again`, {
      retryable: response.status >= 500 || response.status === 429,
    });
  }
  return { response, offset: response.status === 206 ? partSize : 0 };
}

function describeFailure(error: unknown): string {
  return error instanceof FetchError ? error.reason : describeError(error);
}

async function checkDownload(
  url: string,
  part: string,
  got: { received: number; total: number | undefined; sha256: string; expected: string | undefined },
): Promise<void> {
  if (got.total !== undefined && got.received < got.total) {
    throw new TranslateError('opus-mt', `${url} ended after ${got.received} of ${got.total} bytes; pull again to resume`);
  }
  if (got.expected !== undefined && got.expected !== got.sha256) {
    // A wrong .part must not be resumed: the next pull starts the file afresh.
    await rm(part, { force: true });
    throw new TranslateError('opus-mt', `${url} has sha256 ${got.sha256}, the hub says ${got.expected}; pull again`);
  }
}

// The hub names an LFS file's SHA-256 in X-Linked-ETag (small git files carry a git hash instead).
function readHubChecksum(headers: Readonly<Record<string, string>>): string | undefined {
  const etag = headers['x-linked-etag']?.replace(/^W\//, '').replaceAll('"', '');
  return etag !== undefined && SHA256_HEX.test(etag) ? etag : undefined;
}

/** Feeds a file's bytes to a hash. */
export async function hashFile(path: string, hash: ReturnType<typeof createHash>): Promise<void> {
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
}

/** Whether a path is a regular file. */
export async function isFile(path: string): Promise<boolean> {
  return stat(path).then((s) => s.isFile(), () => false);
}
