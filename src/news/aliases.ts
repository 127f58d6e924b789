import { fold } from './sentences.js';

/**
 * The names one thing goes by, folded to one key: a plural and its singular ("Tories", "Tory"),
 * a name with and without its legal form ("Labour Party", "Labour") and the few aliases no rule
 * derives ("Tory" and "Conservative"). Entities merge by it within a document, the topic catalog
 * across the library, and Related leaves out the names of the topic asked about.
 */

/**
 * Aliases no rule derives, folded, each to the name it stands for. Checked first: the `compromise`
 * lexicon and the country dataset hold none of them. Closed: only names that mean this one thing
 * in news wherever they appear (not "IS", also a verb in capitals; not "Man Utd" and the open set
 * of sports nicknames).
 */
const ALIASES: ReadonlyMap<string, string> = new Map([
  // The British Conservative Party's members and the party itself are "the Tories".
  ['tory', 'conservative'],
  // The jihadist group: ISIS and ISIL (its names in English until 2014), Daesh (its Arabic
  // acronym) and Islamic State (its name since June 2014), spelled out as well.
  ['isis', 'islamic state'],
  ['isil', 'islamic state'],
  ['daesh', 'islamic state'],
  ['islamic state of iraq and syria', 'islamic state'],
  ['islamic state in iraq and syria', 'islamic state'],
  ['islamic state of iraq and the levant', 'islamic state'],
  // "Grand Old Party": the US Republican Party.
  ['gop', 'republican'],
  // The clipping British news uses for the Liberal Democrats.
  ['lib dem', 'liberal democrat'],
]);

/** A name that is an abbreviation: "EU", "NSA", "AIDS" (one rule for entities, topics and keys). */
export const ABBREVIATION = /^\p{Lu}{2,6}$/u;

/** Words that end an organization's name without telling it apart ("Labour Party", "Apple Inc"). */
const LEGAL_FORMS = new Set(`party inc ltd plc llc corp corporation co company group holdings`.split(' '));

/** Words that may end a name's first part but never a name ("Bank of"). */
const ENDS_NOTHING = new Set(['of', 'the', 'and', '&', 'de', 'da', 'van', 'von', 'al', 'bin', 'le', 'la', 'del']);

/** "tories" → "tory", "lib dems" → "lib dem", "republicans" → "republican": a folded name's singular, or ''. */
function singularOf(key: string): string {
  const n = key.length;
  // Only a last word of four letters or more ending in s: "-ies", or "s" after another letter.
  if (n < 4 || key.charCodeAt(n - 1) !== 115 || key.lastIndexOf(' ') > n - 5) return '';
  if (key.endsWith('ies')) return `${key.slice(0, -3)}y`;
  return key.charCodeAt(n - 2) === 115 ? '' : key.slice(0, -1);
}

/** "the labour party" → "labour", "apple inc" → "apple": a folded name without its legal form, or ''. */
function withoutLegalForm(key: string): string {
  const at = key.lastIndexOf(' ');
  if (at <= 0) return '';
  const last = key.slice(at + 1);
  if (!LEGAL_FORMS.has(last.endsWith('.') ? last.slice(0, -1) : last)) return '';
  const rest = key.slice(0, at);
  // A connector left at the end is no name.
  if (ENDS_NOTHING.has(rest.slice(rest.lastIndexOf(' ') + 1))) return '';
  return rest.startsWith('the ') ? rest.slice(4) : rest;
}

/** Runs of white space other than one space, or space at an end: what topicKey folds away. */
const UNEVEN_SPACE = /\s\s|[^\S ]|^\s|\s$/;

/**
 * The key of what a name names: folded, without its legal form, singular, through the aliases.
 * Two names with one key are one thing ("Conservative Party", "Conservatives", "Tories" and
 * "Tory" → "conservative"). Only names that are both said get merged, so a key that names nothing
 * ("reuter" for "Reuters") does no harm. Runs for every entity of every document.
 */
export function nameKeyOf(name: string): string {
  return nameKeyOfText(UNEVEN_SPACE.test(name) ? name.replace(/\s+/g, ' ').trim() : name);
}

/**
 * The keys a topic as typed may name: as a key phrase and as a name ("isis" typed in small
 * letters is ISIS, so "islamic state" too).
 */
export function topicNameKeys(topic: string): string[] {
  const asTyped = nameKeyOf(topic);
  const asName = nameKeyOf(topic.replace(/\p{Ll}/u, (c) => c.toUpperCase()));
  return asTyped === asName ? [asTyped] : [asTyped, asName];
}

/** nameKeyOf for a name already spaced as an entity's is (words joined by one space). */
export function nameKeyOfText(spaced: string): string {
  const folded = fold(spaced);
  // A key phrase is common words, no name: a "shell company" is no company called Shell.
  if (spaced === folded) return folded;
  const alias = ALIASES.get(folded);
  if (alias !== undefined) return alias;
  // An abbreviation has no plural to fold ("AIDS" is not "Aid").
  if (spaced.length <= 6 && ABBREVIATION.test(spaced)) return folded;
  const bare = withoutLegalForm(folded) || folded;
  const one = singularOf(bare) || bare;
  return ALIASES.get(one) ?? one;
}
