// Bytes → text for pages and feeds. Precedence follows the HTML encoding sniffing rules:
// BOM, then the transport (Content-Type), then a <meta> prescan, then the XML declaration; a
// body without any of these whose first `<` is two or four bytes wide is UTF-16 or UTF-32
// (XML 1.0 appendix F), as feeds without a byte order mark sometimes are.
// Legacy charsets go through iconv-lite: Node 20's TextDecoder('windows-1252') decodes as
// ISO-8859-1 (0x80 gives U+0080, not €).
import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';

/** Where the charset used came from; `fallback` means a label was unknown or the bytes were not UTF-8. */
export type CharsetSource = 'bom' | 'header' | 'meta' | 'xml' | 'sniffed' | 'default' | 'fallback';

/** Decoded text, the charset used to decode it and where that charset came from. */
export interface DecodedText {
  text: string;
  /** Canonical name of the charset actually used (`utf-8`, `windows-1252`, `shift_jis`…). */
  charset: string;
  source: CharsetSource;
  /** The label the document declared, when it was not usable as is. */
  declared?: string;
}

// WHATWG Encoding: latin1 and ASCII labels mean windows-1252; GB2312 means GBK.
const charsetAliases: Readonly<Record<string, string>> = {
  'utf-8': 'utf-8', utf8: 'utf-8', 'unicode-1-1-utf-8': 'utf-8',
  'iso-8859-1': 'windows-1252', iso8859_1: 'windows-1252', 'iso8859-1': 'windows-1252', 'iso_8859-1': 'windows-1252',
  latin1: 'windows-1252', l1: 'windows-1252', 'us-ascii': 'windows-1252', ascii: 'windows-1252',
  cp1252: 'windows-1252', 'x-cp1252': 'windows-1252', 'windows-1252': 'windows-1252', cp819: 'windows-1252',
  gb2312: 'gbk', gbk: 'gbk', 'x-gbk': 'gbk', chinese: 'gbk', csgb2312: 'gbk', gb18030: 'gb18030',
  shift_jis: 'shift_jis', 'shift-jis': 'shift_jis', sjis: 'shift_jis', 'x-sjis': 'shift_jis', ms_kanji: 'shift_jis',
  'windows-31j': 'shift_jis', csshiftjis: 'shift_jis',
  'utf-16': 'utf-16le', 'utf-16le': 'utf-16le', 'utf-16be': 'utf-16be',
  'utf-32': 'utf-32le', 'utf-32le': 'utf-32le', 'utf-32be': 'utf-32be',
};

// Order matters: the UTF-32 LE mark starts with the UTF-16 LE one.
const byteOrderMarks: readonly { bytes: readonly number[]; charset: string }[] = [
  { bytes: [0xef, 0xbb, 0xbf], charset: 'utf-8' },
  { bytes: [0xff, 0xfe, 0x00, 0x00], charset: 'utf-32le' },
  { bytes: [0x00, 0x00, 0xfe, 0xff], charset: 'utf-32be' },
  { bytes: [0xfe, 0xff], charset: 'utf-16be' },
  { bytes: [0xff, 0xfe], charset: 'utf-16le' },
];

// Without a mark, the width and order of the first `<` (XML 1.0 appendix F).
const wideFirstCharacters: readonly { bytes: readonly number[]; charset: string }[] = [
  { bytes: [0x3c, 0x00, 0x00, 0x00], charset: 'utf-32le' },
  { bytes: [0x00, 0x00, 0x00, 0x3c], charset: 'utf-32be' },
  { bytes: [0x3c, 0x00], charset: 'utf-16le' },
  { bytes: [0x00, 0x3c], charset: 'utf-16be' },
];

/** The canonical charset for a label, or undefined when neither WHATWG aliases nor iconv-lite know it. */
export function normalizeCharset(label: string): string | undefined {
  const key = label.trim().replace(/^["']|["']$/g, '').toLowerCase();
  if (key === '') return undefined;
  const alias = charsetAliases[key];
  if (alias) return alias;
  return iconv.encodingExists(key) ? key : undefined;
}

function startsWithBytes(body: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((byte, i) => body[i] === byte);
}

function findBom(body: Uint8Array): { charset: string; length: number } | undefined {
  const bom = byteOrderMarks.find(({ bytes }) => startsWithBytes(body, bytes));
  return bom && { charset: bom.charset, length: bom.bytes.length };
}

function sniffWideCharset(body: Uint8Array): string | undefined {
  return wideFirstCharacters.find(({ bytes }) => startsWithBytes(body, bytes))?.charset;
}

function findHeaderCharset(contentType: string): string | undefined {
  return /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType)?.[1];
}

function findMetaCharset(head: string): string | undefined {
  for (const [tag] of head.matchAll(/<meta\b[^>]*>/gi)) {
    const label = /charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(tag)?.[1];
    if (label) return label;
  }
  return undefined;
}

function findXmlCharset(head: string): string | undefined {
  return /^\s*<\?xml\b[^>]*\bencoding\s*=\s*["']([\w.:-]+)["']/i.exec(head)?.[1];
}

function findDeclaredCharset(body: Uint8Array, contentType: string): { label: string; source: CharsetSource } | undefined {
  const fromHeader = findHeaderCharset(contentType);
  if (fromHeader) return { label: fromHeader, source: 'header' };
  // Declarations are ASCII, so reading the head as latin1 finds them in any ASCII-compatible charset.
  const head = Buffer.from(body.buffer, body.byteOffset, Math.min(body.byteLength, 2048)).toString('latin1');
  const fromMeta = findMetaCharset(head);
  if (fromMeta) return { label: fromMeta, source: 'meta' };
  const fromXml = findXmlCharset(head);
  return fromXml ? { label: fromXml, source: 'xml' } : undefined;
}

/** Decodes bytes with a canonical charset name. */
function decodeWith(bytes: Uint8Array, charset: string): string {
  if (charset === 'utf-8') return new TextDecoder('utf-8', { ignoreBOM: false }).decode(bytes);
  return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), charset);
}

function guessCharset(body: Uint8Array): string {
  return isUtf8(body) ? 'utf-8' : 'windows-1252';
}

/** Decodes a fetched body to text, choosing the charset from BOM, Content-Type, <meta>, XML declaration, width of the first `<`, then UTF-8. */
export function decodeText(body: Uint8Array, contentType: string): DecodedText {
  const bom = findBom(body);
  if (bom) return { text: decodeWith(body.subarray(bom.length), bom.charset), charset: bom.charset, source: 'bom' };
  const wide = findHeaderCharset(contentType) ? undefined : sniffWideCharset(body);
  if (wide) return { text: decodeWith(body, wide), charset: wide, source: 'sniffed' };
  const declared = findDeclaredCharset(body, contentType);
  if (!declared) {
    const charset = guessCharset(body);
    return { text: decodeWith(body, charset), charset, source: charset === 'utf-8' ? 'default' : 'fallback' };
  }
  let charset = normalizeCharset(declared.label);
  if (!charset) {
    const guessed = guessCharset(body);
    return { text: decodeWith(body, guessed), charset: guessed, source: 'fallback', declared: declared.label };
  }
  // A document that could declare UTF-16 or UTF-32 in ASCII is neither (HTML prescan rule).
  if (/^utf-(16|32)/.test(charset) && declared.source !== 'header') charset = 'utf-8';
  return { text: decodeWith(body, charset), charset, source: declared.source };
}
