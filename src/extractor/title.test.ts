import { describe, it, expect } from 'vitest';
import { chooseTitle, listSiteNames, stripSiteName } from './title.js';

describe('stripSiteName', () => {
  const cnn = listSiteNames(['CNN'], 'https://edition.cnn.com/2023/03/17/world/story/index.html');
  it.each([
    ['Xi to meet Putin in Russia next week | CNN', 'Xi to meet Putin in Russia next week'],
    ['Xi to meet Putin in Russia next week | CNN Politics', 'Xi to meet Putin in Russia next week'],
    ['Xi to meet Putin in Russia next week - CNN', 'Xi to meet Putin in Russia next week'],
    ['CNN - Xi to meet Putin in Russia next week', 'Xi to meet Putin in Russia next week'],
    ['Xi to meet Putin - in Russia next week', 'Xi to meet Putin - in Russia next week'],
    ['Self-driving cars - a review', 'Self-driving cars - a review'],
  ])('%s → %s', (title, expected) => {
    expect(stripSiteName(title, cnn)).toBe(expected);
  });

  it('recognizes a site by its host when no name is declared', () => {
    const names = listSiteNames([], 'https://www.reuters.com/markets/x/');
    expect(stripSiteName('Central bank holds rates – Reuters', names)).toBe('Central bank holds rates');
  });

  it('recognizes multi-word names written together in the host', () => {
    const names = listSiteNames([], 'https://www.theguardian.com/world/x');
    expect(stripSiteName('Floods hit the north | The Guardian', names)).toBe('Floods hit the north');
  });
});

describe('chooseTitle', () => {
  it('skips candidates that are only the site name', () => {
    const names = listSiteNames(['Daily Planet'], 'https://dailyplanet.example/x');
    expect(chooseTitle(['Daily Planet', undefined, 'Hero saves city | Daily Planet'], names)).toBe('Hero saves city');
  });
});
