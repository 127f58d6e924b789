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

/** A name that is an abbreviation: "EU", "NSA", "AIDS". */
const ABBREVIATION = /^\p{Lu}{2,6}$/u;

/** Words that end an organization's name without telling it apart ("Labour Party", "Apple Inc"). */
const LEGAL_FORMS = new Set(`party inc ltd plc llc corp corporation co company group holdings`.split(' '));

/** Words that may end a name's first part but never a name ("Bank of"). */
const ENDS_NOTHING = new Set(['of', 'the', 'and', '&', 'de', 'da', 'van', 'von', 'al', 'bin', 'le', 'la', 'del']);

/** "tories" → "tory", "lib dems" → "lib dem", "republicans" → "republican": a folded name's singular, or ''. */
function singularOf(key: string): string {
  const at = key.lastIndexOf(' ');
  const last = key.slice(at + 1);
  if (last.length < 4) return '';
  if (last.endsWith('ies')) return `${key.slice(0, -3)}y`;
  return /[^s]s$/.test(last) ? key.slice(0, -1) : '';
}

/** "the labour party" → "labour", "apple inc" → "apple": a folded name without its legal form, or ''. */
function withoutLegalForm(key: string): string {
  const at = key.lastIndexOf(' ');
  if (at <= 0 || !LEGAL_FORMS.has(key.slice(at + 1).replace(/\.$/, ''))) return '';
  const rest = key.slice(0, at);
  // A connector left at the end is no name.
  if (ENDS_NOTHING.has(rest.slice(rest.lastIndexOf(' ') + 1))) return '';
  return rest.startsWith('the ') ? rest.slice(4) : rest;
}

/**
 * The key of what a name names: folded, without its legal form, singular, through the aliases.
 * Two names with one key are one thing ("Conservative Party", "Conservatives", "Tories" and
 * "Tory" → "conservative"). Only names that are both said get merged, so a key that names nothing
 * ("reuter" for "Reuters") does no harm.
 */
export function nameKeyOf(name: string): string {
  const folded = fold(name).replace(/\s+/g, ' ').trim();
  // A key phrase is common words, no name: a "shell company" is no company called Shell.
  if (name === folded) return folded;
  const alias = ALIASES.get(folded);
  if (alias !== undefined) return alias;
  // An abbreviation has no plural to fold ("AIDS" is not "Aid").
  if (ABBREVIATION.test(name)) return folded;
  const bare = withoutLegalForm(folded) || folded;
  const one = singularOf(bare) || bare;
  return ALIASES.get(one) ?? one;
}
