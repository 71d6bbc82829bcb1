// Flags of the bench scripts: `--name value` pairs and bare `--switch`es, nothing more.

/** Parsed command-line flags. */
export interface BenchArgs {
  /** The value after `--name`, or undefined. */
  read(name: string): string | undefined;
  /** The value after `--name` as a positive integer, or `fallback`; a bad value stops the script. */
  readCount(name: string, fallback: number): number;
  has(name: string): boolean;
}

/** Reads `--name value` flags from argv (without node and the script). */
export function parseBenchArgs(argv: readonly string[]): BenchArgs {
  const read = (name: string): string | undefined => {
    const at = argv.indexOf(`--${name}`);
    const value = at === -1 ? undefined : argv[at + 1];
    return value === undefined || value.startsWith('--') ? undefined : value;
  };
  return {
    read,
    readCount(name, fallback) {
      const value = read(name);
      if (value === undefined) return fallback;
      const count = Number(value);
      if (!Number.isInteger(count) || count < 1) throw new Error(`--${name} ${value}: expected a positive whole number`);
      return count;
    },
    has: (name) => argv.includes(`--${name}`),
  };
}

/** The median of a non-empty list. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Words of a text, counted as whitespace-separated runs (the unit of the words/s figures). */
export function countWords(text: string): number {
  return text.split(/\s+/u).filter((word) => word !== '').length;
}
