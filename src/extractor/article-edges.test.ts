import { describe, it, expect } from 'vitest';
import { parseDocument, readText } from './dom.js';
import { isCreditLine, trimArticleEdges } from './article-edges.js';
import type { EdgeHints } from './article-edges.js';

const PROSE = 'The council voted on Tuesday to move the market to the old rail yard, ending a long dispute.';
const MORE_PROSE = 'Traders said the new site would bring more shoppers, and the city promised a shuttle bus.';

function trim(bodyHtml: string, hints: EdgeHints = { titles: [] }): string[] {
  const document = parseDocument(`<!doctype html><html><body>${bodyHtml}</body></html>`);
  const root = document.body!;
  trimArticleEdges(root, hints);
  return Array.from(root.children, (block) => readText(block));
}

describe('trimArticleEdges', () => {
  it.each([
    ['the headline repeated above the story', '<h2>Market moves to the rail yard</h2>', { titles: ['Market moves to the rail yard | Gazette', 'Market moves to the rail yard'] }],
    ['a byline', '<p>By Jane Doe and John Roe</p>', { titles: [] }],
    ['the byline the page declares', '<p>Jane Doe, Associated Press</p>', { titles: [], byline: 'Jane Doe' }],
    ['a dateline', '<p>Published 4:00 am CST, Wednesday, November 20, 2019</p>', { titles: [] }],
    ['a relative date', '<p>Published 1 day ago</p>', { titles: [] }],
    ['a navigation list', '<ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li></ul>', { titles: [] }],
    ['a section label', '<p>Advice</p>', { titles: [] }],
    ['a canonical link', '<p>https://news.example/2019/11/story.html</p>', { titles: [] }],
  ])('drops %s before the story', (_name, leading, hints) => {
    expect(trim(`${leading}<p>${PROSE}</p><p>${MORE_PROSE}</p>`, hints)).toEqual([PROSE, MORE_PROSE]);
  });

  it.each([
    ['a dateline', '<p>Updated at 1:23 p.m.</p>'],
    ['a list of links to other stories', '<ul><li><a href="/a">Afghan talks resume in Doha</a></li><li><a href="/b">UN envoy speaks</a></li></ul>'],
    ['a wire credit', '<p>Reporting by Rodrigo Campos; Editing by Nick Zieminski</p>'],
  ])('drops %s after the story', (_name, trailing) => {
    expect(trim(`<p>${PROSE}</p><p>${MORE_PROSE}</p>${trailing}`)).toEqual([PROSE, MORE_PROSE]);
  });

  it('keeps a one-paragraph story whose byline comes after it, as blogs print it', () => {
    const story = `${PROSE} ${MORE_PROSE} The market will open there next spring, with room for twice as many stalls.`;
    const footer = 'Posted by Jane Doe on Monday, October 22, 2012 at 04:17 PM | Permalink';
    expect(trim(`<h3>Market moves</h3><p>${story}</p><p>${footer}</p>`, { titles: ['Market moves'] })).toEqual([story]);
    expect(trim(`<p>November 1, 2012</p><h2>Market moves</h2><p>Posted by Jane Doe</p><p>${story}</p><p>${footer}</p>`)).toEqual([story]);
  });

  it('keeps short lines, dates and lists inside the story', () => {
    const body = `<p>${PROSE}</p><p>${MORE_PROSE}</p><p>Tuesday, Nov. 19</p><ul><li><a href="/a">Market rules</a></li></ul><h3>What next</h3><p>${MORE_PROSE}</p>`;
    expect(trim(body)).toEqual([PROSE, MORE_PROSE, 'Tuesday, Nov. 19', 'Market rules', 'What next', MORE_PROSE]);
  });

  it('keeps a first paragraph followed by a date that does not open the story', () => {
    const body = `<p>${PROSE}</p><p>Tuesday, Nov. 19</p><ul><li><a href="/a">Market rules</a></li></ul><p>${MORE_PROSE}</p>`;
    expect(trim(body)).toEqual([PROSE, 'Tuesday, Nov. 19', 'Market rules', MORE_PROSE]);
  });

  it('keeps a story whose first paragraph is not a dateline even when it names a date', () => {
    const first = 'On Nov. 19, 2019, the council met for the last time before the vote on the new market site.';
    expect(trim(`<p>${first}</p><p>${PROSE}</p>`)).toEqual([first, PROSE]);
  });

  it('keeps a copyright notice with a year, which wire stories print as part of the text', () => {
    const notice = '© 2019 Associated Press. All Rights Reserved.';
    expect(trim(`<p>${PROSE}</p><p>${notice}</p>`)).toEqual([PROSE, notice]);
  });
});

describe('isCreditLine', () => {
  it.each([
    ['Image copyright Getty Images', true],
    ['(Image: gargantiopa / Getty Images)', true],
    ['Photo: David Zalubowski, STF / Associated Press', true],
    ['© Aaron Schwartz', true],
    ['Image 1 of 9', true],
    ['Additional reporting by Joseph Hudak', true],
    ['Associated Press writers Alan Fram and Zeke Miller contributed to this report.', true],
    ['© 2019 Associated Press. All Rights Reserved.', false],
    ['Photos show the market at dawn, when traders arrive.', false],
    [PROSE, false],
  ])('%j → %s', (text, expected) => {
    expect(isCreditLine(text)).toBe(expected);
  });
});

