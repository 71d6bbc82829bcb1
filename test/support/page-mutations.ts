// Ways real pages arrive broken: cut off mid-download, tags lost, nesting left open or closed twice.
// Each mutation takes a page and a seeded random stream and returns the damaged page.

/** A named way of damaging a page. */
export interface PageMutation {
  name: string;
  mutate(html: string, random: () => number): string;
}

const TAG = /<\/?[a-zA-Z][^<>]*>/gu;
const CLOSING_TAG = /<\/[a-zA-Z][^<>]*>/gu;

/** A whole number in [0, below). */
function pick(random: () => number, below: number): number {
  return Math.floor(random() * below);
}

/** Inserts `insert` at `count` random offsets of `html` (in one pass, from the end). */
function insertAtRandom(html: string, count: number, random: () => number, insert: () => string): string {
  const offsets = Array.from({ length: count }, () => pick(random, html.length + 1)).sort((a, b) => b - a);
  let result = html;
  for (const offset of offsets) result = result.slice(0, offset) + insert() + result.slice(offset);
  return result;
}

const OPEN_STRUCTURES = ['<table><tr><td>', '<table><tbody><tr><td><p>', '<ul><li>', '<ol><li><div>', '<dl><dd>', '<select><option>', '<td>', '<tr>', '<li>', '<p><div>'];
const STRAY_WRAPPERS = ['</body>', '</html>', '<html><body>', '</body></html><div>', '<head><title>x</title></head>', '<body>', '<frameset>', '</table>', '</li></ul>'];

/** Truncation, dropped tags and broken nesting, each at a random strength. */
export const pageMutations: readonly PageMutation[] = [
  {
    name: 'truncated',
    // Anywhere, mid-tag and mid-entity included, as a download cut off at a byte cap would be.
    mutate: (html, random) => html.slice(0, pick(random, html.length + 1)),
  },
  {
    name: 'tags dropped',
    mutate: (html, random) => {
      const share = 0.05 + random() * 0.4;
      return html.replace(TAG, (tag) => (random() < share ? '' : tag));
    },
  },
  {
    name: 'closing tags removed or doubled',
    mutate: (html, random) => {
      const share = 0.05 + random() * 0.5;
      return html.replace(CLOSING_TAG, (tag) => {
        if (random() >= share) return tag;
        return random() < 0.5 ? '' : tag.repeat(2 + pick(random, 3));
      });
    },
  },
  {
    name: 'unclosed tables and lists',
    mutate: (html, random) => insertAtRandom(html, 1 + pick(random, 20), random, () => OPEN_STRUCTURES[pick(random, OPEN_STRUCTURES.length)]!),
  },
  {
    name: 'stray html, head and body tags',
    mutate: (html, random) => insertAtRandom(html, 1 + pick(random, 6), random, () => STRAY_WRAPPERS[pick(random, STRAY_WRAPPERS.length)]!),
  },
  {
    name: 'deep nesting left open',
    // Around the extractor's nesting limit (256 levels), on both sides of it.
    mutate: (html, random) => insertAtRandom(html, 1, random, () => '<div>'.repeat(100 + pick(random, 300))),
  },
];
