import { describe, expect, it } from 'vitest';
import { createHostAllowList, formatAllowedHost, parseHostPort, resolvePort } from './allow-hosts.js';

// What the guarded connector is given for a URL: undici's WHATWG-parsed hostname and port.
function connectTarget(url: string): [string, number] {
  const parsed = new URL(url);
  return [parsed.hostname, resolvePort(parsed.port, parsed.protocol)];
}

describe('parseHostPort', () => {
  it.each([
    ['127.0.0.1:8080', { host: '127.0.0.1', port: 8080 }],
    ['localhost:3000', { host: 'localhost', port: 3000 }],
    ['[::1]:8080', { host: '::1', port: 8080 }],
    ['[0:0:0:0:0:0:0:1]:8080', { host: '::1', port: 8080 }],
    ['Intranet.Example:443', { host: 'intranet.example', port: 443 }],
    ['0177.0.0.1:80', { host: '127.0.0.1', port: 80 }],
    ['2130706433:80', { host: '127.0.0.1', port: 80 }],
    ['127.1:65535', { host: '127.0.0.1', port: 65_535 }],
    [' 10.0.0.5:8000 ', { host: '10.0.0.5', port: 8000 }],
  ])('reads %j as the URL parser would', (entry, expected) => {
    expect(parseHostPort(entry)).toEqual(expected);
  });

  it.each([
    'localhost',
    '127.0.0.1',
    ':8080',
    'http://127.0.0.1:8080',
    '127.0.0.1:8080/',
    '127.0.0.1:8080/path',
    '::1:8080',
    '[::1]',
    '127.0.0.1:0',
    '127.0.0.1:65536',
    'user@localhost:80',
    '999.1.1.1:80',
    'a b:80',
    '',
  ])('refuses %j, which is not host:port', (entry) => {
    expect(parseHostPort(entry)).toBeUndefined();
  });
});

describe('createHostAllowList', () => {
  it.each([
    // [entry, request URL, allowed]
    ['127.0.0.1:8080', 'http://127.0.0.1:8080/', true],
    ['127.0.0.1:8080', 'http://0177.0.0.1:8080/feed', true],
    ['127.0.0.1:8080', 'http://2130706433:8080/', true],
    ['127.0.0.1:8080', 'http://0x7f.0.0.1:8080/', true],
    ['127.0.0.1:8080', 'http://127.1:8080/', true],
    ['0177.0.0.1:8080', 'http://127.0.0.1:8080/', true],
    ['127.0.0.1:8080', 'https://127.0.0.1:8080/', true],
    ['127.0.0.1:8080', 'http://127.0.0.1:8081/', false],
    ['127.0.0.1:8080', 'http://127.0.0.2:8080/', false],
    ['127.0.0.1:8080', 'http://localhost:8080/', false],
    ['127.0.0.1:8080', 'http://[::ffff:7f00:1]:8080/', false],
    ['127.0.0.1:8080', 'http://127.0.0.1/', false],
    ['localhost:3000', 'http://LOCALHOST:3000/x', true],
    ['localhost:3000', 'http://127.0.0.1:3000/', false],
    ['[::1]:8080', 'http://[0:0::1]:8080/', true],
    ['[::1]:8080', 'http://[::1]:8081/', false],
    ['example.com:80', 'http://example.com/', true],
    ['example.com:80', 'https://example.com/', false],
    ['example.com:443', 'https://example.com/', true],
    ['example.com:443', 'http://example.com/', false],
    ['Example.COM:80', 'http://example.com:80/', true],
  ])('%s lets %s through: %s', (entry, url, allowed) => {
    expect(createHostAllowList([entry])(...connectTarget(url))).toBe(allowed);
  });

  it('takes a bracketed IPv6 host as the connector may see it', () => {
    expect(createHostAllowList(['[::1]:8080'])('[::1]', 8080)).toBe(true);
  });

  it('allows nothing when empty', () => {
    expect(createHostAllowList([])(...connectTarget('http://127.0.0.1:8080/'))).toBe(false);
  });

  it('names the entry that is not host:port, and the form expected', () => {
    expect(() => createHostAllowList(['127.0.0.1:80', 'localhost'])).toThrow(
      'fetch.allow_hosts[1]: "localhost" is not "host:port", e.g. "127.0.0.1:8080", "localhost:3000" or "[::1]:8080"',
    );
  });
});

describe('formatAllowedHost', () => {
  it.each([
    ['http://127.0.0.1:5000/translate', '127.0.0.1:5000'],
    ['https://api.deepl.com', 'api.deepl.com:443'],
    ['http://example.com/v1', 'example.com:80'],
    ['http://[::1]:2737/', '[::1]:2737'],
    ['http://0177.0.0.1:9/', '127.0.0.1:9'],
  ])('allows the origin of %s as %s', (url, entry) => {
    expect(formatAllowedHost(url)).toBe(entry);
    expect(createHostAllowList([entry])(...connectTarget(url))).toBe(true);
  });
});
