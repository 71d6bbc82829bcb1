// The pieces a date parser reads, and their checked conversion to an instant.

/** A calendar date and wall-clock time with its offset from UTC in minutes (east positive). */
export interface DateParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  offset: number;
}

/** Reads a `Z`, `±hh:mm` or `±hhmm` designator as minutes east of UTC; undefined when malformed. */
export function readOffset(designator: string | undefined): number | undefined {
  if (!designator || /^z$/i.test(designator)) return 0;
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(designator);
  if (!m) return undefined;
  const [hours, minutes] = [Number(m[2]), Number(m[3])];
  if (hours > 23 || minutes > 59) return undefined;
  return (m[1] === '-' ? -1 : 1) * (hours * 60 + minutes);
}

/** Checks the parts name a real date and time, then returns the instant as ISO 8601 (UTC) or undefined. */
export function toInstant(parts: DateParts): string | undefined {
  const { year, month, day, hour, minute, second, offset } = parts;
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 60) return undefined;
  const date = new Date(Date.UTC(2000, month - 1, day, hour, minute, Math.min(second, 59)));
  // Date.UTC maps years 0–99 to 1900–1999; setting the year afterwards keeps it literal.
  date.setUTCFullYear(year);
  if (date.getUTCDate() !== day) return undefined;
  const instant = date.getTime() - offset * 60_000;
  return Number.isFinite(instant) ? new Date(instant).toISOString() : undefined;
}
