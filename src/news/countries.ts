import worldCountries from 'world-countries';
import { z } from 'zod';
import { tokenize } from './sentences.js';

/**
 * Country aliases from the world-countries dataset: a country is also its official name, its
 * alternative spellings, its demonym and its capital (China ~ Chinese ~ Beijing).
 */

export interface CountryAliases {
  /** The common English name ("United States"). */
  name: string;
  /** ISO 3166-1 alpha-3 ("USA"). */
  code: string;
  /** Its own names, folded: a phrase shared with another country means this one first. */
  names: string[];
  unMember: boolean;
  /** Folded word sequences, joined by a space ("united states", "american", "washington"). */
  phrases: string[];
  /** Acronyms as written ("US", "USA"): matched only where the text writes them in capitals. */
  acronyms: string[];
  /** Which of `phrases` are capitals: entity extraction calls those places in their own name. */
  capitals: string[];
}

const CONNECTORS = new Set(['of', 'the', 'and']);

/**
 * Names news uses that the dataset lacks, keyed by ISO alpha-3 code. The dataset lists "Great
 * Britain" and the demonym "British", but not the everyday short form "Britain", which British
 * news uses for the UK more often than any other name; it calls Turkey only "Türkiye", the name
 * the country has asked for since 2022, while the news of every year before (and most after)
 * writes "Turkey". Only names that unambiguously mean the country belong here.
 */
const EXTRA_NAMES: Readonly<Record<string, readonly string[]>> = { GBR: ['Britain'], TUR: ['Turkey'] };

/**
 * Two-letter codes collide with words ("IT", "IN"), so an acronym counts only when it spells
 * the initials of one of the country's names: US (United States), PRC, UAE, DRC, but not IT.
 */
function initials(name: string): string {
  return name
    .replace(/['’]s\b/g, '')
    .split(/[\s-]+/)
    .filter((w) => w !== '' && !CONNECTORS.has(w.toLowerCase()))
    .map((w) => w[0]!.toUpperCase())
    .join('');
}

function phraseOf(text: string): string {
  return tokenize(text).join(' ');
}

function cleanCapital(capital: string): string {
  return capital.replace(/\s*\(.*\)$/, '').replace(/,?\s+D\.C\.$/, '').trim();
}

// The package's typings describe an ES module, but Node hands ESM importers the CommonJS array:
// read it as data and check the few fields used.
const countrySchema = z.object({
  name: z.object({ common: z.string(), official: z.string() }),
  cca3: z.string(),
  altSpellings: z.array(z.string()),
  capital: z.array(z.string()).optional(),
  demonyms: z.record(z.string(), z.object({ m: z.string(), f: z.string() })).optional(),
  unMember: z.boolean().optional(),
});

function build(): CountryAliases[] {
  const raw: unknown = worldCountries;
  const countries = z.array(countrySchema).parse(raw);
  return countries.map((c) => {
    const names = [c.name.common, c.name.official];
    const phrases = new Set<string>();
    const acronyms = new Set<string>();
    const nameInitials = new Set<string>();
    for (const n of names) {
      phrases.add(phraseOf(n));
      nameInitials.add(initials(n));
    }
    const altSpellings = [...c.altSpellings, ...(EXTRA_NAMES[c.cca3] ?? [])];
    for (const alt of altSpellings) {
      if (/^[A-Z]{2,5}$/.test(alt)) continue;
      phrases.add(phraseOf(alt));
      nameInitials.add(initials(alt));
    }
    for (const alt of altSpellings) {
      if (/^[A-Z]{2,5}$/.test(alt) && nameInitials.has(alt)) acronyms.add(alt);
    }
    const demonyms = c.demonyms?.eng;
    if (demonyms) {
      phrases.add(phraseOf(demonyms.m));
      phrases.add(phraseOf(demonyms.f));
    }
    const capitals = (c.capital ?? []).map((cap) => phraseOf(cleanCapital(cap))).filter((p) => p !== '');
    for (const cap of capitals) phrases.add(cap);
    phrases.delete('');
    const ownNames = [...names, ...altSpellings].map(phraseOf).filter((p) => p !== '');
    return { name: c.name.common, code: c.cca3, names: ownNames, unMember: c.unMember ?? false, phrases: [...phrases], acronyms: [...acronyms], capitals };
  });
}

export const COUNTRIES: readonly CountryAliases[] = build();

/**
 * Folded phrase → the countries it names, the likeliest first: "american" is the demonym of the
 * United States and of American Samoa; the country whose name it is, then a UN member, wins.
 */
export const COUNTRY_BY_PHRASE: ReadonlyMap<string, readonly CountryAliases[]> = (() => {
  const m = new Map<string, CountryAliases[]>();
  for (const c of COUNTRIES) {
    for (const p of c.phrases) m.set(p, [...(m.get(p) ?? []), c]);
  }
  for (const [p, list] of m) {
    const rank = (c: CountryAliases): number => (c.names.includes(p) ? 0 : 2) + (c.unMember ? 0 : 1);
    list.sort((a, b) => rank(a) - rank(b));
  }
  return m;
})();

/** Acronym as written → its country. */
export const COUNTRY_BY_ACRONYM: ReadonlyMap<string, CountryAliases> = new Map(
  COUNTRIES.flatMap((c) => c.acronyms.map((a) => [a, c] as const)),
);

/**
 * Names that mean a country only when they are a whole name: "America" alone is the United States
 * in news, but "Latin America", "North America" and "Bank of America" are not, so the name is no
 * alias a topic's word could bring in (see parseTopic), only an entity's.
 */
const WHOLE_NAMES: Readonly<Record<string, readonly string[]>> = { USA: ['America'] };

/** Folded whole name → its country ("america" → United States). */
export const COUNTRY_BY_WHOLE_NAME: ReadonlyMap<string, CountryAliases> = new Map(
  COUNTRIES.flatMap((c) => (WHOLE_NAMES[c.code] ?? []).map((n) => [phraseOf(n), c] as const)),
);

/**
 * Continents and regions news names as it names countries, each with its demonym: "European
 * leaders" are about Europe as "German leaders" are about Germany. Places for entities only; a
 * topic's word forms are bridged by the search ("Europe" finds "European").
 */
const REGIONS: readonly (readonly string[])[] = [
  ['Europe', 'European'],
  ['Africa', 'African'],
  ['Asia', 'Asian'],
  ['Latin America', 'Latin American'],
  ['Middle East', 'Middle Eastern'],
  ['Scandinavia', 'Scandinavian'],
  ['Antarctica', 'Antarctic'],
];

/** Folded name or demonym of a region → the region's name ("european" → "Europe"). */
export const REGION_BY_PHRASE: ReadonlyMap<string, string> = new Map(REGIONS.flatMap((names) => names.map((n) => [phraseOf(n), names[0]!] as const)));

/** The longest phrase (in words) any country has, to bound lookups. */
export const MAX_COUNTRY_PHRASE_WORDS = Math.max(...COUNTRIES.flatMap((c) => c.phrases.map((p) => p.split(' ').length)));

/** The country a folded phrase names, and whether the phrase is its capital. */
export function countryOf(phrase: string): { country: string; capital: boolean } | undefined {
  const c = COUNTRY_BY_PHRASE.get(phrase)?.[0];
  if (!c) return undefined;
  return { country: c.name, capital: c.capitals.includes(phrase) };
}
