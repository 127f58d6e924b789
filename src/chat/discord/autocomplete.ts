import { LIMITS } from './limits.js';
import { stripControl, truncate } from './text.js';

export interface Choice {
  name: string;
  value: string;
}

/** Every IANA zone this Node knows, once; Intl has them, so the list costs nothing to keep current. */
let zones: readonly string[] | undefined;
function timeZones(): readonly string[] {
  zones ??= [...Intl.supportedValuesOf('timeZone'), 'UTC'];
  return zones;
}

/** Zones starting with the typed text first, then zones containing it ("london" finds Europe/London). */
export function suggestTimeZones(typed: string, limit: number = LIMITS.choices): string[] {
  const q = typed.trim().toLowerCase().replace(/\s+/g, '_');
  const all = timeZones();
  if (q === '') return ['UTC', 'Europe/London', 'America/New_York', 'Asia/Tokyo', 'Australia/Sydney'].slice(0, limit);
  const starts = all.filter((z) => z.toLowerCase().startsWith(q));
  const contains = all.filter((z) => !z.toLowerCase().startsWith(q) && z.toLowerCase().includes(q));
  return [...new Set([...starts, ...contains])].slice(0, limit);
}

function toChoices(values: readonly string[]): Choice[] {
  const seen = new Set<string>();
  const out: Choice[] = [];
  for (const raw of values) {
    const value = stripControl(raw).trim();
    // A value over 100 characters would be cut into a different topic; leave it out instead.
    if (value === '' || value.length > LIMITS.choiceLength || seen.has(value)) continue;
    seen.add(value);
    out.push({ name: truncate(value, LIMITS.choiceLength), value });
    if (out.length >= LIMITS.choices) break;
  }
  return out;
}

/**
 * The choices for one focused option. Topic lists complete the last word, so "china te" offers
 * "china tech" (the earlier words are kept in the value).
 */
export function autocompleteChoices(
  command: string,
  focused: { subcommand?: string; name: string; value: string },
  suggestTopics: (prefix: string) => string[],
): Choice[] {
  if (command === 'brief' && focused.name === 'topic') return toChoices(suggestTopics(focused.value.trim()));
  if (command === 'digest' && focused.subcommand === 'subscribe') {
    if (focused.name === 'tz') return toChoices(suggestTimeZones(focused.value));
    if (focused.name === 'topics') {
      const words = focused.value.trimStart().split(/\s+/);
      const last = focused.value.endsWith(' ') ? '' : (words.pop() ?? '');
      const head = words.filter(Boolean).join(' ');
      const suggestions = suggestTopics(last).map((t) => (head ? `${head} ${t}` : t));
      return toChoices(suggestions);
    }
  }
  return [];
}
