import { findCommand, findSubcommand, type CommandDecl } from '../../commands/command.js';
import { LIMITS } from './limits.js';
import { stripControl } from '../present.js';
import { truncate } from './text.js';

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
 * The choices for one focused option, as its declaration asks. Topic lists complete the last
 * word, so "china te" offers "china tech" (the earlier words are kept in the value).
 */
export function autocompleteChoices(
  commands: readonly CommandDecl[],
  command: string,
  focused: { subcommand?: string; name: string; value: string },
  suggestTopics: (prefix: string) => string[],
): Choice[] {
  const cmd = findCommand(commands, command);
  if (!cmd) return [];
  const sub = cmd.subcommands ? findSubcommand(cmd, focused.subcommand) : undefined;
  const declared = sub ? sub.options : cmd.subcommands ? undefined : cmd.options;
  switch (declared?.find((o) => o.name === focused.name)?.autocomplete) {
    case 'topic':
      return toChoices(suggestTopics(focused.value.trim()));
    case 'timezone':
      return toChoices(suggestTimeZones(focused.value));
    case 'topics': {
      const words = focused.value.trimStart().split(/\s+/);
      const last = focused.value.endsWith(' ') ? '' : (words.pop() ?? '');
      const head = words.filter(Boolean).join(' ');
      return toChoices(suggestTopics(last).map((t) => (head ? `${head} ${t}` : t)));
    }
    case undefined:
      return [];
  }
}
