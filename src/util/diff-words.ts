// A word-level diff of two texts (two revisions of a story), for a person to read: the longest
// common subsequence of their words, after the common start and end are set aside, so an article
// with one sentence changed costs little more than that sentence.

/** One run of a diff: words both texts have, or words only the later (`added`) or earlier (`removed`) one has. */
export interface DiffPart {
  kind: 'same' | 'added' | 'removed';
  /** The words of the run with the whitespace that followed each (in the later text, for a run both share). */
  text: string;
}

// Beyond this many cells, the middle is shown as removed then added rather than compared word by word.
const MAX_CELLS = 4_000_000;

/** The word-level differences between an earlier and a later text, as runs in reading order. */
export function diffWords(before: string, after: string): DiffPart[] {
  const a = splitWords(before);
  const b = splitWords(after);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start += 1;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA -= 1;
    endB -= 1;
  }
  const parts: DiffPart[] = [];
  push(parts, 'same', a.slice(0, start));
  for (const [kind, words] of diffMiddle(a.slice(start, endA), b.slice(start, endB))) push(parts, kind, words);
  push(parts, 'same', a.slice(endA));
  return parts;
}

// Words keep the whitespace after them, so that joining the same and added runs gives the later text back.
function splitWords(text: string): string[] {
  return text.match(/\S+\s*|\s+/g) ?? [];
}

function diffMiddle(a: readonly string[], b: readonly string[]): Array<[DiffPart['kind'], string[]]> {
  if (a.length === 0 || b.length === 0 || a.length * b.length > MAX_CELLS) return [['removed', [...a]], ['added', [...b]]];
  // lengths[i][j]: the longest common subsequence of a[i..] and b[j..], compared without trailing whitespace.
  const key = (word: string) => word.trimEnd();
  const width = b.length + 1;
  const lengths = new Uint32Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i -= 1) {
    for (let j = b.length - 1; j >= 0; j -= 1) {
      lengths[i * width + j] =
        key(a[i]!) === key(b[j]!) ? lengths[(i + 1) * width + j + 1]! + 1 : Math.max(lengths[(i + 1) * width + j]!, lengths[i * width + j + 1]!);
    }
  }
  const runs: Array<[DiffPart['kind'], string[]]> = [];
  const add = (kind: DiffPart['kind'], word: string) => {
    const last = runs.at(-1);
    if (last && last[0] === kind) last[1].push(word);
    else runs.push([kind, [word]]);
  };
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (key(a[i]!) === key(b[j]!)) {
      add('same', b[j]!);
      i += 1;
      j += 1;
    } else if (lengths[(i + 1) * width + j]! >= lengths[i * width + j + 1]!) add('removed', a[i++]!);
    else add('added', b[j++]!);
  }
  while (i < a.length) add('removed', a[i++]!);
  while (j < b.length) add('added', b[j++]!);
  return runs;
}

function push(parts: DiffPart[], kind: DiffPart['kind'], words: readonly string[]): void {
  if (words.length === 0) return;
  const last = parts.at(-1);
  if (last && last.kind === kind) last.text += words.join('');
  else parts.push({ kind, text: words.join('') });
}
