// When a published story is checked again at its source: thinning out after publication, as a
// story is corrected most in its first hours (campaigns[].recheck_after_hours).

const HOUR_MS = 60 * 60_000;

/** When a story published at `publishedAt` is next checked after `now`: the first of `hours` after publication still ahead, or null. */
export function nextRecheckAt(publishedAt: string, now: Date, hours: readonly number[]): string | null {
  const published = new Date(publishedAt).getTime();
  if (Number.isNaN(published)) return null;
  const due = hours
    .map((hour) => published + hour * HOUR_MS)
    .filter((at) => at > now.getTime())
    .sort((a, b) => a - b)[0];
  return due === undefined ? null : new Date(due).toISOString();
}

