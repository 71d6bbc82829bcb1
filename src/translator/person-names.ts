// Names of people, found in an English news text by three cues that news style gives:
//   1. a title before the name: "Russian President Vladimir Putin", "Chinese leader Xi Jinping";
//   2. a full name whose surname is used again on its own: "Vladimir Putin … Putin said";
//   3. the byline: "By Jane Smith and John Doe, CNN".
// Limits, knowingly accepted: a name never introduced by a title, a byline or a repeated
// surname is not found ("Xi Jinping" once, with no title, goes to the engine); particles
// ("de", "van", "bin") end a name; a person's name that is also a place or a common word
// ("Jordan", "Will") is protected everywhere in that article once found; names are matched
// case-sensitively, so all-caps headlines are not covered. Exonyms are a glossary's job:
// a campaign that wants "Poutine" maps "Putin" → "Poutine", and the glossary wins.

const NAME_WORD = String.raw`\p{Lu}(?:['’]\p{Lu})?\p{Ll}+(?:\p{Lu}\p{Ll}+)?(?:-\p{Lu}\p{Ll}+)*`;
const INITIAL = String.raw`\p{Lu}\.`;
// A run of capitalized words (initials allowed inside): the candidates.
const CAPITALIZED_RUN = new RegExp(`${NAME_WORD}(?:[ \\u00A0]+(?:${INITIAL}[ \\u00A0]+)?${NAME_WORD})*`, 'gu');

// Titles written before a name, capitalized or not ("President Putin", "leader Xi").
const TITLES = new Set([
  'president', 'vice', 'prime', 'minister', 'chancellor', 'senator', 'sen', 'rep', 'representative', 'governor',
  'gov', 'mayor', 'secretary', 'general', 'gen', 'judge', 'justice', 'ambassador', 'leader', 'king', 'queen',
  'prince', 'princess', 'pope', 'sheikh', 'mr', 'mrs', 'ms', 'dr', 'sir', 'lady', 'lord', 'speaker', 'chairman',
  'chairwoman', 'chair', 'director', 'ceo', 'founder', 'spokesman', 'spokeswoman', 'spokesperson', 'premier',
  'commissioner', 'chief', 'captain', 'colonel', 'coach', 'professor', 'prof', 'dictator', 'counterpart',
  'candidate', 'nominee', 'envoy', 'actor', 'actress', 'singer', 'author', 'lawyer', 'attorney', 'officer',
]);
// Capitalized words that start a run without being part of a name (sentence starts, adjectives).
const LEADING_NON_NAMES = new Set([
  'The', 'A', 'An', 'This', 'That', 'These', 'Those', 'In', 'On', 'At', 'For', 'But', 'And', 'Or', 'If', 'When',
  'While', 'After', 'Before', 'As', 'By', 'From', 'With', 'Without', 'Meanwhile', 'However', 'Still', 'Yet', 'So',
  'Then', 'Now', 'Today', 'Yesterday', 'Tomorrow', 'Former', 'Then-President', 'Both', 'Neither', 'His', 'Her',
  'Their', 'Our', 'It', 'He', 'She', 'They', 'We', 'I', 'You', 'Last', 'Next', 'Earlier', 'Later', 'Since',
  'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday', 'January', 'February', 'March',
  'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December',
]);
// Words that make a capitalized run an institution or a place, not a person.
const NON_NAME_WORDS = new Set([
  'House', 'Court', 'States', 'State', 'Nations', 'Union', 'Party', 'Department', 'Ministry', 'Council',
  'Street', 'River', 'City', 'County', 'University', 'Company', 'Bank', 'Times', 'News', 'Post', 'Committee',
  'Office', 'Service', 'Agency', 'Republic', 'Kingdom', 'Force', 'Army', 'Navy', 'Day', 'Week', 'Year', 'Cup',
  'League', 'Games', 'Square', 'Hall', 'Center', 'Centre', 'Park', 'Bridge', 'Island', 'Islands', 'Sea',
  'Ocean', 'Coast', 'Airport', 'Station', 'Church', 'Hospital', 'School', 'College', 'Institute', 'Foundation',
  'Association', 'Group', 'Inc', 'Corp', 'Senate', 'Congress', 'Parliament', 'Assembly', 'Government',
  'Administration', 'Police', 'Guard', 'Security', 'Bureau', 'Federal', 'National', 'United', 'New', 'North',
  'South', 'East', 'West', 'Northern', 'Southern', 'Eastern', 'Western', 'Supreme', 'White', 'Red', 'Black',
  'Middle', 'Central', 'America', 'Europe', 'Africa', 'Asia', 'Avenue',
  'Television', 'Network', 'Media', 'Press', 'Reuters', 'Associated', 'International', 'Global', 'World', 'War',
  'Prize', 'Award', 'Festival', 'Museum', 'Gallery', 'Theater', 'Theatre', 'Stadium', 'Club', 'Team',
]);

interface Candidate {
  words: string[];
  /** The word before the run, when it is a title or could be one. */
  previous: string;
  isSentenceStart: boolean;
}

