import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir } from '../../test/support/temp-dir.js';
import { ConfigError } from '../domain/errors.js';
import { siteOptionsFromConfig } from '../web/render.js';
import { loadConfig, parseConfig } from './load.js';

describe('loadConfig', () => {
  let temp: ReturnType<typeof makeTempDir>;
  beforeEach(() => {
    temp = makeTempDir();
  });
  afterEach(() => temp.remove());

  it('writes the defaults on first start and reads them back', () => {
    const file = join(temp.dir, 'relais.yaml');
    const first = loadConfig(file);
    expect(first.created).toBe(true);
    expect(existsSync(file)).toBe(true);
    expect(readFileSync(file, 'utf8')).toContain('cnn-all-en2fr');
    const second = loadConfig(file);
    expect(second.created).toBe(false);
    expect(second.config.campaigns[0]).toMatchObject({
      id: 'cnn-all-en2fr',
      from: 'en',
      to: 'fr',
      category: 'Nouvelles des États-Unis',
      engine: 'opus-mt',
    });
    expect(second.config.site.port).toBe(3000);
    expect(second.config.data_dir).toBe(join(temp.dir, 'data'));
    expect(second.config.engines['opus-mt'].models_dir).toBe(join(temp.dir, 'models'));
    expect(Object.isFrozen(second.config.site)).toBe(true);
  });

  it('reads the keys scripts rely on', () => {
    const file = join(temp.dir, 'relais.yaml');
    writeFileSync(
      file,
      [
        'data_dir: ./var',
        'site: { port: 8080, language: fr, title: "Mon relais" }',
        'fetch: { allow_private_addresses: true }',
        'engines: { apertium: { url: "http://127.0.0.1:9999" }, opus-mt: { models_dir: /opt/models } }',
        'campaigns:',
        '  - id: test-en2fr',
        '    sources: ["http://127.0.0.1:1234/feed.xml"]',
        '    from: en',
        '    to: fr',
        '    category: "Monde"',
        '    engine: apertium',
      ].join('\n'),
    );
    const { config } = loadConfig(file);
    expect(config.site).toMatchObject({ port: 8080, language: 'fr', title: 'Mon relais' });
    expect(config.fetch.allow_private_addresses).toBe(true);
    expect(config.engines.apertium.url).toBe('http://127.0.0.1:9999');
    expect(config.engines['opus-mt'].models_dir).toBe('/opt/models');
    expect(config.campaigns).toHaveLength(1);
    expect(config.campaigns[0]?.engine).toBe('apertium');
  });

  it('reads site.websub_hub, which the site options carry to the feeds', () => {
    const config = parseConfig({ site: { websub_hub: 'https://pubsubhubbub.appspot.com/' } });
    expect(config.site.websub_hub).toBe('https://pubsubhubbub.appspot.com/');
    expect(siteOptionsFromConfig(config).websubHub).toBe('https://pubsubhubbub.appspot.com/');
    expect(siteOptionsFromConfig(parseConfig({})).websubHub).toBeUndefined();
  });

  it('reads fetch.allow_hosts entries as they are written', () => {
    const hosts = ['127.0.0.1:8080', 'localhost:3000', '[::1]:8080', 'Intranet.example:443'];
    expect(parseConfig({ fetch: { allow_hosts: hosts } }).fetch.allow_hosts).toEqual(hosts);
    expect(parseConfig({}).fetch.allow_hosts).toEqual([]);
  });

  it.each([
    [{ site: { port: 'eighty' } }, ['site.port', '"eighty"', 'number']],
    [{ site: { prot: 80 } }, ['unknown key site.prot']],
    [{ campaigns: [{ id: 'x', sources: ['ftp://a/b'], to: 'fr', category: 'c' }] }, ['campaigns[0].sources[0]', '"ftp://a/b"', 'http']],
    [{ campaigns: [{ id: 'x', sources: ['http://a/b'], to: 'fr', category: 'c', engine: 'babel' }] }, ['campaigns[0].engine', '"babel"', '"opus-mt"']],
    [{ campaigns: [{ id: 'x', sources: [], to: 'fr', category: 'c' }] }, ['campaigns[0].sources', 'at least 1']],
    [{ fetch: { allow_private_addresses: 'yes' } }, ['fetch.allow_private_addresses', '"yes"', 'boolean']],
    [{ fetch: { allow_hosts: ['127.0.0.1:8080', 'localhost'] } }, ['fetch.allow_hosts[1]: got "localhost"', '"host:port", e.g. "127.0.0.1:8080"']],
    [{ fetch: { allow_hosts: ['http://127.0.0.1:8080/'] } }, ['fetch.allow_hosts[0]', '"http://127.0.0.1:8080/"', '"host:port"']],
    [{ fetch: { allow_hosts: ['::1:8080'] } }, ['fetch.allow_hosts[0]', '"::1:8080"', '"[::1]:8080"']],
    [{ fetch: { allow_hosts: ['127.0.0.1:99999'] } }, ['fetch.allow_hosts[0]', '"127.0.0.1:99999"']],
    [{ fetch: { allow_hosts: ['999.0.0.1:80'] } }, ['fetch.allow_hosts[0]', '"999.0.0.1:80"']],
    [{ fetch: { allow_hosts: '127.0.0.1:8080' } }, ['fetch.allow_hosts', 'array']],
    [{ site: { websub_hub: 'hub.example/publish' } }, ['site.websub_hub', '"hub.example/publish"', 'absolute URL']],
  ])('rejects %j naming the key, the value and what is expected', (raw, fragments) => {
    expect(() => parseConfig(raw)).toThrow(ConfigError);
    try {
      parseConfig(raw);
    } catch (error) {
      for (const fragment of fragments) expect((error as Error).message).toContain(fragment);
    }
  });

  it('reports unreadable YAML as a configuration error', () => {
    const file = join(temp.dir, 'relais.yaml');
    writeFileSync(file, 'site: [unclosed');
    expect(() => loadConfig(file)).toThrow(/cannot read .*relais\.yaml/);
  });
});

