import { createRequire } from 'node:module';
import { z } from 'zod';
import { COUNTRIES } from './countries.js';
import { tokenize } from './sentences.js';

/**
 * US states from the `us` package's metadata (names, AP abbreviations, capitals): what tells a
 * story about Atlanta, Georgia from one about Tbilisi, Georgia.
 */

export interface UsState {
  /** "Georgia". */
  name: string;
  /** Folded as the country table is ("georgia", "new york"). */
  phrase: string;
  /** As AP abbreviates it in text ("Ga."; "Texas" for the states AP spells out). */
  ap: string;
  /** Folded ("atlanta"); '' for the District of Columbia. */
  capital: string;
}

// The package is CommonJS without typings: read it as data and check the few fields used.
const stateSchema = z.object({ name: z.string(), ap_abbr: z.string(), capital: z.string().nullable() });

function phraseOf(text: string): string {
  return tokenize(text).join(' ');
}

function build(): UsState[] {
  const raw: unknown = createRequire(import.meta.url)('us');
  const states = z.object({ STATES: z.array(stateSchema) }).parse(raw).STATES;
  return states.map((s) => ({ name: s.name, phrase: phraseOf(s.name), ap: s.ap_abbr, capital: s.capital === null ? '' : phraseOf(s.capital) }));
}

export const US_STATES: readonly UsState[] = build();

/** Folded state name → the state. */
export const US_STATE_BY_PHRASE: ReadonlyMap<string, UsState> = new Map(US_STATES.map((s) => [s.phrase, s] as const));

/**
 * States named as a country is ("Georgia"), folded, from the two datasets: there the country
 * table's reading is only one of two. A state named as a country's capital ("Washington") is
 * not here: news names the capital by it, and the capital is the country.
 */
export const STATES_NAMED_AS_COUNTRIES: ReadonlyMap<string, UsState> = (() => {
  const countryNames = new Set(COUNTRIES.flatMap((c) => c.names));
  return new Map(US_STATES.filter((s) => countryNames.has(s.phrase)).map((s) => [s.phrase, s] as const));
})();

/** Folded names of US states that say nothing of a country ("alabama", not "georgia", not "washington"). */
export const US_STATE_ONLY_NAMES: ReadonlySet<string> = (() => {
  const countryPhrases = new Set(COUNTRIES.flatMap((c) => [...c.names, ...c.capitals]));
  return new Set(US_STATES.map((s) => s.phrase).filter((p) => !countryPhrases.has(p)));
})();
