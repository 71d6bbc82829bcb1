// sacrebleu is Python: its `str.split()` and `str.strip()` cut at every character Python's
// `str.isspace()` accepts, which is not JavaScript's `\s` (Python adds U+001C–U+001F and U+0085,
// JavaScript adds U+FEFF). Scores only match sacrebleu's when whitespace is the same set.

const PYTHON_WHITESPACE = '\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const RUNS = new RegExp(`[${PYTHON_WHITESPACE}]+`, 'gu');
const TRAILING = new RegExp(`[${PYTHON_WHITESPACE}]+$`, 'u');

/** Splits a string into words exactly as Python's `str.split()` with no argument does. */
export function splitPythonWords(text: string): string[] {
  return text.split(RUNS).filter((word) => word !== '');
}

/** Removes trailing whitespace as Python's `str.rstrip()` does. */
export function trimPythonEnd(text: string): string {
  return text.replace(TRAILING, '');
}

/** Removes every whitespace character, as `''.join(text.split())` does in Python. */
export function removePythonWhitespace(text: string): string {
  return text.replace(RUNS, '');
}
