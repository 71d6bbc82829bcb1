// Campaign terms an engine must not change: protected terms come back as they are, glossary
// terms come back in their target form, names of people come back unchanged. Each becomes an
// atom placeholder before the engine sees the text, so the translation memory's key is the
// segment with its placeholders: what a placeholder stands for is filled in at restore time,
// and a glossary change never returns a stale translation.

/** What a campaign asks to protect. */
export interface ProtectionOptions {
  /** Terms kept exactly as they are ("CNN", "Kremlin"). */
  protectedTerms?: readonly string[];
  /** Terms always given this target form ("White House" → "Maison-Blanche"). */
  glossary?: Readonly<Record<string, string>>;
  /** Names of people, kept unchanged (see `findPersonNames`). */
  personNames?: readonly string[];
}

/** Compiled protection: one pattern for every term, longest first, and each match's output form. */
export interface Protection {
  readonly pattern: RegExp | null;
  /** Output form by matched text (whitespace collapsed); a term absent here comes back as it is. */
  readonly targets: ReadonlyMap<string, string>;
}

/** A piece of text that the engine must not see, with what comes back in its place. */
export interface ProtectedMatch {
  start: number;
  end: number;
  /** The text that replaces it after translation. */
  output: string;
}

const NO_PROTECTION: Protection = { pattern: null, targets: new Map() };
// A term is a whole word sequence: no letter, digit, underscore, @ or # touching either end.
const BEFORE = String.raw`(?<![\p{L}\p{N}_@#])`;
const AFTER = String.raw`(?![\p{L}\p{N}_])`;

/** Compiles a campaign's protected terms, glossary and names into one matcher. */
export function compileProtection(options: ProtectionOptions): Protection {
  const targets = new Map<string, string>();
  // Names first, then protected terms, then the glossary: a later entry wins for the same text.
  const explicit = [...(options.protectedTerms ?? []), ...Object.keys(options.glossary ?? {})];
  for (const name of options.personNames ?? []) {
    if (!explicit.some((term) => containsWord(name, term))) addTerm(targets, name, name);
  }
  for (const term of options.protectedTerms ?? []) addTerm(targets, term, term);
  for (const [term, target] of Object.entries(options.glossary ?? {})) addTerm(targets, term, target);
  if (targets.size === 0) return NO_PROTECTION;
  // Longest first: "White House press office" wins over "White House".
  const alternatives = [...targets.keys()]
    .sort((a, b) => b.length - a.length || a.localeCompare(b))
    .map((term) => term.split(' ').map(escapeRegExp).join(String.raw`\s+`));
  return { pattern: new RegExp(`${BEFORE}(?:${alternatives.join('|')})${AFTER}`, 'gu'), targets };
}

/** Finds the protected terms in a piece of text, in order, never overlapping. */
export function findProtectedTerms(text: string, protection: Protection): ProtectedMatch[] {
  if (!protection.pattern) return [];
  const matches: ProtectedMatch[] = [];
  for (const match of text.matchAll(protection.pattern)) {
    const key = match[0].replace(/\s+/gu, ' ');
    matches.push({ start: match.index, end: match.index + match[0].length, output: protection.targets.get(key) ?? match[0] });
  }
  return matches;
}

// Case-aware: a term written in lower case also matches at the start of a sentence, and its
// target is capitalized there; a capitalized term ("White House") never matches "white house".
function addTerm(targets: Map<string, string>, term: string, target: string): void {
  const key = term.trim().replace(/\s+/gu, ' ');
  if (key.length === 0) return;
  targets.set(key, target);
  const capitalized = capitalize(key);
  if (capitalized !== key) targets.set(capitalized, capitalize(target));
}

function capitalize(text: string): string {
  return text.charAt(0).toLocaleUpperCase() + text.slice(1);
}

function containsWord(text: string, term: string): boolean {
  return new RegExp(`${BEFORE}${escapeRegExp(term.trim())}${AFTER}`, 'u').test(text);
}

function escapeRegExp(text: string): string {
  // Only syntax characters: the 'u' flag rejects any other escape.
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
