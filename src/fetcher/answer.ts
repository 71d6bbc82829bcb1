// Reading a final answer: its headers, then its whole body under a cap or its body as it comes.
import { FetchError } from '../domain/errors.js';
import type { HttpAnswer, HttpStream } from '../domain/types.js';
import { readHeader } from './hops.js';
import type { Exchange, HopAnswer } from './hops.js';
import { toFetchError } from './map-fetch-error.js';
import { decodeBody, discardBody, parseContentEncoding, readBody } from './read-body.js';
import { parseRetryAfter } from './retry-after.js';

/** Status, headers (names in lower case, repeated ones joined) and Retry-After of an answer. */
export function describeAnswer(answer: HopAnswer): HttpAnswer {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(answer.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return { url: answer.url.href, status: answer.status, headers, retryAfterMs: parseRetryAfter(headers['retry-after'], Date.now()) };
}

/** Reads an answer's body through its content codings; more than `maxBytes` is a too-large FetchError. */
export async function readCappedBody(answer: HopAnswer, maxBytes: number): Promise<Uint8Array> {
  const url = answer.url.href;
  const encodings = parseContentEncoding(readHeader(answer.headers, 'content-encoding'));
  const declaredLength = Number(readHeader(answer.headers, 'content-length') ?? Number.NaN);
  // An honest Content-Length over the cap fails at once; a dishonest one is caught while reading.
  if (encodings.length === 0 && declaredLength > maxBytes) {
    discardBody(answer.body);
    throw createTooLargeError(url, maxBytes);
  }
  const outcome = await readBody(answer.body, encodings, maxBytes);
  if (outcome.kind === 'too-large') throw createTooLargeError(url, maxBytes);
  if (outcome.kind === 'unsupported-encoding') throw createUnsupportedEncodingError(url, outcome.encoding, answer.status);
  return outcome.body;
}

/**
 * Hands an answer's body over as it comes: the exchange's stall and total timeouts keep running
 * while it is read, and `maxBytes`, when set, caps it.
 */
export function openBodyStream(answer: HopAnswer, maxBytes: number | undefined, exchange: Exchange): HttpStream {
  const url = answer.url.href;
  const decoded = decodeBody(answer.body, parseContentEncoding(readHeader(answer.headers, 'content-encoding')));
  if (decoded.kind === 'unsupported-encoding') throw createUnsupportedEncodingError(url, decoded.encoding, answer.status);
  const { stream } = decoded;
  const release = (): void => {
    decoded.release();
    exchange.finish();
  };
  async function* readChunks(): AsyncGenerator<Uint8Array> {
    let total = 0;
    try {
      for await (const chunk of stream as AsyncIterable<Uint8Array>) {
        total += chunk.byteLength;
        if (maxBytes !== undefined && total > maxBytes) throw createTooLargeError(url, maxBytes);
        yield chunk;
      }
    } catch (error) {
      throw toFetchError(error, url, exchange.limits, exchange.signal.aborted);
    } finally {
      release();
    }
  }
  return { ...describeAnswer(answer), body: readChunks(), cancel: release };
}

function createTooLargeError(url: string, maxBytes: number): FetchError {
  return new FetchError('too-large', url, `body larger than ${maxBytes} bytes once decompressed (fetch.max_bytes); raise the limit if the page is legitimate`);
}

function createUnsupportedEncodingError(url: string, encoding: string, status: number): FetchError {
  return new FetchError('unsupported-content', url, `the server sent Content-Encoding "${encoding}", which relais cannot decode`, { status });
}
