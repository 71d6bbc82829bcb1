import { isNamed, listElements } from './dom.js';
import type { DomDocument, DomElement } from './dom.js';

// Where lazy-loading scripts keep the real image until the page runs them (relais never runs them).
const LAZY_SRC_ATTRIBUTES = ['data-src', 'data-lazy-src', 'data-original', 'data-url', 'data-hi-res-src', 'data-full-src'];
const LAZY_SRCSET_ATTRIBUTES = ['data-srcset', 'data-lazy-srcset'];

/** Tells whether an image source is a placeholder rather than the picture (empty, data: URL, blank gif). */
export function isPlaceholderSrc(src: string | null): boolean {
  if (src === null || src.trim() === '') return true;
  return /^data:/iu.test(src.trim()) || /(blank|placeholder|spacer|transparent|lazy|pixel)\.(gif|png|svg)/iu.test(src);
}

/**
 * Puts the real source of lazy images back in `src`/`srcset`, and swaps placeholders for their
 * <noscript> copy. Takes the page's elements (see `listElements`) and returns them as they are after.
 */
export function promoteLazyImages(document: DomDocument, elements: readonly DomElement[]): readonly DomElement[] {
  const body = document.body;
  if (body === null) return elements;
  let inBody = listBodyElements(elements, body);
  let replaced = false;
  for (const noscript of inBody.filter((element) => isNamed(element, 'noscript'))) {
    if (replaceNoscriptImage(document, noscript)) replaced = true;
  }
  if (replaced) inBody = listElements(body);
  for (const image of inBody) if (isNamed(image, 'img') || isNamed(image, 'source')) promoteLazySource(image);
  return replaced ? listElements(document) : elements;
}

// The body's descendants are the run of elements that follows it, up to the first element after it.
function listBodyElements(elements: readonly DomElement[], body: DomElement): readonly DomElement[] {
  const start = elements.indexOf(body);
  let after: DomElement | null = null;
  for (let node: DomElement | null = body; after === null && node !== null; node = node.parentElement) after = node.nextElementSibling;
  const end = after === null ? elements.length : elements.indexOf(after, start + 1);
  return start === -1 || end === -1 ? listElements(body) : elements.slice(start + 1, end);
}

function promoteLazySource(image: DomElement): void {
  if (isPlaceholderSrc(image.getAttribute('src'))) {
    const lazy = LAZY_SRC_ATTRIBUTES.map((name) => image.getAttribute(name)).find((value) => !isPlaceholderSrc(value));
    if (lazy !== undefined && lazy !== null) image.setAttribute('src', lazy);
  }
  if (!image.hasAttribute('srcset')) {
    const lazySet = LAZY_SRCSET_ATTRIBUTES.map((name) => image.getAttribute(name)).find((value) => value !== null && value.trim() !== '');
    if (lazySet !== undefined && lazySet !== null) image.setAttribute('srcset', lazySet);
  }
  // A <picture> with only lazy <source>s leaves the <img> empty: borrow the first candidate.
  if (image.localName === 'img' && isPlaceholderSrc(image.getAttribute('src'))) {
    const candidate = image.getAttribute('srcset')?.trim().split(/\s+/u)[0];
    if (candidate !== undefined && candidate !== '') image.setAttribute('src', candidate.replace(/,$/u, ''));
  }
}

// <noscript><img></noscript> next to a placeholder <img>: the noscript copy is the real one.
// Says whether it replaced anything.
function replaceNoscriptImage(document: DomDocument, noscript: DomElement): boolean {
  // linkedom parses noscript content as markup (a browser with scripts on would see text).
  const real = noscript.querySelector('img');
  if (real === null || isPlaceholderSrc(real.getAttribute('src'))) return false;
  const copy = document.createElement('img');
  for (const name of real.getAttributeNames()) copy.setAttribute(name, real.getAttribute(name) ?? '');
  const placeholder = findPlaceholderNear(noscript);
  if (placeholder === null) {
    noscript.replaceWith(copy);
  } else {
    placeholder.replaceWith(copy);
    noscript.remove();
  }
  return true;
}

function findPlaceholderNear(noscript: DomElement): DomElement | null {
  const previous = noscript.previousElementSibling;
  if (previous?.localName === 'img') return previous;
  const parent = noscript.parentElement;
  const candidates = parent === null ? [] : Array.from(parent.querySelectorAll('img'));
  return candidates.find((image) => isPlaceholderSrc(image.getAttribute('src'))) ?? null;
}
