// Test support: `relais serve` over a temporary database and configuration file, with an admin
// account, reached over loopback HTTP; and a cookie-keeping client for the admin area's forms.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { addAdminUser } from '../../src/cli/commands/admin-accounts.js';
import { serveSite, type RunningSite } from '../../src/cli/commands/serve.js';
import { loadConfig, type Config } from '../../src/config/index.js';
import { openDatabase, type DatabaseHandle } from '../../src/storage/index.js';
import { freshDatabaseLocation } from './test-database.js';
import { makeTempDir } from './temp-dir.js';

/** The admin account every admin test site has. */
export const ADMIN = { name: 'editor', password: 'correct horse battery' } as const;

/** A served site with its admin area; `database` is a connection of the test's own. */
export interface AdminSite {
  url: string;
  config: Readonly<Config>;
  configFile: string;
  database: DatabaseHandle;
  close(): Promise<void>;
}

/** Serves a site with one campaign from a fresh database, with the ADMIN account created; `settings` are added to its `site` keys. */
export async function startAdminSite(settings: Record<string, unknown> = {}): Promise<AdminSite> {
  const temp = makeTempDir('relais-admin-');
  const configFile = join(temp.dir, 'relais.yaml');
  writeFileSync(
    configFile,
    stringify({
      data_dir: temp.dir,
      database: freshDatabaseLocation(temp.dir),
      site: { port: 0, language: 'fr', ...settings },
      campaigns: [{ id: 'test-campaign', sources: ['https://news.example/feed.xml', 'https://news.example/other.xml'], from: 'en', to: 'fr', category: 'Monde', engine: 'apertium' }],
    }),
  );
  const { config } = loadConfig(configFile);
  await addAdminUser(config, ADMIN.name, ADMIN.password);
  const database = await openDatabase(config.database ?? '');
  const site: RunningSite = await serveSite(config, { port: 0, configFile });
  return {
    url: site.url,
    config,
    configFile,
    database,
    async close() {
      await site.close();
      await database.close();
      temp.remove();
    },
  };
}

/** A browser-like client: keeps cookies, does not follow redirects. */
export interface CookieClient {
  request(path: string, init?: { method?: string; form?: Record<string, string>; headers?: Record<string, string> }): Promise<Response>;
  cookie(name: string): string | undefined;
}

/** A client of a site that keeps the cookies it is given. */
export function createCookieClient(origin: string): CookieClient {
  const jar = new Map<string, string>();
  return {
    async request(path, init = {}) {
      const headers: Record<string, string> = { ...init.headers };
      if (jar.size > 0) headers.cookie = [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
      if (init.form) headers['content-type'] = 'application/x-www-form-urlencoded';
      const response = await fetch(origin + path, {
        method: init.method ?? (init.form ? 'POST' : 'GET'),
        headers,
        redirect: 'manual',
        ...(init.form ? { body: new URLSearchParams(init.form).toString() } : {}),
      });
      for (const line of response.headers.getSetCookie()) {
        const [pair = '', ...attributes] = line.split(';');
        const [name = '', value = ''] = pair.split('=');
        if (attributes.some((attribute) => /max-age=0\b/i.test(attribute.trim())) || value === '') jar.delete(name.trim());
        else jar.set(name.trim(), value.trim());
      }
      return response;
    },
    cookie: (name) => jar.get(name),
  };
}

/** The value of a hidden form field in a page. */
export function formField(html: string, name: string): string {
  const match = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
  if (!match?.[1]) throw new Error(`no field ${name} in the page`);
  return match[1];
}

/** Signs a client in through the sign-in form; answers the sign-in's response. */
export async function signInAs(client: CookieClient, name: string, password: string): Promise<Response> {
  const form = await (await client.request('/admin/login')).text();
  return client.request('/admin/login', { form: { csrf: formField(form, 'csrf'), name, password } });
}
