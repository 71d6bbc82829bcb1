import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../config/index.js';
import { ExtractError } from '../../domain/errors.js';
import { startLoopbackSite, type LoopbackSite } from '../../../test/support/loopback-site.js';
import { translateUrl } from './translate.js';

// What `relais translate` says about a URL that gives no article, before any engine is asked.
// (The translation itself is tested through the command line with Apertium in test/cli.test.ts.)

describe('translateUrl', () => {
  let site: LoopbackSite;

  beforeAll(async () => {
    site = await startLoopbackSite((request, response) => {
      if (request.url === '/doc.pdf') return response.writeHead(200, { 'content-type': 'application/pdf' }).end('%PDF-1.4');
      return response.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><html><body><nav><a href="/">Home</a></nav></body></html>');
    });
  });
  afterAll(() => site.close());

  it.each([
    ['/doc.pdf', 'not an article (not an HTML page: application/pdf)'],
    ['/menu.html', 'not an article ('],
  ])('%s is an ExtractError: %s', async (path, message) => {
    const config = parseConfig({ fetch: { allow_hosts: [new URL(site.base).host] }, campaigns: [] });
    const translated = translateUrl(config, `${site.base}${path}`, { to: 'fr', engine: 'apertium', format: 'html' });
    await expect(translated).rejects.toThrow(ExtractError);
    await expect(translated).rejects.toThrow(`${site.base}${path}: ${message}`);
  });
});