describe('trimArticleEdges on the page header and footer', () => {
  it('drops a standfirst that sits above the dateline', () => {
    const body = `<h2>China warns protesters as troops move in.</h2><p>PUBLISHED: 10:48, Tue, Nov 19, 2019</p><p>${PROSE}</p><p>${MORE_PROSE}</p>`;
    expect(trim(body)).toEqual([PROSE, MORE_PROSE]);
  });

  it('keeps the story when two paragraphs come before a dateline', () => {
    const body = `<p>${PROSE}</p><p>${MORE_PROSE}</p><p>Published 1 day ago</p><p>${PROSE}</p>`;
    expect(trim(body)).toEqual([PROSE, MORE_PROSE, 'Published 1 day ago', PROSE]);
  });

  it('drops a caption that ends with its picture credit', () => {
    const caption = 'Officials were seen in Mongolia attempting to control the spread of the plague.Credit: The Siberian Times';
    expect(trim(`<p>${PROSE}</p><p>${caption}</p><p>${MORE_PROSE}</p>`)).toEqual([PROSE, MORE_PROSE]);
  });

  it('drops a caption that ends with a copyright credit', () => {
    const caption = 'Jewels after Jewels, installation views, photos © Inexhibit, 2018';
    expect(trim(`<p>${PROSE}</p><p>${caption}</p><p>${MORE_PROSE}</p>`)).toEqual([PROSE, MORE_PROSE]);
  });

  it('drops a caption glued to its credit without a space', () => {
    const caption = 'Beijing Chaoyang Hospital, where patients from Inner Mongolia sought treatmentCredit: EPA';
    expect(trim(`<p>${PROSE}</p><figure><img src="https://news.example/a.jpg" alt=""><p>${caption}</p></figure><p>${MORE_PROSE}</p>`)).toEqual([PROSE, MORE_PROSE]);
  });

  it('peels newsletter lines off the end but keeps a quote that names a subscription', () => {
    const promo = 'Sign up for The Water Coolest today to get the free daily newsletter delivered to your inbox.';
    const quote = '“Readers feel it is worth a subscription,” the analyst said.';
    expect(trim(`<p>${PROSE}</p><p>${quote}</p><p>${promo}</p>`)).toEqual([PROSE, quote]);
  });

  it.each([
    ['a site notice', 'The contents of this site are ©2019 Capitol Hill Publishing Corp., a subsidiary of News Communications, Inc.'],
    ['a copyright notice about the page', 'This document is subject to copyright. Apart from any fair dealing, no part may be reproduced without the written permission.'],
    ['a cite-this-page line', 'Citation: Hibernating astronauts would need smaller spacecraft (2019, November 18) retrieved 20 November 2019 from https://phys.example/news/hibernation.html'],
    ['an address with phone numbers', 'The Hill 1625 K Street, NW Suite 900 Washington DC 20006 | 202-628-8500 tel | 202-628-8503 fax'],
    ['a button label', 'Subscribe'],
    ['a section label left without its section', 'You may also like'],
    ['a loading placeholder', 'Loading content ...'],
    ['an update time', 'Updated at 1:23 p.m.'],
    ['labelled links', 'Listen: http://po.st/TP_615 iTunes: http://po.st/TP_615Apple'],
    ['a wire note pointing at more coverage', "Follow AP's full coverage of Brexit and British politics at https://www.apnews.com/Brexit"],
    ['a pointer to another page', 'You can view our June 2018 open thread here.'],
    ['a pointer to the reporters', 'Reach the reporters on Twitter at http://twitter.com/MegKinnardAP and http://twitter.com/emarvelous'],
  ])('peels %s off the end', (_name, line) => {
    expect(trim(`<p>${PROSE}</p><p>${MORE_PROSE}</p><p>${line}</p><p>Subscribe</p>`)).toEqual([PROSE, MORE_PROSE]);
  });

  it('keeps a wire copyright line and a last sentence that mentions a date', () => {
    const wire = '© 2019 Associated Press. All Rights Reserved. This material may not be published, broadcast, rewritten, or redistributed.';
    const last = 'The council will vote again on Nov. 19.';
    expect(trim(`<p>${PROSE}</p><p>${MORE_PROSE}</p><p>${last}</p><p>${wire}</p>`)).toEqual([PROSE, MORE_PROSE, last, wire]);
  });

  it('drops a list of links to other stories inside the story, but keeps a list that links a few words', () => {
    const related = '<ul><li><a href="https://news.example/a">Moon Rush: Private Lunar Lander Plans</a></li><li><a href="https://news.example/b">Where Landers Will Land</a></li></ul>';
    const steps = '<ul><li>Open the <a href="https://news.example/form">application form</a> and fill in your name.</li><li>Send it to the council before May.</li></ul>';
    expect(trim(`<p>${PROSE}</p>${related}<p>${MORE_PROSE}</p>${steps}<p>${PROSE}</p>`)).toEqual([
      PROSE, MORE_PROSE, 'Open the application form and fill in your name.Send it to the council before May.', PROSE,
    ]);
  });

  it('drops a caption that says where people stand in the picture, not a sentence that does', () => {
    const caption = 'US professor Kevin King (left) and his Australian colleague Timothy Weeks AP';
    const sentence = 'Kevin King (left in the photo) said the release came as a surprise to both men.';
    expect(trim(`<p>${PROSE}</p><p>${caption}</p><p>${sentence}</p><p>${MORE_PROSE}</p>`)).toEqual([PROSE, sentence, MORE_PROSE]);
  });

  it('drops the label of a list of links inside the story along with the list', () => {
    const related = '<p>Related</p><ul><li><a href="https://news.example/a">Moon Rush: Private Lunar Lander Plans</a></li><li><a href="https://news.example/b">Where Landers Will Land</a></li></ul>';
    expect(trim(`<p>${PROSE}</p>${related}<p>${MORE_PROSE}</p><p>${PROSE}</p>`)).toEqual([PROSE, MORE_PROSE, PROSE]);
  });
});
