import { COUNTRY_BY_PHRASE } from './countries.js';
import { tokenize } from './sentences.js';

/**
 * Datelines: the place (and agency) news puts before its first sentence, "WASHINGTON (Reuters) -",
 * "London (CNN) --", and the bare "London U.S. President Barack Obama's plan…" that such text
 * leaves once the agency is stripped upstream. They are no part of the first sentence: a key
 * point, an entity ("Washington The Supreme Court") or a topic sentence must not start with one.
 */

/** "PLACE (AGENCY) --", "PLACE, Country (AGENCY) -", "(CNN) --", "(CNN)Picture": an agency in brackets. */
const AGENCY = /^(?:[\p{Lu}][\p{L}.'’-]*(?:[ ,]+[\p{Lu}][\p{L}.'’-]*){0,3},?\s*)?\((?:CNN|Reuters|AP|AFP|UPI|Bloomberg|BBC|EW\.com|CNN Money|CNNMoney|PRNewswire)[^)]{0,20}\)\s*(?:-{1,2}|—|–|:)?\s*/u;

/** "WASHINGTON -", "LONDON, England --": a place in capitals and a dash. */
const CAPS_PLACE = /^\p{Lu}{2,}(?:[ .'-]+\p{Lu}{2,}){0,3}(?:,\s*[\p{Lu}][\p{L}.]*(?:\s[\p{Lu}][\p{L}.]*)?)?\s+(?:-{1,2}|—|–)\s+/u;

/**
 * Cities that head news text besides the capitals the country dataset knows (a dateline city
 * is named by wire and network desks, which sit in a few dozen places).
 */
const NEWS_CITIES = new Set(
  `new york|los angeles|hong kong|atlanta|chicago|miami|houston|dallas|boston|san francisco|seattle|
  denver|detroit|philadelphia|las vegas|new orleans|sydney|melbourne|mumbai|shanghai|istanbul|
  johannesburg|dubai|geneva|rio de janeiro|sao paulo|toronto|vancouver|montreal|frankfurt|milan|
  barcelona|munich|st petersburg|karachi|lagos|gaza|aleppo|benghazi|kandahar`
    .split('|')
    .map((c) => c.trim()),
);

/** Words that, after a city, continue a name rather than start a sentence ("London Mayor Boris Johnson"). */
const CONTINUES_NAME = new Set(
  `mayor police council zoo airport university marathon bridge stock exchange fashion week film
  festival times post review county city area metro transit fire court district state`.split(/\s+/),
);

/**
 * Regions a "City, Region" dateline names besides countries: US states, Canadian provinces,
 * Australian states and a few territories news is filed from.
 */
const DATELINE_REGIONS = new Set(
  `alabama|alaska|arizona|arkansas|california|colorado|connecticut|delaware|florida|georgia|hawaii|
  idaho|illinois|indiana|iowa|kansas|kentucky|louisiana|maine|maryland|massachusetts|michigan|
  minnesota|mississippi|missouri|montana|nebraska|nevada|new hampshire|new jersey|new mexico|
  new york|north carolina|north dakota|ohio|oklahoma|oregon|pennsylvania|rhode island|
  south carolina|south dakota|tennessee|texas|utah|vermont|virginia|washington|west virginia|
  wisconsin|wyoming|d c|dc|alberta|british columbia|manitoba|new brunswick|nova scotia|ontario|quebec|
  saskatchewan|new south wales|queensland|victoria|tasmania|west bank|gaza|england|scotland|wales|
  northern ireland|puerto rico|crimea|kashmir`
    .split('|')
    .map((c) => c.trim()),
);

/** A place of one to three capitalized words and a comma, as "Sochi, " or "Addis Ababa, ". */
const PLACE_COMMA = /^(?:[\p{Lu}][\p{L}.'’-]*\s){0,2}[\p{Lu}][\p{L}.'’-]*,\s/u;
const REGION_WORD = /^[\p{Lu}][\p{L}.]*$/u;

/**
 * "Sochi, Russia Two members of Pussy Riot…", "Austin, Texas From his sanctuary…": a place, a
 * comma, a known country or region, then a new sentence (a capital right after it, no comma:
 * "Albuquerque, New Mexico, police officers…" is a sentence). The length of what it strips, or 0.
 */
function placeRegionLength(paragraph: string): number {
  const place = PLACE_COMMA.exec(paragraph);
  if (!place) return 0;
  const words = paragraph.slice(place[0].length).split(' ', 4);
  for (let k = Math.min(3, words.length - 1); k >= 1; k--) {
    const region = words.slice(0, k);
    if (!region.every((w) => REGION_WORD.test(w))) continue;
    const phrase = tokenize(region.join(' ')).join(' ');
    if (!DATELINE_REGIONS.has(phrase) && !COUNTRY_BY_PHRASE.has(phrase)) continue;
    if (!/^["“‘]?\p{Lu}/u.test(words[k]!)) return 0;
    return place[0].length + region.join(' ').length + 1;
  }
  return 0;
}

function isDatelineCity(words: string[]): boolean {
  const phrase = tokenize(words.join(' ')).join(' ');
  if (NEWS_CITIES.has(phrase)) return true;
  const country = COUNTRY_BY_PHRASE.get(phrase)?.[0];
  return country !== undefined && country.capitals.includes(phrase);
}

/**
 * The first paragraph of a body without its dateline. Only a known city counts for a bare
 * dateline, and only when a new sentence visibly starts after it: a capitalized word that does
 * not continue the city's name, with no possessive ("Hong Kong's protesters" is no dateline).
 */
export function stripDateline(paragraph: string): string {
  const agency = AGENCY.exec(paragraph) ?? CAPS_PLACE.exec(paragraph);
  if (agency && agency[0].length < paragraph.length) return paragraph.slice(agency[0].length);
  const placed = placeRegionLength(paragraph);
  if (placed > 0 && paragraph.length - placed >= 20) return paragraph.slice(placed);
  const m = /^((?:[\p{Lu}][\p{L}.]*\s){1,3})([\p{Lu}"“‘][\p{L}.'’]*)/u.exec(paragraph);
  if (!m) return paragraph;
  const words = m[1]!.trim().split(/\s+/);
  // The longest leading run of words that is a dateline city, then what follows it.
  for (let n = words.length; n >= 1; n--) {
    const city = words.slice(0, n);
    if (!isDatelineCity(city)) continue;
    const rest = paragraph.slice(city.join(' ').length + 1);
    const next = /^["“‘]?([\p{L}.]+)/u.exec(rest)?.[1] ?? '';
    if (next === '' || !/^\p{Lu}/u.test(next) || CONTINUES_NAME.has(next.toLowerCase())) return paragraph;
    // Enough text after it to be a sentence, not a headline-like fragment.
    return rest.length >= 20 ? rest : paragraph;
  }
  return paragraph;
}
