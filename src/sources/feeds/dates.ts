import { DateTime } from 'luxon';

/**
 * Feed dates: RFC 822 (RSS, with two-digit years, named zones and the odd local month name),
 * ISO 8601 / W3C-DTF (Atom, Dublin Core, JSON Feed). A date without a zone is read as UTC and
 * said to be zoneless, so the result never depends on the machine's time zone.
 */

export interface FeedDate {
  date: Date;
  /** False when the text named no zone and UTC was assumed. */
  zoned: boolean;
}

const ZONES: Record<string, number> = {
  UT: 0, UTC: 0, GMT: 0, Z: 0, WET: 0,
  EST: -300, EDT: -240, CST: -360, CDT: -300, MST: -420, MDT: -360, PST: -480, PDT: -420,
  AKST: -540, AKDT: -480, HST: -600,
  CET: 60, CEST: 120, MET: 60, MEST: 120, EET: 120, EEST: 180, WEST: 60, BRT: -180,
  JST: 540, KST: 540, HKT: 480, SGT: 480, AEST: 600, AEDT: 660, ACST: 570, AWST: 480, NZST: 720, NZDT: 780,
};

// English, then the abbreviations Portuguese, Spanish, French and German feeds use.
const MONTHS: Record<string, number> = {};
[
  ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'],
  ['jan', 'fev', 'mar', 'abr', 'mai', 'jun', 'jul', 'ago', 'set', 'out', 'nov', 'dez'],
  ['ene', 'feb', 'mar', 'abr', 'may', 'jun', 'jul', 'ago', 'sep', 'oct', 'nov', 'dic'],
  ['janv', 'févr', 'mars', 'avr', 'mai', 'juin', 'juil', 'août', 'sept', 'oct', 'nov', 'déc'],
  ['jan', 'feb', 'mär', 'apr', 'mai', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov', 'dez'],
].forEach((names) => names.forEach((name, i) => (MONTHS[name] ??= i + 1)));
MONTHS.sept = 9;
MONTHS.june = 6;
MONTHS.july = 7;

function monthNumber(word: string): number | undefined {
  const w = word.toLowerCase().replace(/\.$/, '');
  return MONTHS[w] ?? MONTHS[w.slice(0, 4)] ?? MONTHS[w.slice(0, 3)];
}

function zoneOffset(zone: string | undefined): number | undefined {
  if (!zone) return undefined;
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
  if (m) return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
  return ZONES[zone.toUpperCase()];
}

const RFC822 =
  /^(?:[\p{L}]+\.?,?\s+)?(\d{1,2})[\s-]+([\p{L}]+\.?)[\s-]+(\d{2}|\d{4})(?:[\sT]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*([+-]\d{2}:?\d{2}|[A-Za-z]{1,5})?(?:\s*\([^)]*\))?$/u;

function fromRfc822(text: string): FeedDate | undefined {
  const m = RFC822.exec(text);
  if (!m) return undefined;
  const month = monthNumber(m[2]!);
  if (month === undefined) return undefined;
  let year = Number(m[3]);
  if (m[3]!.length === 2) year += year < 50 ? 2000 : 1900;
  const offset = zoneOffset(m[7]);
  const dt = DateTime.fromObject(
    { year, month, day: Number(m[1]), hour: Number(m[4] ?? 0), minute: Number(m[5] ?? 0), second: Number(m[6] ?? 0) },
    { zone: offset === undefined ? 'utc' : `UTC${offset >= 0 ? '+' : '-'}${Math.floor(Math.abs(offset) / 60)}:${String(Math.abs(offset) % 60).padStart(2, '0')}` },
  );
  return dt.isValid ? { date: dt.toJSDate(), zoned: offset !== undefined } : undefined;
}

function fromIso(text: string): FeedDate | undefined {
  const t = text.replace(/^(\d{4}-\d{2}-\d{2}) (\d)/, '$1T$2');
  if (!/^\d{4}-\d{2}(-\d{2})?/.test(t)) return undefined;
  const dt = DateTime.fromISO(t, { zone: 'utc' });
  if (!dt.isValid) return undefined;
  return { date: dt.toJSDate(), zoned: /(?:Z|[+-]\d{2}(?::?\d{2})?)$/i.test(t) && /T/.test(t) };
}

/** A date from a feed, or undefined when there is none that can be trusted. */
export function parseFeedDate(value: unknown): FeedDate | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : { date: value, zoned: true };
  if (typeof value !== 'string') return undefined;
  const text = value.trim().replace(/\s+/g, ' ');
  if (text === '') return undefined;
  const parsed = fromIso(text) ?? fromRfc822(text);
  if (!parsed) return undefined;
  const year = parsed.date.getUTCFullYear();
  // Year 0001 and 9999 are placeholders, not dates.
  if (year < 1990 || year > 2200) return undefined;
  return parsed;
}
