// Feed bytes → text. The XML rules (XML 1.0 appendix F): a byte order mark wins, then the
// encoding named in the XML declaration, then UTF-8. Legacy charsets go through iconv-lite
// because Node 20's TextDecoder decodes windows-1252 as ISO-8859-1.
import iconv from 'iconv-lite';

interface Sniffed {
  encoding: string;
  skip: number;
}

// Order matters: the UTF-32 LE mark starts with the UTF-16 LE one.
const BYTE_ORDER_MARKS: ReadonlyArray<{ bytes: number[]; encoding: string }> = [
  { bytes: [0xef, 0xbb, 0xbf], encoding: 'utf8' },
  { bytes: [0xff, 0xfe, 0x00, 0x00], encoding: 'utf32le' },
  { bytes: [0x00, 0x00, 0xfe, 0xff], encoding: 'utf32be' },
  { bytes: [0xff, 0xfe], encoding: 'utf16le' },
  { bytes: [0xfe, 0xff], encoding: 'utf16be' },
];

// Without a mark, the first `<` tells the width and order of the code units.
const FIRST_CHARACTER_PATTERNS: ReadonlyArray<{ bytes: number[]; encoding: string }> = [
  { bytes: [0x3c, 0x00, 0x00, 0x00], encoding: 'utf32le' },
  { bytes: [0x00, 0x00, 0x00, 0x3c], encoding: 'utf32be' },
  { bytes: [0x3c, 0x00], encoding: 'utf16le' },
  { bytes: [0x00, 0x3c], encoding: 'utf16be' },
];

function startsWith(body: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((byte, i) => body[i] === byte);
}

function sniffUnicode(body: Uint8Array): Sniffed | undefined {
  const mark = BYTE_ORDER_MARKS.find((m) => startsWith(body, m.bytes));
  if (mark) return { encoding: mark.encoding, skip: mark.bytes.length };
  const pattern = FIRST_CHARACTER_PATTERNS.find((p) => startsWith(body, p.bytes));
  return pattern ? { encoding: pattern.encoding, skip: 0 } : undefined;
}

/** Reads `encoding="…"` from an XML declaration at the start of an ASCII-compatible body. */
function readDeclaredEncoding(body: Uint8Array): string | undefined {
  const head = Buffer.from(body.buffer, body.byteOffset, Math.min(body.byteLength, 512)).toString('latin1');
  const declaration = /^\s*<\?xml\s[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(head);
  return declaration?.[1];
}

/** Decodes a feed body to text following the XML encoding rules; unknown encodings fall back to UTF-8. */
export function decodeFeedBody(body: Uint8Array): string {
  const unicode = sniffUnicode(body);
  if (unicode) return iconv.decode(Buffer.from(body.subarray(unicode.skip)), unicode.encoding);
  const declared = readDeclaredEncoding(body);
  // A declaration that names UTF-16 on an 8-bit body is a lie (the body would not be readable as ASCII).
  const usable = declared && iconv.encodingExists(declared) && !/^utf-?(16|32)/i.test(declared);
  return iconv.decode(Buffer.from(body), usable ? declared : 'utf8');
}
