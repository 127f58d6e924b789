import { COUNTRY_BY_ACRONYM, COUNTRY_BY_PHRASE, MAX_COUNTRY_PHRASE_WORDS, type CountryAliases } from './countries.js';
import { STOPWORDS, fold, stem, tokenizeRaw } from './sentences.js';
import { relatedStems } from './forms.js';
import { metonymsAround, type Around } from './metonyms.js';

/**
 * A topic as the index reads it: slots that must all match, each a set of alternatives
 * ("china" → china | chinese | beijing | people's republic of china).
 */

export type Alternative =
  /**
   * Stems that must appear in this order, adjacent; a one-word phrase does not count where it is
   * part of one of the names `notIn` ("house" in "White House": see metonyms.ts).
   */
  | { kind: 'phrase'; stems: string[]; weight: number; notIn?: Around[] }
  /** An acronym as written in capitals ("US"). */
  | { kind: 'acronym'; text: string; weight: number };

export interface Slot {
  /** What the user wrote for this slot. */
  label: string;
  alternatives: Alternative[];
}

export interface TopicQuery {
  /** The topic folded ("Tony  Blair" → "tony blair"): matched against tags. */
  folded: string;
  slots: Slot[];
  /** Every token's stem in order, stop words included: the whole-topic phrase. */
  phrase: string[];
}

/** What an alias weighs next to the word the user typed. */
export const ALIAS_WEIGHT = 0.7;
/**
 * What a capital weighs as an alias of its country: a city is a weaker name for a country than
 * the country's names and demonym ("Berlin Film Festival" is about Berlin, rarely about Germany).
 */
export const CAPITAL_WEIGHT = 0.3;
/**
 * What the word weighs inside a name that stands for something else ("house" in "White House"):
 * as little as a capital for its country, so a story that only names the White House comes after
 * every story about a house or the House, and is still found when nothing else is (a story about
 * Congress may say only "the White House").
 */
export const INSIDE_NAME_WEIGHT = 0.3;
/** What another form of the typed word weighs ("religious" for "religion"). */
export const FORM_WEIGHT = 0.6;

/** A typed word: itself, and its other forms as weaker alternatives. */
function wordSlot(word: string): Slot {
  const s = stem(word);
  const alternatives: Alternative[] = [{ kind: 'phrase', stems: [s], weight: 1 }];
  for (const form of relatedStems(s)) alternatives.push({ kind: 'phrase', stems: [form], weight: FORM_WEIGHT });
  return { label: word, alternatives };
}

function countrySlot(label: string, typed: Alternative, countries: readonly CountryAliases[]): Slot {
  const alternatives: Alternative[] = [typed];
  const seen = new Set([typed.kind === 'phrase' ? typed.stems.join(' ') : `^${typed.text}`]);
  for (const c of countries) {
    for (const p of c.phrases) {
      const stems = p.split(' ').map(stem);
      const key = stems.join(' ');
      if (seen.has(key)) continue;
      seen.add(key);
      alternatives.push({ kind: 'phrase', stems, weight: c.capitals.includes(p) ? CAPITAL_WEIGHT : ALIAS_WEIGHT });
    }
    for (const a of c.acronyms) {
      if (seen.has(`^${a}`)) continue;
      seen.add(`^${a}`);
      alternatives.push({ kind: 'acronym', text: a, weight: ALIAS_WEIGHT });
    }
  }
  return { label, alternatives };
}

export function parseTopic(topic: string): TopicQuery {
  const raw = tokenizeRaw(topic);
  const words = raw.map((t) => t.word);
  const slots: Slot[] = [];
  const allStop = words.every((w) => STOPWORDS.has(w));
  let i = 0;
  while (i < raw.length) {
    let matched = false;
    for (let n = Math.min(MAX_COUNTRY_PHRASE_WORDS, raw.length - i); n >= 1 && !matched; n--) {
      const phrase = words.slice(i, i + n).join(' ');
      const countries = COUNTRY_BY_PHRASE.get(phrase);
      const country = countries?.[0];
      // A capital is a city first: "washington" alone is not every story about the United States.
      if (country && country.capitals.includes(phrase) && !country.names.includes(phrase)) {
        slots.push(n === 1 ? wordSlot(phrase) : { label: phrase, alternatives: [{ kind: 'phrase', stems: phrase.split(' ').map(stem), weight: 1 }] });
        i += n;
        matched = true;
      } else if (countries) {
        // Only the likeliest country: "american" should not bring in American Samoa's aliases.
        slots.push(countrySlot(phrase, { kind: 'phrase', stems: phrase.split(' ').map(stem), weight: 1 }, countries.slice(0, 1)));
        i += n;
        matched = true;
      }
    }
    if (matched) continue;
    const t = raw[i]!;
    const upper = t.word.toUpperCase();
    const country = COUNTRY_BY_ACRONYM.get(upper);
    // "US" is a country when written in capitals, or when it is the whole topic ("/brief us").
    if (country && (t.acronym || raw.length === 1)) {
      slots.push(countrySlot(upper, { kind: 'acronym', text: upper, weight: 1 }, [country]));
    } else if (!STOPWORDS.has(t.word) || allStop) {
      slots.push(wordSlot(t.word));
    }
    i++;
  }
  const phrase = words.map(stem);
  for (const slot of slots) {
    const inside: Alternative[] = [];
    for (const alt of slot.alternatives) {
      if (alt.kind !== 'phrase' || alt.stems.length !== 1) continue;
      const notIn = metonymsAround(alt.stems[0]!, phrase);
      if (notIn.length === 0) continue;
      alt.notIn = notIn;
      inside.push({ kind: 'phrase', stems: alt.stems, weight: alt.weight * INSIDE_NAME_WEIGHT });
    }
    slot.alternatives.push(...inside);
  }
  return { folded: fold(topic).replace(/\s+/g, ' ').trim(), slots, phrase };
}
