// Retry-After (RFC 9110 §10.2.3) is either a number of seconds or an HTTP date.

/** Milliseconds a Retry-After header asks to wait from `nowMs`; undefined when absent or unreadable. */
export function parseRetryAfter(header: string | undefined, nowMs: number): number | undefined {
  const value = header?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  // All three HTTP date formats start with a day name; this keeps "-5" from parsing as a year.
  if (!/^[A-Za-z]/.test(value)) return undefined;
  const dateMs = Date.parse(value);
  if (Number.isNaN(dateMs)) return undefined;
  return Math.max(0, dateMs - nowMs);
}
