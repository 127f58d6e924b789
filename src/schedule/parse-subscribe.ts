import { canonicalTimezone, isValidTimezone } from './slots.js';

export interface SubscribeRequest {
  topics: string[];
  /** "HH:MM", zero-padded. */
  at: string;
  timezone: string;
}

export type ParseResult = { ok: true; value: SubscribeRequest } | { ok: false; problem: string };

export const SUBSCRIBE_USAGE = '/digest subscribe [topic …] [at HH:MM] [tz Area/City]   e.g. /digest subscribe china tech at 07:30 tz Europe/London';

const MAX_TOPICS = 10;
const MAX_TOPIC_CHARS = 60;
/** Letters, digits and a little punctuation: no "@", "<", ">" or "!" so a topic can never become a mention. */
const TOPIC = /^[\p{L}\p{N}][\p{L}\p{N}'’.&+-]*$/u;
/** Words people try as options; naming them gives a better answer than "unknown topic" later. */
const NOT_OPTIONS = new Set(['every', 'daily', 'weekly', 'hourly', 'monthly', 'cron', 'time', 'timezone', 'zone', 'on', 'stories']);

function shown(s: string): string {
  const clean = s.replace(/[^\p{L}\p{N} :/_+.'’-]/gu, '?');
  return clean.length > 40 ? `${clean.slice(0, 40)}…` : clean;
}

/** Splits on spaces, keeping "double quoted phrases" together. */
function tokenize(text: string): string[] | undefined {
  const tokens: string[] = [];
  const re = /"([^"]*)"|“([^”]*)”|(\S+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const quoted = m[1] ?? m[2];
    if (quoted !== undefined) {
      const phrase = quoted.trim().replace(/\s+/g, ' ');
      if (phrase) tokens.push(phrase);
    } else if (m[3]!.includes('"') || m[3]!.includes('“') || m[3]!.includes('”')) {
      return undefined;
    } else tokens.push(m[3]!);
  }
  return tokens;
}

export function parseTime(raw: string): { ok: true; hhmm: string } | { ok: false; problem: string } {
  const m = /^(\d{1,2}):(\d{2})$/.exec(raw);
  if (!m) return { ok: false, problem: `“${shown(raw)}” is not a time: write it as HH:MM on a 24-hour clock, e.g. 07:30 or 18:00.` };
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (h > 23) return { ok: false, problem: `${shown(raw)} is not a time of day: hours go from 00 to 23.` };
  if (min > 59) return { ok: false, problem: `${shown(raw)} is not a time of day: minutes go from 00 to 59.` };
  return { ok: true, hhmm: `${String(h).padStart(2, '0')}:${String(min).padStart(2, '0')}` };
}

/** "[topic …] [at HH:MM] [tz Area/City]"; topics come first, then the options in either order. */
export function parseSubscribe(text: string, defaults: { at: string; timezone: string }): ParseResult {
  const fail = (problem: string): ParseResult => ({ ok: false, problem });
  const tokens = tokenize(text.trim());
  if (!tokens) return fail('A quote is not closed: put a phrase topic in double quotes, e.g. "tony blair".');
  const topics: string[] = [];
  let at: string | undefined;
  let timezone: string | undefined;
  let optionsStarted = false;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const word = token.toLowerCase();
    if (word === 'at' || word === 'tz') {
      const value = tokens[i + 1];
      optionsStarted = true;
      if (word === 'at') {
        if (at !== undefined) return fail('“at” is given twice: a subscription has one time (subscribe again for another).');
        if (value === undefined) return fail('“at” needs a time after it, e.g. at 07:30.');
        const t = parseTime(value);
        if (!t.ok) return fail(t.problem);
        at = t.hhmm;
      } else {
        if (timezone !== undefined) return fail('“tz” is given twice: a subscription has one time zone.');
        if (value === undefined) return fail('“tz” needs a time zone after it, e.g. tz Europe/London.');
        if (!isValidTimezone(value)) {
          return fail(`“${shown(value)}” is not a time zone I know: use an IANA name like Europe/London, America/New_York or UTC.`);
        }
        timezone = canonicalTimezone(value);
      }
      i++;
      continue;
    }
    if (NOT_OPTIONS.has(word) || /^--?\p{L}/u.test(token) || token.includes('=')) {
      const hint = word === 'timezone' || word === 'zone' ? ' (the time zone option is “tz Area/City”)' : '';
      return fail(`“${shown(token)}” is not an option here${hint}: digests are daily; the options are “at HH:MM” and “tz Area/City”.`);
    }
    if (optionsStarted) return fail(`“${shown(token)}” comes after the options: put topics first, then at and tz.`);
    if (token.length > MAX_TOPIC_CHARS) return fail(`A topic can be at most ${MAX_TOPIC_CHARS} characters.`);
    for (const part of token.split(' ')) {
      if (!TOPIC.test(part)) return fail(`“${shown(token)}” is not a topic: use words, names or phrases (letters and digits).`);
    }
    if (!topics.some((t) => t.toLowerCase() === word)) topics.push(token);
    if (topics.length > MAX_TOPICS) return fail(`At most ${MAX_TOPICS} topics per digest.`);
  }
  return { ok: true, value: { topics, at: at ?? defaults.at, timezone: timezone ?? defaults.timezone } };
}
