// A date-time without an offset is read as UTC so that results do not depend on the host's zone.
const LOCAL_DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/u;

// Dates before the web or far in the future are template noise, not publication dates.
const EARLIEST = Date.UTC(1990, 0, 1);
const LATEST_AHEAD_MS = 2 * 24 * 3600 * 1000;

/** Turns a date string from a page (ISO 8601, RFC 2822, Unix seconds) into an ISO 8601 instant, or undefined. */
export function toIsoInstant(value: string | null | undefined, now: number = Date.now()): string | undefined {
  if (value === null || value === undefined) return undefined;
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  let time: number;
  if (/^\d{10}$/u.test(trimmed)) time = Number(trimmed) * 1000;
  else if (/^\d{13}$/u.test(trimmed)) time = Number(trimmed);
  else if (LOCAL_DATE_TIME.test(trimmed)) time = Date.parse(`${trimmed.replace(' ', 'T')}Z`);
  else time = Date.parse(trimmed);
  if (Number.isNaN(time) || time < EARLIEST || time > now + LATEST_AHEAD_MS) return undefined;
  return new Date(time).toISOString();
}
