// Reads a response body through its content codings, counting decompressed bytes as they come:
// a small gzip can expand a thousandfold, so neither Content-Length nor the wire size is trusted.
import { Transform } from 'node:stream';
import type { Readable } from 'node:stream';
import { constants, createBrotliDecompress, createGunzip, createInflate, createInflateRaw } from 'node:zlib';

/** What reading a body gave: the bytes, or the news that the cap was passed. */
export type BodyOutcome =
  | { kind: 'complete'; body: Uint8Array }
  | { kind: 'too-large'; readBytes: number }
  | { kind: 'unsupported-encoding'; encoding: string };

/** Content codings this reader undoes (sent as Accept-Encoding). */
export const acceptedEncodings = 'gzip, deflate, br';

// Lenient flushing: many servers end gzip streams early; keep what was decoded.
const lenient = { finishFlush: constants.Z_SYNC_FLUSH };

function createDecoder(encoding: string): Transform | undefined {
  switch (encoding) {
    case 'gzip':
    case 'x-gzip':
      return createGunzip(lenient);
    case 'deflate':
      return createDeflateDecoder();
    case 'br':
      return createBrotliDecompress({ finishFlush: constants.BROTLI_OPERATION_FLUSH });
    default:
      return undefined;
  }
}

// HTTP "deflate" should be zlib-wrapped (RFC 9110) but some servers send raw deflate;
// a zlib header's first byte has compression method 8 in its low nibble.
function createDeflateDecoder(): Transform {
  let inner: Transform | undefined;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      if (chunk.length === 0) return done();
      if (!inner) {
        inner = (chunk[0]! & 0x0f) === 8 ? createInflate(lenient) : createInflateRaw(lenient);
        inner.on('data', (data: Buffer) => this.push(data));
        inner.on('error', (error: Error) => this.destroy(error));
      }
      inner.write(chunk, done);
    },
    flush(done) {
      if (!inner) return done();
      inner.once('end', () => done());
      inner.end();
    },
  });
}

/** Drops a body we will not read; its abort error has nobody to tell, so it is swallowed here. */
export function discardBody(body: Readable): void {
  body.on('error', () => {});
  body.destroy();
}

/** Splits a Content-Encoding header into codings in the order they must be undone. */
export function parseContentEncoding(header: string | undefined): string[] {
  if (!header) return [];
  return header
    .split(',')
    .map((part) => part.trim().toLowerCase())
    .filter((part) => part !== '' && part !== 'identity')
    .reverse();
}

/** A body whose content codings are being undone as it is read, or the coding that cannot be. */
export type DecodedBody =
  | { kind: 'decoding'; stream: Readable; release(): void }
  | { kind: 'unsupported-encoding'; encoding: string };

/** Pipes a body through decoders for its content codings; `release` drops the body and the decoders. */
export function decodeBody(body: Readable, encodings: readonly string[]): DecodedBody {
  const decoders: Transform[] = [];
  for (const encoding of encodings) {
    const decoder = createDecoder(encoding);
    if (!decoder) {
      discardBody(body);
      return { kind: 'unsupported-encoding', encoding };
    }
    decoders.push(decoder);
  }
  // pipe() does not forward errors; each stage passes its failure on to the next.
  const stream = decoders.reduce<Readable>((source, decoder) => {
    source.on('error', (error: Error) => decoder.destroy(error));
    return source.pipe(decoder);
  }, body);
  const release = (): void => {
    discardBody(body);
    for (const decoder of decoders) decoder.destroy();
  };
  return { kind: 'decoding', stream, release };
}

/** Reads a body, undoing its content codings, and stops as soon as more than `maxBytes` came out. */
export async function readBody(body: Readable, encodings: readonly string[], maxBytes: number): Promise<BodyOutcome> {
  const decoded = decodeBody(body, encodings);
  if (decoded.kind === 'unsupported-encoding') return decoded;
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for await (const chunk of decoded.stream as AsyncIterable<Uint8Array>) {
      total += chunk.byteLength;
      if (total > maxBytes) return { kind: 'too-large', readBytes: total };
      chunks.push(chunk);
    }
  } finally {
    decoded.release();
  }
  return { kind: 'complete', body: concatBytes(chunks, total) };
}

function concatBytes(chunks: readonly Uint8Array[], total: number): Uint8Array {
  const result = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    result.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return result;
}
