import { describe, expect, it } from 'vitest';
import { isPathAllowed, parseRobotsTxt, selectRobotsGroup } from './robots-txt.js';

const allowedFor = (text: string, agent: string, path: string): boolean => isPathAllowed(selectRobotsGroup(parseRobotsTxt(text), agent), path);

// RFC 9309 §5.1.
const RFC_EXAMPLE = `User-Agent: *
Disallow: *.gif$
Disallow: /example/
Allow: /publications/

User-Agent: foobot
Disallow:/
Allow:/example/page.html
Allow:/example/allowed.gif

User-Agent: barbot
User-Agent: bazbot
Disallow: /example/page.html

User-Agent: quxbot

EOF
`;

describe('robots.txt groups (RFC 9309 §5.1)', () => {
  it.each([
    ['foobot', '/example/page.html', true],
    ['foobot', '/example/allowed.gif', true],
    ['foobot', '/example/other.html', false],
    ['foobot', '/', false],
    ['FooBot', '/example/page.html', true],
    ['barbot', '/example/page.html', false],
    ['bazbot', '/example/page.html', false],
    ['barbot', '/example/other.html', true],
    ['barbot', '/picture.gif', true],
    ['quxbot', '/example/page.html', true],
    ['quxbot', '/picture.gif', true],
    ['relais', '/picture.gif', false],
    ['relais', '/picture.gif?x=1', true],
    ['relais', '/example/anything', false],
    ['relais', '/publications/2026', true],
    ['relais', '/news/story.html', true],
  ] as const)('%s on %s: allowed %s', (agent, path, allowed) => {
    expect(allowedFor(RFC_EXAMPLE, agent, path)).toBe(allowed);
  });

  it('merges every group that names the crawler, and ignores * then', () => {
    const text = 'User-agent: relais\nDisallow: /a\n\nUser-agent: *\nDisallow: /b\n\nUser-agent: Relais/2.0\nDisallow: /c\n';
    expect([allowedFor(text, 'relais', '/a'), allowedFor(text, 'relais', '/b'), allowedFor(text, 'relais', '/c')]).toEqual([false, true, false]);
  });

  it.each([
    ['rules before any user-agent line belong to no group', 'Disallow: /\nUser-agent: *\nDisallow: /private', '/news', true],
    ['a Sitemap line does not end a run of user-agent lines', 'User-agent: other\nSitemap: https://s.example/sitemap.xml\nUser-agent: relais\nDisallow: /x', '/x', false],
    ['an empty Disallow allows everything', 'User-agent: *\nDisallow:', '/anything', true],
    ['comments, blank lines, CRLF and a BOM', '\uFEFF# hello\r\nUser-agent: * # all\r\n\r\nDisallow: /private # keep out\r\n', '/private/x', false],
    ['junk lines are ignored', 'User-agent: *\n<html>\nthis is not robots\nDisallow: /secret', '/secret', false],
    ['keys are case-insensitive, misspelled disallow tolerated', 'USER-AGENT: *\nDissallow: /old', '/old/page', false],
    ['no file content at all allows everything', '', '/x', true],
    ['/robots.txt itself is always allowed', 'User-agent: *\nDisallow: /', '/robots.txt', true],
  ])('%s', (_name, text, path, allowed) => {
    expect(allowedFor(text, 'relais', path)).toBe(allowed);
  });

  it('reads no further than 500 KiB', () => {
    const text = `User-agent: *\n${'# padding\n'.repeat(60_000)}Disallow: /late`;
    expect(allowedFor(text, 'relais', '/late')).toBe(true);
  });
});

describe('robots.txt rules: longest match, * and $', () => {
  it.each([
    // [pattern, path, blocked], after the examples of Google's robots.txt documentation.
    ['/fish', '/fish', true], ['/fish', '/fish.html', true], ['/fish', '/fish/salmon.html', true], ['/fish', '/fishheads', true],
    ['/fish', '/Fish.asp', false], ['/fish', '/catfish', false],
    ['/fish*', '/fishheads/yummy.html', true], ['/fish*', '/Fish.asp', false],
    ['/fish/', '/fish/?id=anything', true], ['/fish/', '/fish', false], ['/fish/', '/fish.html', false],
    ['/*.php', '/folder/filename.php?parameters', true], ['/*.php', '/folder/any.php.file.html', true], ['/*.php', '/windows.PHP', false], ['/*.php', '/', false],
    ['/*.php$', '/folder/filename.php', true], ['/*.php$', '/filename.php?parameters', false], ['/*.php$', '/filename.php5', false],
    ['/fish*.php', '/fishheads/catfish.php?parameters', true], ['/fish*.php', '/Fish.PHP', false],
    ['/café', '/caf%C3%A9', true], ['/caf%c3%a9', '/caf%C3%A9', true], ['/%7Ejoe', '/~joe/index.html', true], ['/a%2Fb', '/a/b', false],
    ['*.gif$', '/images/x.gif', true],
  ] as const)('Disallow: %s on %s blocks it: %s', (pattern, path, blocked) => {
    expect(allowedFor(`User-agent: *\nDisallow: ${pattern}`, 'relais', path)).toBe(!blocked);
  });

  it.each([
    ['Allow: /p\nDisallow: /', '/page', true],
    ['Allow: /folder\nDisallow: /folder', '/folder/page', true],
    ['Allow: /page\nDisallow: /*.htm', '/page.htm', false],
    ['Allow: /$\nDisallow: /', '/', true],
    ['Allow: /$\nDisallow: /', '/page.htm', false],
    // RFC 9309 §5.2.
    ['Allow: /example/page/\nDisallow: /example/page/disallowed.gif', '/example/page/', true],
    ['Allow: /example/page/\nDisallow: /example/page/disallowed.gif', '/example/page/disallowed.gif', false],
  ])('%j on %s: allowed %s', (rules, path, allowed) => {
    expect(allowedFor(`User-agent: *\n${rules}`, 'relais', path)).toBe(allowed);
  });
});

describe('Crawl-delay', () => {
  it.each([
    ['User-agent: relais\nCrawl-delay: 5\n\nUser-agent: *\nCrawl-delay: 1', 5],
    ['User-agent: *\nCrawl-delay: 2.5', 2.5],
    ['User-agent: *\nCrawl-delay: soon', undefined],
    ['User-agent: other\nCrawl-delay: 9', undefined],
  ])('%j gives %s s', (text, seconds) => {
    expect(selectRobotsGroup(parseRobotsTxt(text), 'relais').crawlDelaySeconds).toBe(seconds);
  });
});
