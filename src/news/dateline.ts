import { COUNTRY_BY_PHRASE } from './countries.js';
import { DATELINE_AGENCIES } from './publishers.js';
import { tokenize } from './sentences.js';

/**
 * Datelines: the place (and agency) news puts before its first sentence, "WASHINGTON (Reuters) -",
 * "London (CNN) --", "Springfield, Ill. --", and the bare "London U.S. President Barack Obama's
 * plan…" that such text leaves once the agency is stripped upstream. They are no part of the first
 * sentence: a key point, an entity ("Washington The Supreme Court") or a topic sentence must not
 * start with one. The place they name still says where the story was filed: search indexes it.
 */

const AGENCIES = DATELINE_AGENCIES.map((a) => a.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
const DASH = '(?:-{1,2}|—|–)';

/** "PLACE (AGENCY) --", "PLACE, Country (AGENCY) -", "(CNN) --", "(CNN)Picture": an agency in brackets. */
const AGENCY = new RegExp(
  `^((?:[\\p{Lu}][\\p{L}.'’-]*(?:[ ,]+[\\p{Lu}][\\p{L}.'’-]*){0,3},?\\s*)?)\\((?:${AGENCIES})[^)]{0,20}\\)\\s*(?:${DASH}|:)?\\s*`,
  'u',
);
/**
 * "on board the California Zephyr (CNN) -- Woooooh", a short opening of whatever words without a
 * sentence end, then an agency in brackets and a dash. The dash is required here: it is what makes
 * the opening a dateline and not a sentence that cites the agency.
 */
const AGENCY_AFTER_TEXT = new RegExp(`^((?:[^()\\n.!?]|\\.(?!\\s)){1,60}?)\\s*\\((?:${AGENCIES})[^)]{0,20}\\)\\s*${DASH}\\s*`, 'u');

/** "WASHINGTON -", "LONDON, England --", "SPRINGFIELD, Ill. --": a place in capitals and a dash. */
const CAPS_PLACE = /^(\p{Lu}{2,}(?:[ .'-]+\p{Lu}{2,}){0,3}(?:,\s*[\p{Lu}][\p{L}.]*(?:\s[\p{Lu}][\p{L}.]*)?)?)\s+(?:-{1,2}|—|–)\s+/u;

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

/**
 * US states as AP style abbreviates them in a dateline ("Springfield, Ill."), with the other
 * spellings desks use (Tex., Penn., Wisc.), and Canada's provinces as AP wrote them. A closed set:
 * AP spells out the other states (Texas, Ohio, Utah…), which DATELINE_REGIONS holds.
 */
const REGION_ABBREVIATIONS = new Set(
  `Ala. Ariz. Ark. Calif. Cal. Colo. Conn. Del. D.C. Fla. Ga. Ill. Ind. Kan. Kans. Ky. La. Md. Mass.
  Mich. Minn. Miss. Mo. Mont. Neb. Nebr. Nev. N.H. N.J. N.M. N.Y. N.C. N.D. Okla. Ore. Oreg. Pa.
  Penn. R.I. S.C. S.D. Tenn. Tex. Vt. Va. Wash. W.Va. W.Va Wis. Wisc. Wyo. Alta. B.C. Man. N.B.
  Nfld. N.S. Ont. P.E.I. Que. Sask.`.split(/\s+/),
);

/** A place of one to three capitalized words and a comma, as "Sochi, " or "Addis Ababa, ". */
const PLACE_COMMA = /^(?:[\p{Lu}][\p{L}.'’-]*\s){0,2}[\p{Lu}][\p{L}.'’-]*,\s/u;
const REGION_WORD = /^[\p{Lu}][\p{L}.]*$/u;
const DASH_WORD = /^(?:-{1,2}|—|–)$/u;

/** What a dateline takes off the front of a paragraph, and the place it names. */
interface Cut {
  length: number;
  place: string;
}

function isRegion(words: string[]): boolean {
  if (words.length === 1 && REGION_ABBREVIATIONS.has(words[0]!)) return true;
  const phrase = tokenize(words.join(' ')).join(' ');
  return DATELINE_REGIONS.has(phrase) || COUNTRY_BY_PHRASE.has(phrase);
}

/**
 * "Sochi, Russia Two members of Pussy Riot…", "Austin, Texas From his sanctuary…", "Ferguson,
 * Mo. Protesters…", "Springfield, Ill. -- Protesters…": a place, a comma, a known country or
 * region, then a dash or a new sentence (a capital right after it, no comma: "Albuquerque, New
 * Mexico, police officers…" is a sentence). Undefined when the paragraph opens otherwise.
 */
function placeRegionCut(paragraph: string): Cut | undefined {
  const place = PLACE_COMMA.exec(paragraph);
  if (!place) return undefined;
  const words = paragraph.slice(place[0].length).split(' ', 4);
  for (let k = Math.min(3, words.length - 1); k >= 1; k--) {
    const region = words.slice(0, k);
    if (!region.every((w) => REGION_WORD.test(w)) || !isRegion(region)) continue;
    const named = `${place[0]}${region.join(' ')}`;
    const next = words[k]!;
    if (DASH_WORD.test(next)) {
      const after = /^\s*\S+\s*/u.exec(paragraph.slice(named.length))![0];
      return { length: named.length + after.length, place: named };
    }
    if (!/^["“‘]?\p{Lu}/u.test(next)) return undefined;
    // A spelled-out region may go on into a name ("Austin, Texas Police Chief…"); after an
    // abbreviation's period a sentence has begun either way (the splitter cuts there).
    if (!named.endsWith('.') && CONTINUES_NAME.has(next.replace(/^["“‘]/u, '').toLowerCase())) return undefined;
    return { length: named.length + 1, place: named };
  }
  return undefined;
}

function isDatelineCity(words: string[]): boolean {
  const phrase = tokenize(words.join(' ')).join(' ');
  if (NEWS_CITIES.has(phrase)) return true;
  const country = COUNTRY_BY_PHRASE.get(phrase)?.[0];
  return country !== undefined && country.capitals.includes(phrase);
}

/** A bare dateline city ("London U.S. President…"), or undefined. */
function bareCityCut(paragraph: string): Cut | undefined {
  const m = /^((?:[\p{Lu}][\p{L}.]*\s){1,3})([\p{Lu}"“‘][\p{L}.'’]*)/u.exec(paragraph);
  if (!m) return undefined;
  const words = m[1]!.trim().split(/\s+/);
  // The longest leading run of words that is a dateline city, then what follows it.
  for (let n = words.length; n >= 1; n--) {
    const city = words.slice(0, n);
    if (!isDatelineCity(city)) continue;
    const place = city.join(' ');
    const rest = paragraph.slice(place.length + 1);
    const next = /^["“‘]?([\p{L}.]+)/u.exec(rest)?.[1] ?? '';
    if (next === '' || !/^\p{Lu}/u.test(next) || CONTINUES_NAME.has(next.toLowerCase())) return undefined;
    // Enough text after it to be a sentence, not a headline-like fragment.
    return rest.length >= 20 ? { length: place.length + 1, place } : undefined;
  }
  return undefined;
}

/** A paragraph split into its dateline's place ('' when it has none) and the text after it. */
export interface Dateline {
  place: string;
  text: string;
}

/**
 * The first paragraph of a body, split at its dateline. Only a known city counts for a bare
 * dateline, and only when a new sentence visibly starts after it: a capitalized word that does
 * not continue the city's name, with no possessive ("Hong Kong's protesters" is no dateline).
 */
export function splitDateline(paragraph: string): Dateline {
  const agency = AGENCY.exec(paragraph) ?? AGENCY_AFTER_TEXT.exec(paragraph) ?? CAPS_PLACE.exec(paragraph);
  if (agency && agency[0].length < paragraph.length) {
    return { place: agency[1]!.replace(/[\s,]+$/u, ''), text: paragraph.slice(agency[0].length) };
  }
  const placed = placeRegionCut(paragraph);
  if (placed && paragraph.length - placed.length >= 20) return { place: placed.place, text: paragraph.slice(placed.length) };
  const city = bareCityCut(paragraph);
  return city ? { place: city.place, text: paragraph.slice(city.length) } : { place: '', text: paragraph };
}

/** The first paragraph of a body without its dateline. */
export function stripDateline(paragraph: string): string {
  return splitDateline(paragraph).text;
}
