import type { LanguagePair, MemoryMatch, TranslationEngine, TranslationMemory } from '../../src/domain/types.js';
import { seededRandom } from './seeded-random.js';

// Test doubles of the domain's TranslationEngine and TranslationMemory interfaces for the
// markup-survival test and bench: an identity engine, an engine that mistreats placeholders
// the way real engines do, and a wrapper that records what an engine was sent.

interface Token {
  kind: 'open' | 'close' | 'atom' | 'text';
  id: number;
  raw: string;
}

/** Names of the ways the scrambling engine mistreats placeholders. */
export const SCRAMBLES = [
  'move', 'drop-close', 'drop-open', 'drop-pair', 'drop-atom', 'duplicate', 'garble', 'cross', 'empty',
  'unknown', 'close-first',
] as const;
type Scramble = (typeof SCRAMBLES)[number];

const PLACEHOLDER = /<(\/?)x(\d+)(\/?)>|\[(\/?)(\d+)\]/g;

/** An engine that gives every segment back unchanged. */
export function createIdentityEngine(options: { acceptsMarkup: boolean; maxBatch?: number }): TranslationEngine {
  return {
    id: `identity-${options.acceptsMarkup ? 'markup' : 'token'}`,
    capabilities: { acceptsMarkup: options.acceptsMarkup, maxBatch: options.maxBatch ?? 16 },
    async translate(segments) {
      return [...segments];
    },
    async check() {
      return null;
    },
    async close() {},
  };
}

/**
 * An engine that upper-cases words and, chosen by a hash of each segment (so runs repeat),
 * moves, loses, duplicates, garbles, misnests or empties placeholders, or invents one.
 * `applied` counts the scrambles it made, by name.
 */
export function createScramblingEngine(): TranslationEngine & { applied: Map<Scramble, number> } {
  const applied = new Map<Scramble, number>();
  return {
    id: 'scrambling',
    capabilities: { acceptsMarkup: true, maxBatch: 16 },
    applied,
    async translate(segments) {
      return segments.map((segment) => scrambleSegment(segment, applied));
    },
    async check() {
      return null;
    },
    async close() {},
  };
}

/** Wraps an engine so that every string sent to it is recorded. */
export function createRecordingEngine(inner: TranslationEngine): { engine: TranslationEngine; sent: string[] } {
  const sent: string[] = [];
  const engine: TranslationEngine = {
    id: inner.id,
    get capabilities() {
      return inner.capabilities;
    },
    async translate(segments: readonly string[], pair: LanguagePair) {
      sent.push(...segments);
      return inner.translate(segments, pair);
    },
    check: (pair) => inner.check(pair),
    close: () => inner.close(),
  };
  return { engine, sent };
}

/** A Map-backed translation memory. */
export function createMapMemory(): TranslationMemory {
  const entries = new Map<string, string>();
  const keyOf = (engine: string, pair: LanguagePair, segment: string): string => `${engine}|${pair.from}|${pair.to}|${segment}`;
  return {
    async lookup(engine, pair, segments) {
      const found = new Map<string, MemoryMatch>();
      for (const segment of segments) {
        const target = entries.get(keyOf(engine, pair, segment));
        if (target !== undefined) found.set(segment, { target, origin: 'machine' });
      }
      return found;
    },
    async remember(engine, pair, translations) {
      for (const [source, target] of translations) entries.set(keyOf(engine, pair, source), target);
    },
  };
}

function scrambleSegment(segment: string, applied: Map<Scramble, number>): string {
  const random = seededRandom(hashText(segment));
  let tokens = tokenize(segment).map((token) => (token.kind === 'text' ? { ...token, raw: token.raw.toUpperCase() } : token));
  const count = Math.floor(random() * 3); // 0, 1 or 2 scrambles
  for (let i = 0; i < count; i += 1) {
    const name = SCRAMBLES[Math.floor(random() * SCRAMBLES.length)] as Scramble;
    const next = applyScramble(name, tokens, random);
    if (next === tokens) continue;
    tokens = next;
    applied.set(name, (applied.get(name) ?? 0) + 1);
  }
  return tokens.map((token) => token.raw).join('');
}

