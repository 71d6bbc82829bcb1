import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { formatForEngine, restoreSegment } from './placeholders.js';
import { renderSegmentedHtml, segmentHtml, segmentText, renderText, hasTranslatableText } from './segment.js';
import type { DomNode } from './segment.js';
import { compileProtection } from './protection.js';

const PAGES: Array<[string, string]> = [
  ['a paragraph with a link', '<p>The <a href="https://example.com/a?b=1&amp;c=2" class="x">president</a> said so. He left.</p>'],
  ['nested inline elements', '<p>He <strong>left <em>early</em>. Then</strong> came back.</p>'],
  ['headings and lists', '<h2>Mr. Smith goes to Washington</h2><ul><li>One <b>item</b><ul><li>Nested item</li></ul></li><li>Two</li></ul>'],
  ['blockquote and figure', '<blockquote><p>“Quoted,” she said.</p></blockquote><figure><img src="/a.png" alt="A"><figcaption>A caption <cite>Photo agency</cite></figcaption></figure>'],
  ['table cells', '<table><thead><tr><th>Name</th><th>Votes</th></tr></thead><tbody><tr><td>Ann <sup>1</sup></td><td>1,204</td></tr></tbody></table>'],
  ['code and pre', '<p>Call <code>fetch(url,  opts)</code> now!</p><pre>keep   this\n  as is</pre>'],
  ['a line break and an image', '<p><img src="a.png" alt="x"> Caption text<br>second line.</p>'],
  ['abbr, q, sub, span', '<p>The <abbr title="North Atlantic Treaty Organization">NATO</abbr> chief said <q>no</q> to H<sub>2</sub>O and <span lang="de">Ja</span>.</p>'],
  ['a URL in text', '<p>Read more at https://example.com/story?id=3. It is long.</p>'],
];

/** Tag names and attributes in document order, and the text of each block. */
function describeStructure(html: string): { elements: string[]; text: string } {
  const { document } = parseHTML('<!doctype html><html><body></body></html>') as unknown as {
    document: { createElement(tag: string): DomNode };
  };
  const root = document.createElement('div');
  root.innerHTML = html;
  const elements: string[] = [];
  const walk = (node: DomNode): void => {
    for (const child of Array.from(node.childNodes)) {
      if (child.nodeType !== 1) continue;
      const attributes = Array.from(child.attributes ?? []).map((a) => `${a.name}=${a.value}`);
      elements.push([child.nodeName.toLowerCase(), ...attributes].join(' '));
      walk(child);
    }
  };
  walk(root);
  return { elements, text: (root.textContent ?? '').replace(/\s+/g, ' ').trim() };
}

function translateWith(html: string, engine: (text: string) => string, style: 'markup' | 'token' = 'markup') {
  const segmented = segmentHtml(html, 'en');
  const outputs = segmented.segments.map((segment) => engine(formatForEngine(segment, style)));
  return { segmented, ...renderSegmentedHtml(segmented, outputs) };
}

