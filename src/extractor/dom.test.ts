import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { parseHTML } from 'linkedom';
import { measureDepth } from './dom.js';
import type { DomElement } from './dom.js';

// linkedom is patched (patches/linkedom+*.patch) to create a node's listener map on first use
// rather than in every node's constructor; these tests hold events to their unpatched behaviour.

interface EventNode {
  addEventListener(type: string, listener: (event: { type: string }) => void, options?: { once?: boolean }): void;
  removeEventListener(type: string, listener: (event: { type: string }) => void): void;
  dispatchEvent(event: unknown): boolean;
  querySelector(selector: string): EventNode | null;
}

function page(): { document: EventNode; Event: new (type: string, init?: { bubbles?: boolean }) => unknown } {
  return parseHTML('<html><body><div id="outer"><p id="inner">Text</p></div></body></html>') as never;
}

describe('linkedom events', () => {
  it('calls a listener, bubbles, honours once and removal', () => {
    const { document, Event } = page();
    const inner = document.querySelector('#inner')!;
    const outer = document.querySelector('#outer')!;
    const calls: string[] = [];
    const onInner = (): void => void calls.push('inner');
    inner.addEventListener('ping', onInner);
    inner.addEventListener('ping', () => calls.push('once'), { once: true });
    outer.addEventListener('ping', () => calls.push('outer'));
    inner.dispatchEvent(new Event('ping', { bubbles: true }));
    inner.dispatchEvent(new Event('ping', { bubbles: false }));
    inner.removeEventListener('ping', onInner);
    inner.dispatchEvent(new Event('ping', { bubbles: false }));
    expect(calls).toEqual(['inner', 'once', 'outer', 'inner']);
  });

  it('dispatches on, and removes from, a node that never had a listener', () => {
    const { document, Event } = page();
    const outer = document.querySelector('#outer')!;
    const calls: string[] = [];
    outer.addEventListener('ping', () => calls.push('outer'));
    const inner = document.querySelector('#inner')!;
    expect(() => inner.removeEventListener('ping', () => undefined)).not.toThrow();
    inner.dispatchEvent(new Event('ping', { bubbles: true }));
    expect(calls).toEqual(['outer']);
  });

  it('runs with the patch applied by npm install', () => {
    const require = createRequire(import.meta.url);
    const source = readFileSync(require.resolve('linkedom').replace(/cjs[\\/]index\.js$/u, 'esm/interface/event-target.js'), 'utf8');
    expect(source).toContain('if (!map) wm.set(this, map = new Map);');
  });
});

describe('measureDepth', () => {
  const first = (html: string): DomElement => (parseHTML(html) as unknown as { document: { firstElementChild: DomElement } }).document.firstElementChild;

  it.each([
    ['a root without children', '<meta charset="utf-8"><body><div><p>text</p></div></body>', 0],
    ['a root with children', '<html><body><div><p>text</p></div></body></html><p>after</p>', 3],
  ])('counts only what lies under the root, not its siblings: %s', (_name, html, depth) => {
    expect(measureDepth(first(html))).toBe(depth);
  });
});
