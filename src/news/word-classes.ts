import { createRequire } from 'node:module';
import { z } from 'zod';

/**
 * What an English word is when it is no name, from the lexicon of `compromise` (its tags per
 * word): a sentence's or headline's first word is capitalized anyway, and "Prominent Uyghur
 * scholar…", "Former Tory leader…", "Despite Labour's…" glue it to the name after it.
 */

/** Never the first word of a name: "Despite", "Although", "Several", "Today". */
export const FUNCTION_WORD = 1;
/** A common word that may begin a name ("Royal Mail", "Independent Television Commission"). */
export const COMMON_WORD = 2;

/** Tags of words that begin no name. */
const FUNCTION_TAGS = new Set(['Conjunction', 'Preposition', 'Determiner', 'Adverb', 'QuestionWord', 'Negative', 'Condition', 'Date']);
/**
 * Tags of common words: adjectives, verbs, ranks and roles ("Former", "Vote", "Veteran"). Not
 * numbers: they begin names ("Twentieth Century Fox", "First Direct").
 */
const COMMON_TAGS = new Set(['Adjective', 'Superlative', 'Gerund', 'Infinitive', 'PastTense', 'PresentTense', 'Participle', 'Actor']);
/** Tags that make a word a possible name whatever else it is ("Mark", "Drew", "Chase"). */
const NAME_TAGS = new Set(['FirstName', 'MaleName', 'FemaleName', 'LastName', 'Person', 'Place', 'City', 'Country', 'Region', 'Organization', 'SportsTeam', 'ProperNoun', 'Demonym', 'Honorific']);

const lexiconSchema = z.object({ one: z.object({ lexicon: z.record(z.string(), z.union([z.string(), z.array(z.string())])) }) });

/** compromise's default export: a function with `model()` among its properties. */
function hasModel(v: unknown): v is { model: () => unknown } {
  return typeof v === 'function' && 'model' in v && typeof v.model === 'function';
}

let classes: Map<string, number> | undefined;

/**
 * Loaded on first use (compromise builds its lexicon in about 0.3 s), and only its lexicon: no
 * tagging runs on the ingest path. One-word entries only; short ones ("de", "el", "le": articles
 * of names in other languages) are left out.
 */
function load(): Map<string, number> {
  const nlp: unknown = createRequire(import.meta.url)('compromise/two');
  if (!hasModel(nlp)) throw new Error('compromise/two has no model(): its API changed');
  const { lexicon } = lexiconSchema.parse(nlp.model()).one;
  const out = new Map<string, number>();
  for (const [word, tag] of Object.entries(lexicon)) {
    if (word.length < 4 || word.includes(' ')) continue;
    const tags = typeof tag === 'string' ? [tag] : tag;
    if (tags.some((t) => NAME_TAGS.has(t))) continue;
    if (tags.some((t) => FUNCTION_TAGS.has(t))) out.set(word, FUNCTION_WORD);
    else if (tags.some((t) => COMMON_TAGS.has(t))) out.set(word, COMMON_WORD);
  }
  return out;
}

/**
 * FUNCTION_WORD, COMMON_WORD, or 0 for a word that may be a name (a given name, a place, a noun
 * such as "Labour" or "House", a word the lexicon does not know). A hyphenated compound ending
 * in a small letter ("Two-time", "State-owned", "Paris-based") is a common word.
 */
export function wordClassOf(word: string): number {
  classes ??= load();
  const known = classes.get(word.toLowerCase());
  if (known !== undefined) return known;
  // Most words have no hyphen: test for one before the regex (this runs for every sentence).
  return word.indexOf('-') > 0 && /^\p{Lu}[\p{L}\p{N}]*-\p{Ll}/u.test(word) ? COMMON_WORD : 0;
}
