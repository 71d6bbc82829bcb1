// Feed dates → ISO 8601 instants. Feeds use RFC 822 (RSS), W3C-DTF / RFC 3339 (Atom, Dublin
// Core, JSON Feed) and, in the wild, much else; the cases are those of the Universal Feed
// Parser's date tests. Date.parse is not used: it is lenient and engine-specific.
import { readOffset, toInstant, type DateParts } from './date-parts.js';
import { parseRfc822Date } from './parse-date-rfc822.js';

const KOREA_OFFSET = 9 * 60;

const HUNGARIAN_MONTHS = [
  'január', 'február', 'március', 'április', 'május', 'június',
  'július', 'augusztus', 'szeptember', 'október', 'november', 'december',
];

// ISO 8601 extended and basic formats, with a `T` or a space between date and time (RFC 3339 §5.6
// allows the space). A three-digit month with a leading zero (`2003-012-31`) is an old
// ISO 8601:1988 form some generators still emit.
const ISO_EXTENDED =
  /^(\d{4})(?:-0?(\d{2})(?:-(\d{2}))?)?(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$/i;
const ISO_BASIC = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})?(?:[.,]\d+)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

function parseIsoDate(text: string): DateParts | undefined {
  const m = ISO_EXTENDED.exec(text) ?? ISO_BASIC.exec(text);
  if (!m) return undefined;
  const offset = readOffset(m[7]);
  if (offset === undefined) return undefined;
  return {
    year: Number(m[1]), month: Number(m[2] ?? 1), day: Number(m[3] ?? 1),
    hour: Number(m[4] ?? 0), minute: Number(m[5] ?? 0), second: Number(m[6] ?? 0), offset,
  };
}

// Truncated representations of ISO 8601:1988 (two-digit years in the current century), dropped
// from later editions but found in old feeds: YYMMDD, YY-MM-DD, -YYMM, -YY-MM, YYYY-DDD.
function parseTruncatedIsoDate(text: string): DateParts | undefined {
  const day0 = { hour: 0, minute: 0, second: 0, offset: 0 };
  let m = /^(\d{2})-?(\d{2})-?(\d{2})$/.exec(text);
  if (m) return { year: 2000 + Number(m[1]), month: Number(m[2]), day: Number(m[3]), ...day0 };
  m = /^-(\d{2})-?(\d{2})$/.exec(text);
  if (m) return { year: 2000 + Number(m[1]), month: Number(m[2]), day: 1, ...day0 };
  m = /^(\d{4})-(\d{3})$/.exec(text);
  if (!m) return undefined;
  const ordinal = Number(m[2]);
  const date = new Date(Date.UTC(Number(m[1]), 0, ordinal));
  if (ordinal < 1 || date.getUTCFullYear() !== Number(m[1])) return undefined;
  return { year: Number(m[1]), month: date.getUTCMonth() + 1, day: date.getUTCDate(), ...day0 };
}

// Hungarian blogs: `2004-július-13T9:15-05:00`.
function parseHungarianDate(text: string): DateParts | undefined {
  const m = /^(\d{4})-(\p{L}+)-(\d{1,2})T(\d{1,2}):(\d{2})(Z|[+-]\d{2}:?\d{2})?$/u.exec(text);
  const month = m ? HUNGARIAN_MONTHS.indexOf((m[2] ?? '').toLowerCase()) + 1 : 0;
  const offset = readOffset(m?.[6]);
  if (!m || month === 0 || offset === undefined) return undefined;
  return { year: Number(m[1]), month, day: Number(m[3]), hour: Number(m[4]), minute: Number(m[5]), second: 0, offset };
}

// Korean portals, in Korea Standard Time: Nate `2004-05-25 오후 11:23:17` (오전 a.m., 오후 p.m.)
// and OnBlog `2004년 05월 28일  01:31:15`.
function parseKoreanDate(text: string): DateParts | undefined {
  const nate = /^(\d{4})-(\d{2})-(\d{2})\s+(오전|오후)\s+(\d{1,2}):(\d{2}):(\d{2})$/u.exec(text);
  if (nate) {
    const hour = (Number(nate[5]) % 12) + (nate[4] === '오후' ? 12 : 0);
    return { year: Number(nate[1]), month: Number(nate[2]), day: Number(nate[3]), hour,
      minute: Number(nate[6]), second: Number(nate[7]), offset: KOREA_OFFSET };
  }
  const onblog = /^(\d{4})년\s*(\d{1,2})월\s*(\d{1,2})일\s+(\d{1,2}):(\d{2}):(\d{2})$/u.exec(text);
  if (!onblog) return undefined;
  return { year: Number(onblog[1]), month: Number(onblog[2]), day: Number(onblog[3]), hour: Number(onblog[4]),
    minute: Number(onblog[5]), second: Number(onblog[6]), offset: KOREA_OFFSET };
}

const PARSERS: ReadonlyArray<(text: string) => DateParts | undefined> = [
  parseIsoDate,
  parseRfc822Date,
  parseTruncatedIsoDate,
  parseHungarianDate,
  parseKoreanDate,
];

/** Parses a feed date in any of the formats feeds use; returns an ISO 8601 instant (UTC) or undefined. */
export function parseFeedDate(text: string | undefined): string | undefined {
  const trimmed = text?.trim();
  if (!trimmed || trimmed.length > 100) return undefined;
  for (const parse of PARSERS) {
    const parts = parse(trimmed);
    if (!parts) continue;
    const instant = toInstant(parts);
    if (instant) return instant;
  }
  return undefined;
}