/** Finds names of people in English text (and a byline) by the cues above; full names and their words. */
export function findPersonNames(text: string, byline = ''): string[] {
  const names = new Set<string>();
  const candidates = collectCandidates(text);
  for (const candidate of candidates) {
    const name = nameAfterTitle(candidate) ?? nameWithEchoedSurname(candidate, text);
    if (name) names.add(name);
  }
  for (const name of namesInByline(byline)) names.add(name);
  return expandToWords([...names]);
}

function collectCandidates(text: string): Candidate[] {
  const candidates: Candidate[] = [];
  for (const match of text.matchAll(CAPITALIZED_RUN)) {
    candidates.push({
      words: match[0].split(/[ \u00A0]+/u),
      previous: readWordBefore(text, match.index).replace(/\.$/u, ''),
      isSentenceStart: isSentenceStartAt(text, match.index),
    });
  }
  return candidates;
}

// The context before a candidate is read backwards from it: a `$`-anchored pattern over the whole
// text before each candidate made name finding quadratic in the article's length.

// The run of letters and dots just before `index`, spaces and no-break spaces skipped.
function readWordBefore(text: string, index: number): string {
  let end = index;
  while (end > 0 && (text[end - 1] === ' ' || text[end - 1] === '\u00A0')) end -= 1;
  let start = end;
  while (start > 0) {
    const isPair = start > 1 && /[\uDC00-\uDFFF]/u.test(text[start - 1]!) && /[\uD800-\uDBFF]/u.test(text[start - 2]!);
    const char = text.slice(isPair ? start - 2 : start - 1, start);
    if (!/^[\p{L}.]$/u.test(char)) break;
    start -= char.length;
  }
  return text.slice(start, end);
}

// At the text's start, after sentence punctuation, or after a line break (whitespace between allowed).
function isSentenceStartAt(text: string, index: number): boolean {
  if (index === 0) return true;
  let last = index;
  while (last > 0 && /\s/u.test(text[last - 1]!)) last -= 1;
  if (text.slice(last, index).includes('\n')) return true;
  return last > 0 && '.!?:"“”«»'.includes(text[last - 1]!);
}

// "Russian President Vladimir Putin" → the words after the last title; "leader Xi Jinping" → all of them.
function nameAfterTitle(candidate: Candidate): string | undefined {
  const { words } = candidate;
  const lastTitle = findLastIndex(words, (word) => TITLES.has(word.toLowerCase().replace(/\.$/u, '')));
  const hasTitleBefore = TITLES.has(candidate.previous.toLowerCase());
  if (lastTitle < 0 && !hasTitleBefore) return undefined;
  const rest = words.slice(lastTitle + 1).slice(0, 3);
  return isPlausibleName(rest) ? rest.join(' ') : undefined;
}

// "Vladimir Putin … Putin said": a two- or three-word run whose last word stands alone elsewhere.
function nameWithEchoedSurname(candidate: Candidate, text: string): string | undefined {
  let words = candidate.words;
  while (words.length > 0 && !isPlausibleName(words.slice(0, 1))) words = words.slice(1);
  // A sentence's first word is capitalized anyway: one the text also writes in lower case is a common word.
  const first = words[0] ?? '';
  if (candidate.isSentenceStart && words.length === candidate.words.length && isWrittenLowercase(first, text)) words = words.slice(1);
  const nameWords = words.filter((word) => !isInitial(word));
  if (nameWords.length < 2 || nameWords.length > 3 || !isPlausibleName(words)) return undefined;
  const surname = words[words.length - 1] ?? '';
  const alone = new RegExp(`(?<!\\p{Lu}[\\p{Ll}.]*[ \\u00A0])${surname}(?![\\p{L}])`, 'gu');
  return [...text.matchAll(alone)].length > 0 ? words.join(' ') : undefined;
}

function isWrittenLowercase(word: string, text: string): boolean {
  return new RegExp(`(?<![\\p{L}])${word.toLowerCase()}(?![\\p{L}])`, 'u').test(text);
}

function isInitial(word: string): boolean {
  return /^\p{Lu}\.$/u.test(word);
}

function namesInByline(byline: string): string[] {
  const cleaned = byline.replace(/^\s*(?:by|par)\s+/iu, '');
  return cleaned
    .split(/\s*(?:,|\band\b|&|\|)\s*/u)
    .map((part) => part.trim().split(/\s+/u))
    .filter((words) => words.length >= 2 && words.length <= 3 && words.every((word) => new RegExp(`^${NAME_WORD}$`, 'u').test(word)))
    .filter(isPlausibleName)
    .map((words) => words.join(' '));
}

function isPlausibleName(words: readonly string[]): boolean {
  return words.length > 0 && words.every((word) => !NON_NAME_WORDS.has(word) && !LEADING_NON_NAMES.has(word) && !TITLES.has(word.toLowerCase()));
}

// Each word of a full name is protected on its own too ("Putin said", "Xi said").
function expandToWords(names: readonly string[]): string[] {
  const all = new Set(names);
  for (const name of names) for (const word of name.split(' ')) if (word.length >= 2 && !isInitial(word)) all.add(word);
  return [...all];
}

function findLastIndex<T>(items: readonly T[], predicate: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i -= 1) if (predicate(items[i] as T)) return i;
  return -1;
}
