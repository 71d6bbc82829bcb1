import { describe, expect, it } from 'vitest';
import { decodeText, normalizeCharset } from './decode-text.js';

/** ASCII text with `\xNN` escapes turned into raw bytes. */
function bytes(text: string): Uint8Array {
  return Uint8Array.from(text, (char) => char.charCodeAt(0));
}

function html(head: string, body: string): Uint8Array {
  return bytes(`<!doctype html><html><head>${head}</head><body><p>${body}</p></body></html>`);
}

describe('decodeText', () => {
  it.each([
    {
      name: 'windows-1252 from the header (0x80 is the euro sign)',
      body: bytes('Caf\xe9 \x80 5 \x93quoted\x94'),
      contentType: 'text/html; charset=windows-1252',
      text: 'Café € 5 “quoted”',
      charset: 'windows-1252',
      source: 'header',
    },
    {
      name: 'ISO-8859-1 declared only in meta http-equiv, decoded as windows-1252',
      body: html('<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">', '\xc9t\xe9 \x80'),
      contentType: 'text/html',
      text: 'Été €',
      charset: 'windows-1252',
      source: 'meta',
    },
    {
      name: 'Shift_JIS from <meta charset>',
      body: html('<meta charset="Shift_JIS">', '\x93\xfa\x96\x7b\x8c\xea'),
      contentType: 'text/html',
      text: '日本語',
      charset: 'shift_jis',
      source: 'meta',
    },
    {
      name: 'GB2312 from the header',
      body: bytes('\xd6\xd0\xce\xc4'),
      contentType: 'text/plain; charset="GB2312"',
      text: '中文',
      charset: 'gbk',
      source: 'header',
    },
    {
      name: 'UTF-8 BOM wins over a wrong header',
      body: bytes('\xef\xbb\xbfcaf\xc3\xa9'),
      contentType: 'text/html; charset=iso-8859-1',
      text: 'café',
      charset: 'utf-8',
      source: 'bom',
    },
    {
      name: 'UTF-16LE BOM',
      body: bytes('\xff\xfeH\x00\xe9\x00'),
      contentType: 'text/html',
      text: 'Hé',
      charset: 'utf-16le',
      source: 'bom',
    },
    {
      name: 'UTF-16BE BOM',
      body: bytes('\xfe\xff\x00H\x00\xe9'),
      contentType: '',
      text: 'Hé',
      charset: 'utf-16be',
      source: 'bom',
    },
    {
      name: 'XML declaration',
      body: bytes('<?xml version="1.0" encoding="windows-1252"?><rss><title>\x80 caf\xe9</title></rss>'),
      contentType: 'application/rss+xml',
      text: '<?xml version="1.0" encoding="windows-1252"?><rss><title>€ café</title></rss>',
      charset: 'windows-1252',
      source: 'xml',
    },
    {
      name: 'no declaration, valid UTF-8',
      body: bytes('caf\xc3\xa9'),
      contentType: 'text/html',
      text: 'café',
      charset: 'utf-8',
      source: 'default',
    },
    {
      name: 'no declaration, not UTF-8: windows-1252',
      body: bytes('caf\xe9'),
      contentType: 'text/html',
      text: 'café',
      charset: 'windows-1252',
      source: 'fallback',
    },
    {
      name: 'header wins over meta',
      body: html('<meta charset="shift_jis">', 'caf\xc3\xa9'),
      contentType: 'text/html; charset=utf-8',
      text: '<!doctype html><html><head><meta charset="shift_jis"></head><body><p>café</p></body></html>',
      charset: 'utf-8',
      source: 'header',
    },
  ])('$name', ({ body, contentType, text, charset, source }) => {
    const decoded = decodeText(body, contentType);
    expect(decoded.charset).toBe(charset);
    expect(decoded.source).toBe(source);
    expect(decoded.text).toContain(text);
  });

  it.each([
    ['valid UTF-8 under an unknown label', bytes('caf\xc3\xa9'), 'utf-8', 'café'],
    ['non-UTF-8 bytes under an unknown label', bytes('caf\xe9 \x80'), 'windows-1252', 'café €'],
  ])('falls back on %s and says so', (_name, body, charset, text) => {
    const decoded = decodeText(body, 'text/html; charset=x-no-such-charset');
    expect(decoded).toEqual({ text, charset, source: 'fallback', declared: 'x-no-such-charset' });
  });

  it('treats a meta declaration of UTF-16 as UTF-8 (an ASCII-readable page is not UTF-16)', () => {
    const decoded = decodeText(html('<meta charset="utf-16">', 'caf\xc3\xa9'), 'text/html');
    expect(decoded.charset).toBe('utf-8');
    expect(decoded.text).toContain('café');
  });

  it('ignores a meta declaration past the first 2 KB', () => {
    const body = bytes(`<html><head><!--${'x'.repeat(2100)}--><meta charset="shift_jis"></head>caf\xc3\xa9</html>`);
    expect(decodeText(body, 'text/html')).toMatchObject({ charset: 'utf-8', source: 'default' });
  });
});

describe('normalizeCharset', () => {
  it.each([
    ['UTF8', 'utf-8'],
    ['"iso-8859-1"', 'windows-1252'],
    ['US-ASCII', 'windows-1252'],
    ['x-sjis', 'shift_jis'],
    ['gb2312', 'gbk'],
    ['koi8-r', 'koi8-r'],
    ['euc-kr', 'euc-kr'],
    ['bogus-9', undefined],
    ['', undefined],
  ])('%s → %s', (label, expected) => {
    expect(normalizeCharset(label)).toBe(expected);
  });
});
