import { describe, expect, it } from 'vitest';
import { extractArticle } from './extract-article.js';

const PARAGRAPHS = [
  'The harbour board voted on Monday to rebuild the storm wall before winter, after two years of arguments over who should pay for the repairs.',
  'Fishermen who lost boats in the last storm said the decision came too late for them, but welcomed the promise of work starting next month.',
  'The new wall will be two metres higher than the old one and is expected to cost about fourteen million euros, most of it from the national budget.',
];

// A page of the kind older sites serve: everything inside one <form>, a comment form after the story.
const page = `<!doctype html><html lang="en"><head><title>Storm wall | Harbour News</title></head><body>
<form method="post" action="/default.aspx" id="aspnetForm"><div class="main"><h1>Storm wall will be rebuilt</h1>
${PARAGRAPHS.map((text) => `<p>${text}</p>`).join('\n')}
<div id="respond"><form action="/comment" method="post"><p>Your email address will not be published.</p><textarea name="c"></textarea><button>Post comment</button></form></div>
</div></form></body></html>`;

describe('unwrapStoryForms', () => {
  it('keeps a story that the page wraps in a form, and drops a comment form', () => {
    const outcome = extractArticle(page, { url: 'https://harbour.example/wall', rules: { dropSelectors: [], dropPatterns: [], minWords: 0 } });
    if (outcome.kind !== 'article') throw new Error(`expected an article, got: ${outcome.reason}`);
    for (const text of PARAGRAPHS) expect(outcome.article.text).toContain(text);
    expect(outcome.article.text).not.toContain('email address');
    expect(outcome.article.html).not.toMatch(/<form|<textarea|<button/u);
  });
});