// Returns the same array when the scramble does not apply to this segment.
function applyScramble(name: Scramble, tokens: Token[], random: () => number): Token[] {
  const wraps = [...new Set(tokens.filter((t) => t.kind === 'open').map((t) => t.id))];
  const atoms = tokens.filter((t) => t.kind === 'atom');
  const pick = <T>(items: readonly T[]): T | undefined => items[Math.floor(random() * items.length)];
  const wrap = pick(wraps);
  if (name === 'unknown') return [...tokens, { kind: 'atom', id: 99, raw: ' <x99/>' }];
  if (name === 'garble') return tokens.map(garbleToken);
  if (name === 'drop-atom') {
    const atom = pick(atoms);
    return atom ? tokens.filter((t) => t !== atom) : tokens;
  }
  if (wrap === undefined) return tokens;
  const open = tokens.findIndex((t) => t.kind === 'open' && t.id === wrap);
  const close = tokens.findIndex((t) => t.kind === 'close' && t.id === wrap);
  if (open < 0 || close < open) return tokens;
  const span = tokens.slice(open, close + 1);
  const without = [...tokens.slice(0, open), ...tokens.slice(close + 1)];
  switch (name) {
    case 'move':
      return [...span, { kind: 'text', id: 0, raw: ' ' }, ...without];
    case 'drop-close':
      return tokens.filter((_, i) => i !== close);
    case 'drop-open':
      return tokens.filter((_, i) => i !== open);
    case 'drop-pair':
      return tokens.filter((_, i) => i !== open && i !== close);
    case 'duplicate':
      return [...tokens.slice(0, close + 1), { kind: 'text', id: 0, raw: ' ' }, ...span, ...tokens.slice(close + 1)];
    case 'empty':
      return [...tokens.slice(0, open), tokens[open] as Token, tokens[close] as Token, ...tokens.slice(open + 1, close), ...tokens.slice(close + 1)];
    case 'close-first':
      return [...tokens.slice(0, open), tokens[close] as Token, ...tokens.slice(open + 1, close), tokens[open] as Token, ...tokens.slice(close + 1)];
    default:
      return crossWithNext(tokens, close);
  }
}

// `<x1>a <x2>b</x2></x1>` → `<x1>a <x2>b</x1></x2>`: the closing tags of two elements swapped.
function crossWithNext(tokens: Token[], close: number): Token[] {
  const other = tokens.findIndex((t, i) => i > close && t.kind === 'close');
  const before = tokens.slice(0, close).findLastIndex((t) => t.kind === 'close');
  const swap = other >= 0 ? other : before;
  if (swap < 0) return tokens;
  const next = [...tokens];
  [next[close], next[swap]] = [tokens[swap] as Token, tokens[close] as Token];
  return next;
}

function garbleToken(token: Token): Token {
  if (token.kind === 'open') return { ...token, raw: `< X${token.id} >` };
  if (token.kind === 'close') return { ...token, raw: `[/${token.id}]` };
  if (token.kind === 'atom') return { ...token, raw: `<x${token.id} />` };
  return token;
}

function tokenize(segment: string): Token[] {
  const tokens: Token[] = [];
  let last = 0;
  for (const match of segment.matchAll(PLACEHOLDER)) {
    if (match.index > last) tokens.push({ kind: 'text', id: 0, raw: segment.slice(last, match.index) });
    const isClose = Boolean(match[1] || match[4]);
    const isAtom = Boolean(match[3]);
    tokens.push({ kind: isClose ? 'close' : isAtom ? 'atom' : 'open', id: Number(match[2] ?? match[5]), raw: match[0] });
    last = match.index + match[0].length;
  }
  if (last < segment.length) tokens.push({ kind: 'text', id: 0, raw: segment.slice(last) });
  return tokens;
}

function hashText(text: string): number {
  let hash = 2166136261;
  for (let i = 0; i < text.length; i += 1) hash = Math.imul(hash ^ text.charCodeAt(i), 16777619);
  return hash >>> 0;
}