// Upper-cases text but not placeholders, in either spelling.
function upperCaseText(text: string): string {
  return text.replace(/(<\/?x\d+\/?>|\[\/?\d+\])|([^<[]+)/g, (_m, placeholder: string | undefined, words: string | undefined) =>
    placeholder ?? (words ?? '').toUpperCase(),
  );
}

describe('segmentHtml and renderSegmentedHtml', () => {
  it.each(PAGES)('%s: an identity engine gives the input back', (_name, html) => {
    const { html: output, repairs } = translateWith(html, (text) => text);
    expect(output).toBe(html);
    expect(repairs).toBe(0);
  });

  it.each(PAGES)('%s: token placeholders also come back', (_name, html) => {
    const { html: output, repairs } = translateWith(html, (text) => text, 'token');
    expect(output).toBe(html);
    expect(repairs).toBe(0);
  });

  it.each(PAGES)('%s: an upper-casing engine keeps elements and attributes, and translates titles', (_name, html) => {
    const { html: output, repairs } = translateWith(html, upperCaseText);
    const before = describeStructure(html);
    const after = describeStructure(output);
    // The one title of these pages is an abbr's only attribute.
    expect(after.elements).toEqual(before.elements.map((e) => e.replace(/^(abbr title=)(.*)$/u, (_m, head: string, title: string) => head + title.toUpperCase())));
    expect(repairs).toBe(0);
    expect(output).not.toBe(html);
  });

  it('never sends code, preformatted text or URLs', () => {
    const { segments } = segmentHtml(PAGES[5]![1] + PAGES[8]![1], 'en');
    const sent = segments.map((s) => s.text).join('\n');
    expect(sent).not.toContain('fetch(url');
    expect(sent).not.toContain('keep');
    expect(sent).not.toContain('example.com');
  });

  it('splits sentences but not after abbreviations, and keeps an element spanning two sentences whole', () => {
    const { segments } = segmentHtml('<p>Mr. Smith met Dr. Jones. They talked. <em>One. Two.</em> End.</p>', 'en');
    expect(segments.map((s) => s.text)).toEqual(['Mr. Smith met Dr. Jones.', 'They talked.', '<x1>One. Two.</x1>', 'End.']);
  });

  it('leaves blocks without words untouched and does not send them', () => {
    const html = '<p>2024</p><p>— 3 —</p><p>Words here.</p>';
    const segmented = segmentHtml(html, 'en');
    expect(segmented.segments.map((s) => s.text)).toEqual(['Words here.']);
  });
});

describe('attributes', () => {
  it('sends a title as text just before its sentence and puts its translation back escaped', () => {
    const html = '<p>See <a href="/r?a=1&amp;b=2" title="The &quot;full&quot; report &amp; data" rel="author">the report</a>. Then leave.</p>';
    const { segmented, html: output, repairs } = translateWith(html, upperCaseText);
    expect(segmented.segments.map((s) => s.text)).toEqual(['The "full" report & data', 'See <x1>the report</x1>.', 'Then leave.']);
    expect(output).toBe('<p>SEE <a href="/r?a=1&amp;b=2" title="THE &quot;FULL&quot; REPORT &amp; DATA" rel="author">THE REPORT</a>. THEN LEAVE.</p>');
    expect(repairs).toBe(0);
  });

  it('translates the title of a link the engine lost, and protects terms in titles', () => {
    const html = '<p>He flew to <a href="/m" title="Reuters on Moscow">Moscow</a>.</p>';
    const segmented = segmentHtml(html, 'en', compileProtection({ protectedTerms: ['Reuters'], glossary: {}, personNames: [] }));
    expect(segmented.segments[0]?.text).toBe('<x1/> on Moscow');
    const outputs = segmented.segments.map((segment) => upperCaseText(segment.text).replace(/<\/?x\d+>/g, ''));
    const { html: output } = renderSegmentedHtml(segmented, outputs);
    expect(output).toBe('<p>HE FLEW TO MOSCOW <a href="/m" title="Reuters ON MOSCOW">Moscow</a>.</p>');
  });

  it('gives a title the engine emptied of words its source text back, and counts it', () => {
    const segmented = segmentHtml('<p>Use the <abbr title="Emergency">E</abbr> lane.</p>', 'en');
    expect(renderSegmentedHtml(segmented, ['« « «', 'Use the <x1>E</x1> lane.'])).toEqual({ html: '<p>Use the <abbr title="Emergency">E</abbr> lane.</p>', repairs: 1 });
  });

  it('formats translated titles with the given function', () => {
    const segmented = segmentHtml('<p>Read <abbr title="North Atlantic">NA</abbr> news.</p>', 'en');
    const { html } = renderSegmentedHtml(segmented, segmented.segments.map((s) => s.text), { formatTitle: (title) => `${title}!` });
    expect(html).toBe('<p>Read <abbr title="North Atlantic!">NA</abbr> news.</p>');
  });

  it.each([
    ['an inline element', '<p>The crowd chanted <i lang="fr">liberté, égalité</i> outside.</p>', ['The crowd chanted <x1/> outside.'],
      '<p>THE CROWD CHANTED <i lang="fr">liberté, égalité</i> OUTSIDE.</p>'],
    ['a block', '<blockquote lang="de-AT"><p>Ich bin ein <em>Berliner</em>.</p></blockquote><p>He said.</p>', ['He said.'],
      '<blockquote lang="de-AT"><p>Ich bin ein <em>Berliner</em>.</p></blockquote><p>HE SAID.</p>'],
  ])('keeps %s in another language than the source as it is, never sent', (_name, html, sent, expected) => {
    const { segmented, html: output } = translateWith(html, upperCaseText);
    expect(segmented.segments.map((s) => s.text)).toEqual(sent);
    expect(output).toBe(expected);
  });

  it.each([
    ['an empty lang', '<p>He <i lang="">left</i>.</p>', '<p>HE <i lang="">LEFT</i>.</p>'],
    ['an undetermined lang', '<p>He <i lang="und">left</i>.</p>', '<p>HE <i lang="und">LEFT</i>.</p>'],
    ['a regional form of the source language', '<p>He <i lang="en-GB">left</i>.</p>', '<p>HE <i lang="en-GB">LEFT</i>.</p>'],
  ])('translates an element with %s', (_name, html, expected) => {
    expect(translateWith(html, upperCaseText).html).toBe(expected);
  });

  it('relabels a lang naming the source language with the target when the content is translated', () => {
    const html = '<p lang="en-GB">He <span lang="en">left</span> and <q lang="fr">oui</q>.</p>';
    const segmented = segmentHtml(html, 'en');
    const outputs = segmented.segments.map((segment) => upperCaseText(segment.text));
    expect(renderSegmentedHtml(segmented, outputs, { to: 'fr' }).html).toBe('<p lang="fr">HE <span lang="fr">LEFT</span> AND <q lang="fr">oui</q>.</p>');
  });
});

describe('repairs', () => {
  it('puts back a link the engine dropped, with its text and attributes, and counts it', () => {
    const html = '<p>He flew to <a href="https://example.com/moscow" title="M">Moscow</a> on Monday.</p>';
    const { html: output, repairs } = translateWith(html, (text) => text.replace(/<\/?x\d+\/?>/g, ''));
    expect(output).toContain('<a href="https://example.com/moscow" title="M">Moscow</a>');
    expect(repairs).toBe(1);
  });

  it('gives an emptied link its source text back', () => {
    const html = '<p>See <a href="/x">the report</a> today.</p>';
    const { html: output, repairs } = translateWith(html, () => 'Voir <x1></x1> aujourd’hui.');
    expect(output).toBe('<p>Voir <a href="/x">the report</a> aujourd’hui.</p>');
    expect(repairs).toBe(1);
  });

  it.each([
    ['a lost closing tag', 'Il a vu <x1>la maison.', '<p>Il a vu <a href="/h">la maison.</a></p>', 1],
    ['spaces and capitals in tags', 'Il a vu < X1 >la maison</ x1 >.', '<p>Il a vu <a href="/h">la maison</a>.</p>', 0],
    ['a duplicated tag', 'Il a vu <x1>la</x1> <x1>maison</x1>.', '<p>Il a vu <a href="/h">la</a> maison.</p>', 0],
    ['an unknown placeholder', 'Il a vu <x1>la maison</x1><x7/>.', '<p>Il a vu <a href="/h">la maison</a>.</p>', 1],
  ])('survives %s', (_name, translated, expected, expectedRepairs) => {
    const { html: output, repairs } = translateWith('<p>He saw <a href="/h">the house</a>.</p>', () => translated);
    expect(output).toBe(expected);
    expect(repairs).toBe(expectedRepairs);
  });

  it('keeps a lost code atom verbatim', () => {
    const segmented = segmentHtml('<p>Run <code>a  &lt; b</code> twice.</p>', 'en');
    const restored = restoreSegment('Lancez deux fois.', segmented.segments[0]!);
    expect(restored.output).toBe('Lancez deux fois <code>a  &lt; b</code>.');
    expect(restored.repairs).toBe(1);
  });
});

describe('segmentText and renderText', () => {
  it('cuts a title into sentences, protects URLs and joins translations', () => {
    const segments = segmentText('Stocks fall. See https://example.com/x for more', 'en');
    expect(segments.map((s) => s.text)).toEqual(['Stocks fall.', 'See <x1/> for more']);
    expect(segments.every(hasTranslatableText)).toBe(true);
    const { text, repairs } = renderText(segments, ['Les actions baissent.', 'Voir <x1/> pour plus']);
    expect(text).toBe('Les actions baissent. Voir https://example.com/x pour plus');
    expect(repairs).toBe(0);
  });
});
