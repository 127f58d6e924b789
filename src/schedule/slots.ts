import { DateTime, IANAZone } from 'luxon';
import cron from 'node-cron';

/**
 * When a subscription fires, as pure functions of its schedule and a time window. node-cron only
 * wakes the process up, once a minute; these decide which slots exist, so tests and catch-up never
 * depend on a timer. A slot is the UTC instant of a scheduled local time, always a whole minute.
 *
 * Daylight saving: a local time that does not exist (02:30 on the spring-forward day in New York)
 * fires once, at the same distance past the gap (03:30 local, which is 02:30 standard time); a
 * local time that happens twice (01:30 on the fall-back day) fires once, at its first occurrence.
 */

export interface Schedule {
  /** Daily local time "HH:MM". */
  at?: string;
  /** A cron expression (5 fields, or 6 with seconds "0"), read in `timezone`. */
  cron?: string;
  timezone: string;
}

interface Matcher {
  minutes: number[];
  hours: number[];
  months: Set<number>;
  /** Days of the month; "L" is the last day. */
  days: Set<number | 'L'>;
  weekdays: Set<number>;
  /** Classic cron: when both day fields are restricted, either may match. */
  daysOrWeekdays: boolean;
}

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;
const compiled = new Map<string, Matcher>();

const knownZones = new Set<string>();

export function isValidTimezone(zone: string): boolean {
  if (knownZones.has(zone)) return true;
  // luxon's check builds an Intl formatter each time; zones do not stop being valid at runtime.
  const valid = IANAZone.isValidZone(zone);
  if (valid) knownZones.add(zone);
  return valid;
}

/** The zone's canonical spelling ("europe/london" → "Europe/London"), for storing and showing. */
export function canonicalTimezone(zone: string): string {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return zone;
  }
}

/** Why a cron expression cannot be used, or undefined when it can. */
export function cronProblem(expr: string): string | undefined {
  try {
    matcherFor({ cron: expr, timezone: 'UTC' });
    return undefined;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

function matcherFor(s: Schedule): Matcher {
  const key = s.at !== undefined ? `at ${s.at}` : `cron ${s.cron ?? ''}`;
  const hit = compiled.get(key);
  if (hit) return hit;
  const m = s.at !== undefined ? atMatcher(s.at) : cronMatcher(s.cron ?? '');
  compiled.set(key, m);
  return m;
}

function atMatcher(at: string): Matcher {
  const m = HHMM.exec(at);
  if (!m) throw new Error(`"${at}" is not a time HH:MM (00:00 to 23:59)`);
  return {
    minutes: [Number(m[2])],
    hours: [Number(m[1])],
    months: new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]),
    days: new Set(Array.from({ length: 31 }, (_, i) => i + 1)),
    weekdays: new Set([0, 1, 2, 3, 4, 5, 6]),
    daysOrWeekdays: false,
  };
}

function cronMatcher(expr: string): Matcher {
  const check = cron.validateDetailed(expr.trim());
  if (!check.valid || !check.fields) {
    const first = check.errors[0];
    throw new Error(first ? `cron "${expr}": ${first.message}` : `cron "${expr}" is not a cron expression`);
  }
  const f = check.fields;
  if (f.second.length !== 1 || f.second[0] !== 0) throw new Error(`cron "${expr}": digests run on whole minutes; leave seconds out or use 0`);
  const days = new Set<number | 'L'>();
  for (const d of f.dayOfMonth) {
    if (typeof d === 'number' || d === 'L') days.add(d);
    else throw new Error(`cron "${expr}": day-of-month "${d}" is not supported (use numbers, ranges or L)`);
  }
  const weekdays = new Set<number>();
  for (const d of f.dayOfWeek) {
    if (typeof d === 'number') weekdays.add(d % 7);
    else throw new Error(`cron "${expr}": day-of-week "${d}" is not supported (use numbers, names or ranges)`);
  }
  const domRestricted = !(days.size === 31 && !days.has('L'));
  const dowRestricted = weekdays.size < 7;
  const m: Matcher = {
    minutes: [...f.minute].sort((a, b) => a - b),
    hours: [...f.hour].sort((a, b) => a - b),
    months: new Set(f.month),
    days,
    weekdays,
    daysOrWeekdays: domRestricted && dowRestricted,
  };
  if (nextSlotWith(m, 'UTC', new Date(Date.UTC(2000, 0, 1)), 8 * 366) === undefined) {
    throw new Error(`cron "${expr}" never fires`);
  }
  return m;
}