describe('campaign schedules', () => {
  const withSchedule = (schedule: string) => ({ campaigns: [{ id: 'x', sources: ['http://a/b'], to: 'fr', category: 'c', schedule }] });

  it.each([
    ['61 * * * *', 'Invalid value for minute: 61'],
    ['0 25 * * *', 'Invalid value for hour: 25'],
    ['every day', 'exactly five, six, or seven space separated parts are required'],
    ['', 'exactly five, six, or seven space separated parts are required'],
    ['*/0 * * * *', 'illegal stepping: 0'],
    ['0 0 31 2 *', 'it never matches a date from now on'],
  ])('rejects %j naming the key, the value and what croner found wrong', (schedule, problem) => {
    let message = '';
    try {
      parseConfig(withSchedule(schedule));
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      message = (error as Error).message;
    }
    expect(message).toContain(`campaigns[0].schedule: got ${JSON.stringify(schedule)}, expected a cron expression such as "*/15 * * * *" (`);
    expect(message).toContain(problem);
    // One line per wrong key: croner's reason, not a second complaint about the same value.
    expect(message.match(/campaigns\[0\]\.schedule/g)).toHaveLength(1);
  });

  it.each(['*/15 * * * *', '0 7 * * 1-5', '30 6,18 * * *', '@hourly', '0 0 * * * *'])('accepts %j', (schedule) => {
    expect(parseConfig(withSchedule(schedule)).campaigns[0]?.schedule).toBe(schedule);
  });
});

describe('campaign poll intervals', () => {
  const withInterval = (poll_interval_seconds: unknown) => ({ campaigns: [{ id: 'x', sources: ['http://a/b'], to: 'fr', category: 'c', poll_interval_seconds }] });

  it('is unset unless given, the cron schedule then deciding', () => {
    expect(parseConfig({ campaigns: [{ id: 'x', sources: ['http://a/b'], to: 'fr', category: 'c' }] }).campaigns[0]).toMatchObject({ schedule: '*/15 * * * *' });
    expect(parseConfig({ campaigns: [{ id: 'x', sources: ['http://a/b'], to: 'fr', category: 'c' }] }).campaigns[0]?.poll_interval_seconds).toBeUndefined();
    expect(parseConfig(withInterval(90)).campaigns[0]?.poll_interval_seconds).toBe(90);
  });

  it.each([0, -5, '15m'])('rejects %j naming the key', (value) => {
    expect(() => parseConfig(withInterval(value))).toThrow(/campaigns\[0\]\.poll_interval_seconds: got/);
  });
});

describe('campaign source language', () => {
  const withFrom = (from: string) => ({ campaigns: [{ id: 'x', sources: ['http://a/b'], from, to: 'fr', category: 'c' }] });

  it.each(['en', 'pt-BR', 'auto'])('accepts from: %s', (from) => {
    expect(parseConfig(withFrom(from)).campaigns[0]?.from).toBe(from);
  });

  it.each(['english', 'AUTO', ''])('rejects from: %j naming what it takes', (from) => {
    expect(() => parseConfig(withFrom(from))).toThrow(`campaigns[0].from: got ${JSON.stringify(from)}, expected a language code such as "en" or "fr", or auto`);
  });
});

describe('source updates and the time zone', () => {
  const campaign = { id: 'x', sources: ['http://a/b'], to: 'fr', category: 'c' };

  it('checks published stories 1, 6, 24 and 72 hours on and unpublishes what the source removed, in UTC, unless told otherwise', () => {
    const config = parseConfig({ campaigns: [campaign] });
    expect(config.site.time_zone).toBe('UTC');
    expect(config.campaigns[0]).toMatchObject({ recheck_after_hours: [1, 6, 24, 72], on_source_removed: 'unpublish' });
    const set = parseConfig({ site: { time_zone: 'Europe/Paris' }, campaigns: [{ ...campaign, recheck_after_hours: [], on_source_removed: 'keep' }] });
    expect(set.site.time_zone).toBe('Europe/Paris');
    expect(set.campaigns[0]).toMatchObject({ recheck_after_hours: [], on_source_removed: 'keep' });
  });

  it.each([
    [{ site: { time_zone: 'Paris' } }, 'site.time_zone: got "Paris", expected an IANA time zone such as "Europe/Paris" or "UTC"'],
    [{ campaigns: [{ ...campaign, on_source_removed: 'delete' }] }, 'campaigns[0].on_source_removed'],
    [{ campaigns: [{ ...campaign, recheck_after_hours: [0] }] }, 'campaigns[0].recheck_after_hours'],
  ])('rejects %j naming the key', (input, message) => {
    expect(() => parseConfig(input)).toThrow(message);
  });
});