function dayMatches(m: Matcher, day: DateTime): boolean {
  if (!m.months.has(day.month)) return false;
  const dom = m.days.has(day.day) || (m.days.has('L') && day.day === day.daysInMonth);
  const dow = m.weekdays.has(day.weekday % 7);
  return m.daysOrWeekdays ? dom || dow : dom && dow;
}

/** The instant a wall-clock time names in a zone; see the DST rules above. */
function resolveLocal(day: DateTime, hour: number, minute: number): DateTime {
  const dt = day.set({ hour, minute, second: 0, millisecond: 0 });
  // Ambiguity needs an offset change in the hours before: checking that first saves most lookups.
  if (dt.minus({ hours: 3 }).offset === dt.offset) return dt;
  // luxon resolves an ambiguous time to its later occurrence; look for an earlier one.
  for (const back of [120, 60, 30]) {
    const earlier = dt.minus({ minutes: back });
    if (earlier.day === day.day && earlier.hour === hour && earlier.minute === minute) return earlier;
  }
  return dt;
}

function slotsWith(m: Matcher, zone: string, from: Date, to: Date, limit: number): Date[] {
  const out = new Set<number>();
  const fromMs = from.getTime();
  const toMs = to.getTime();
  // A day's local times lie within about a day of its start, whatever the offset: pad by a day.
  let day = DateTime.fromMillis(fromMs, { zone }).startOf('day').minus({ days: 1 });
  const lastDay = DateTime.fromMillis(toMs, { zone }).startOf('day').plus({ days: 1 });
  const slack = 3 * 3600_000;
  while (day <= lastDay && out.size < limit) {
    if (dayMatches(m, day)) {
      for (const hour of m.hours) {
        const hourStart = day.set({ hour }).toMillis();
        if (hourStart > toMs + slack || hourStart + 3600_000 < fromMs - slack) continue;
        for (const minute of m.minutes) {
          const t = resolveLocal(day, hour, minute).toMillis();
          if (t > fromMs && t <= toMs) out.add(t);
        }
      }
    }
    day = day.plus({ days: 1 });
  }
  return [...out].sort((a, b) => a - b).slice(0, limit).map((t) => new Date(t));
}

function nextSlotWith(m: Matcher, zone: string, after: Date, maxDays: number): Date | undefined {
  // Most schedules fire daily: look one day ahead first, then a week at a time.
  let from = after;
  for (let days = 0, step = 1; days < maxDays; days += step, step = 8) {
    const to = new Date(from.getTime() + step * 86_400_000);
    const found = slotsWith(m, zone, from, to, 1);
    if (found[0]) return found[0];
    from = to;
  }
  return undefined;
}

/** Slots in (from, to], oldest first, at most `limit`. Throws on an invalid schedule. */
export function computeSlots(s: Schedule, from: Date, to: Date, limit = 10_000): Date[] {
  if (to.getTime() <= from.getTime()) return [];
  if (!isValidTimezone(s.timezone)) throw new Error(`unknown time zone "${s.timezone}"`);
  return slotsWith(matcherFor(s), s.timezone, from, to, limit);
}

/** The first slot after `after` (within about a year), or undefined. */
export function nextSlot(s: Schedule, after: Date): Date | undefined {
  if (!isValidTimezone(s.timezone)) return undefined;
  return nextSlotWith(matcherFor(s), s.timezone, after, 400);
}

/** "08:00 Europe/London" or "cron 0 8 * * 1-5 (Europe/London)". */
export function describeSchedule(s: Schedule): string {
  return s.at !== undefined ? `${s.at} ${s.timezone}` : `cron "${s.cron ?? ''}" (${s.timezone})`;
}

/** A slot shown to people, in the subscription's zone: "Sat 28 Nov 08:00 GMT". */
export function formatLocal(d: Date, zone: string): string {
  return DateTime.fromJSDate(d, { zone }).toFormat('ccc d LLL yyyy HH:mm ZZZZ');
}
