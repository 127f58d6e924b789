import type { Entity, EntityKind } from './types.js';
import { COUNTRY_BY_ACRONYM, COUNTRY_BY_PHRASE, COUNTRY_BY_WHOLE_NAME, REGION_BY_PHRASE, countryOf } from './countries.js';
import { STOPWORDS, tokenize } from './sentences.js';
import { isLetterUnit, isSpace } from './spellings.js';
import { ABBREVIATION, nameKeyOfText } from './aliases.js';
import { COMMON_WORD, FUNCTION_WORD, wordClassOf } from './word-classes.js';
import { STATES_NAMED_AS_COUNTRIES, US_STATE_ONLY_NAMES, type UsState } from './us-states.js';

/**
 * Named entities by capitalization: runs of capitalized words, classified by the country
 * dataset (places), titles before names (people) and organization suffixes.
 */

const TITLES = new Set(
  `mr mrs ms miss dr prof professor sir lord lady dame king queen prince princess pope president
  vice prime minister secretary senator sen gov governor chancellor general gen judge justice
  coach manager captain capt chairman chairwoman chief executive director spokesman spokeswoman
  ambassador mayor exchequer rev reverend sheikh ayatollah colonel col sergeant sgt lieutenant commissioner
  state foreign home defence defense deputy shadow leader striker midfielder defender goalkeeper
  boss singer actor actress star rapper author chef officer inspector detective mp mps mep meps msp`.split(/\s+/),
);

// A run ending in one of these names an organization ("Labour Party", "Bank of England").
const ORG_WORDS = new Set(
  `ltd inc plc llc corp corporation co company companies group holdings party bank council ministry
  university college school institute foundation fund trust association federation union nations league
  commission committee agency authority department office board court parliament congress senate
  assembly fc united city rovers athletic club airlines airways motors industries technologies
  systems networks software labs studios records pictures entertainment media news times post
  journal broadcasting network service services police army navy force forces organisation
  organization society church hospital museum exchange reserve`.split(/\s+/),
);

// Capitalized words that start sentences or headlines but name nothing.
const NOT_NAMES = new Set(
  `monday tuesday wednesday thursday friday saturday sunday january february march april may june
  july august september october november december however meanwhile but and the a an in on at
  it its he she they we i this that these those there his her their our yes no some many
  when while after before if as so what who why how one two three four five six seven eight nine
  ten last next first new mr mrs ms dr`.split(/\s+/),
);

// Abbreviations written in capitals that name no organization. Times, roles and everyday
// things (a "TV", a "PC", "GMT") are no topic at all; subjects (HIV, GDP, SMS) are topics of
// their own, just not bodies.
const NOT_NAMES_ABBREVIATIONS = new Set(
  `TV TVS PC PCS GMT BST EST PST CET ET UTC AM PM OK ID IDS CEO CEOS CFO COO MP MPS MEP MEPS DJ
  DJS CD CDS DVD DVDS VHS OBE MBE CBE FAQ PS PPS TBA DIY VIP VIPS`.split(/\s+/),
);
const SUBJECT_ABBREVIATIONS = new Set(
  `GDP HIV AIDS DNA SARS SMS MMS GPS GSM GPRS USB RAM CPU OS XP RSS DRM IPO SUV IQ LGBT CCTV PR
  AI IT VAT`.split(/\s+/),
);

/** An abbreviation that names nothing, also as a plural written with a small s ("MPs", "CEOs"). */
function notAName(word: string): boolean {
  if (NOT_NAMES_ABBREVIATIONS.has(word)) return true;
  // Most words end otherwise: test the ending before the regex (this runs for every name).
  return word.endsWith('s') && /^\p{Lu}{2,}s$/u.test(word) && NOT_NAMES_ABBREVIATIONS.has(word.toUpperCase());
}

// "I'm", "It's", "We've": capitalized, but no name.
const CONTRACTION = /^(?:i|we|you|they|he|she|it|that|there|what|let|here|who)['’]\p{L}+$/iu;

const ARTICLES = new Set(['The', 'A', 'An']);

/** Whether a word holds an apostrophe, as every contraction does: tested before CONTRACTION. */
function hasApostrophe(w: string): boolean {
  return w.includes("'") || w.includes('’');
}

/** An abbreviation as written: "GDP", "US", "U.S", "U.S.", "EU's". */
const ACRONYM_WORD = /^(?:\p{Lu}\.?){2,6}(?:['’]s)?$/u;

/**
 * ACRONYM_WORD, with the test most words fail first: an abbreviation's second character is a
 * capital or a period, never a small ASCII letter ("Obama" fails at "b"). Runs for every word of
 * every name.
 */
function isAcronymWord(word: string): boolean {
  const second = word.charCodeAt(1);
  if (second >= 97 && second <= 122) return false;
  return ACRONYM_WORD.test(word);
}

const CONNECT = new Set(['of', 'the', 'de', 'da', 'van', 'von', 'al', 'bin', 'le', 'la', 'del', '&']);

interface Mention {
  words: string[];
  /** Preceded by a personal title ("Mr", "President"). */
  titled: boolean;
  /** Opens the sentence, so its capital says nothing. */
  initial: boolean;
}

// A run of capitalized words, joined by spaces only (never punctuation: "in Gaza, Blinken said"
// is two names), with up to two connectors inside ("Bank of England", "Republic of the Congo").
const CAP_WORD = "\\p{Lu}[\\p{L}\\p{N}'’.&-]*";
const CONNECTOR = '(?:of|the|de|da|van|von|al|bin|le|la|del|&)';
const RUN = new RegExp(`${CAP_WORD}(?:[ \\t\\u00a0]+(?:${CONNECTOR}[ \\t\\u00a0]+){0,2}${CAP_WORD})*`, 'gu');

/**
 * Whether the run at `at` follows only spaces after a colon, a quote or a bracket, or only
 * spaces in the four characters before it: /(?:^|[:"“‘(])\s*$/ on those four, without making them.
 */
function opensAfter(text: string, at: number): boolean {
  const from = Math.max(0, at - 4);
  let q = at;
  while (q > from && isSpace(text.charCodeAt(q - 1))) q--;
  if (q === from) return true;
  const c = text.charCodeAt(q - 1);
  return c === 58 || c === 34 || c === 0x201c || c === 0x2018 || c === 40;
}

/** Ends in a possessive 's (/['’]s$/). */
function possessive(w: string): boolean {
  const n = w.length;
  if (n < 2 || w.charCodeAt(n - 1) !== 115) return false;
  const c = w.charCodeAt(n - 2);
  return c === 39 || c === 0x2019;
}

function clean(w: string): string {
  const last = w.charCodeAt(w.length - 1);
  // Plain words (the usual case) need no trimming.
  if ((last >= 97 && last <= 122 && last !== 115) || (last >= 65 && last <= 90) || (last >= 48 && last <= 57)) return w;
  return w.replace(/['’]s$/u, '').replace(/['’.-]+$/u, '');
}

/** The word right before `at`, when only spaces separate them ("minister" in "minister Jane Doe"). */
function wordBefore(text: string, at: number): string {
  let end = at;
  while (end > 0 && (text.charCodeAt(end - 1) === 32 || text.charCodeAt(end - 1) === 160)) end--;
  if (end === at) return '';
  let start = end;
  while (start > 0 && (isLetterUnit(text.charCodeAt(start - 1)) || text.charCodeAt(start - 1) === 46)) start--;
  return text.slice(start, end);
}

/**
 * What a story's text says of its abbreviations besides using them: "Championship Manager (CM)"
 * defines one; "JG: It seems…" opening paragraphs is a speaker's initials in an interview.
 */
interface AbbreviationNotes {
  /** Abbreviation → the name the text spells out before it in brackets. */
  definitions: Map<string, string>;
  /** Abbreviation → how many sentences it opens as a speaker's label. */
  labels: Map<string, number>;
}

/**
 * Notes what follows a run: " (CM)" after words whose initials those are, or ":" after a lone
 * abbreviation opening the sentence. A character test first: most runs are followed by neither.
 */
function noteAbbreviation(sentence: string, end: number, run: string, words: readonly string[], opens: boolean, notes: AbbreviationNotes): void {
  const c = sentence.charCodeAt(end);
  if (c === 58) {
    if (opens && words.length === 1 && isAcronymWord(run)) notes.labels.set(words[0]!, (notes.labels.get(words[0]!) ?? 0) + 1);
    return;
  }
  if (c !== 32 || sentence.charCodeAt(end + 1) !== 40 || words.length < 2) return;
  const close = sentence.indexOf(')', end + 2);
  if (close < end + 4 || close > end + 8) return;
  const abbreviation = sentence.slice(end + 2, close);
  if (!ABBREVIATION.test(abbreviation)) return;
  // The words it spells, without an opening word or article before them ("In Championship
  // Manager (CM)", "the International Monetary Fund (IMF)").
  for (let k = 0; k + 1 < words.length; k++) {
    if (CONNECT.has(words[k]!.toLowerCase())) continue;
    const name = words.slice(k).join(' ');
    if (initialsOf(name) === abbreviation) {
      notes.definitions.set(abbreviation, name);
      return;
    }
  }
}

function runsOf(sentence: string, notes?: AbbreviationNotes): Mention[] {
  const out: Mention[] = [];
  RUN.lastIndex = 0;
  for (let m = RUN.exec(sentence); m !== null; m = RUN.exec(sentence)) {
    // A handle ("@CNNOpinion", "@BarackObama") is an account, not a name to brief on.
    if (m.index > 0 && sentence.charCodeAt(m.index - 1) === 64) continue;
    // At the start of the sentence, of a quote or after a colon, a capital says nothing.
    let initial = m.index === 0 || opensAfter(sentence, m.index);
    const prev = wordBefore(sentence, m.index);
    let titled = prev !== '' && isTitle(prev);
    let words: string[] = [];
    let prevAcronym = false;
    for (const raw of m[0].split(/[ \t\u00a0]+/)) {
      // Two abbreviations side by side are two names ("U.S GDP", "US FDA"), as is a capitalized
      // article inside a run ("Washington The Supreme Court").
      const acronym = isAcronymWord(raw);
      const twoAcronyms = acronym && prevAcronym;
      prevAcronym = acronym;
      if (words.length > 0 && twoAcronyms) {
        addRun(words, titled, initial, out);
        words = [];
        titled = false;
        initial = false;
      }
      if (words.length > 0 && ARTICLES.has(raw)) {
        addRun(words, titled, initial, out);
        words = [];
        titled = false;
        initial = false;
        continue;
      }
      words.push(clean(raw));
      // A possessive ends the name ("China's backing"); what follows is another.
      if (possessive(raw)) {
        addRun(words, titled, initial, out);
        words = [];
        titled = false;
        initial = false;
      }
    }
    // Most runs end before neither a colon nor " (": test the characters before the call.
    const end = m.index + m[0].length;
    const next = sentence.charCodeAt(end);
    if (notes !== undefined && (next === 58 || (next === 32 && sentence.charCodeAt(end + 1) === 40))) noteAbbreviation(sentence, end, m[0], words, m.index === 0, notes);
    addRun(words, titled, initial, out);
  }
  return out;
}

function addRun(run: string[], titled: boolean, initial: boolean, out: Mention[]): void {
  let words = run;
  // Connectors at the edges belong to no name ("of" left over after a possessive split). After a
  // sentence's opening "The", a capital is a name's again ("The Tories said").
  while (words.length > 0 && CONNECT.has(words[0]!.toLowerCase())) {
    words = words.slice(1);
    initial = false;
  }
  if (words.length === 0) return;
  // The first word of a sentence is capitalized anyway; drop it when it is an ordinary word
  // ("Despite Labour's…", "Although Blair…"). "New" before another capital is part of the name
  // ("New Jersey", "New Zealand").
  const first = words[0]!.toLowerCase();
  if (
    initial &&
    (STOPWORDS.has(first) ||
      (NOT_NAMES.has(first) && !(first === 'new' && /^\p{Lu}\p{Ll}/u.test(words[1] ?? ''))) ||
      // A lone opening word is no name anyway unless used inside a sentence (extractEntities).
      (words.length > 1 && wordClassOf(first) === FUNCTION_WORD))
  ) {
    words = words.slice(1);
    initial = false;
  }
  splitOnTitles(words, out, titled, initial);
}

function isTitle(w: string): boolean {
  // Runs for every word of every name: no regex for the usual word without a period.
  const lower = w.toLowerCase();
  return TITLES.has(lower.endsWith('.') ? lower.slice(0, -1) : lower);
}

/**
 * Title words that only qualify another ("Foreign Secretary", "Vice President", "Secretary of
 * State"): on their own at the end of a name they are part of it ("Islamic State").
 */
const QUALIFIERS = new Set(`state foreign home defence defense deputy shadow vice prime chief executive`.split(/\s+/));

/**
 * "US Secretary of State Antony Blinken" → "US" and the titled "Antony Blinken". A title word
 * before an organization's word names the organization ("State Department", "Home Office",
 * "Justice Department"), and a qualifier ending the run titles nobody ("Islamic State"): those
 * runs stay whole.
 */
function splitOnTitles(run: string[], out: Mention[], titledBefore: boolean, initial: boolean): void {
  let lastTitle = -1;
  run.forEach((w, k) => {
    if (isTitle(w)) lastTitle = k;
  });
  const n = run.length;
  const organization = lastTitle === n - 2 && n >= 2 && ORG_WORDS.has(run[n - 1]!.toLowerCase());
  if (lastTitle < 0) {
    push(run, titledBefore, initial, out);
    return;
  }
  if (organization) {
    // "U.S State Department": the country, then its department.
    if (n > 2) push(run.slice(0, n - 2), false, initial, out);
    push(run.slice(n - 2), false, initial && n === 2, out);
    return;
  }
  const firstTitle = run.findIndex(isTitle);
  if (lastTitle === n - 1 && firstTitle > 0) {
    // The titles that end the run, back to the first one after a name word ("Secretary of State").
    let block = n - 1;
    while (block > 0 && (isTitle(run[block - 1]!) || CONNECT.has(run[block - 1]!.toLowerCase()))) block--;
    const qualifiersOnly = run.slice(block).every((w) => QUALIFIERS.has(w.toLowerCase()));
    if (qualifiersOnly && run.slice(0, block).every((w) => !isTitle(w))) {
      push(run, titledBefore, initial, out);
      return;
    }
  }
  push(run.slice(0, firstTitle), false, initial, out);
  push(run.slice(lastTitle + 1), true, false, out);
}

function push(words: string[], titled: boolean, initial: boolean, out: Mention[]): void {
  let ws = words;
  while (ws.length > 0 && CONNECT.has(ws[0]!.toLowerCase())) ws = ws.slice(1);
  while (ws.length > 0 && CONNECT.has(ws[ws.length - 1]!.toLowerCase())) ws = ws.slice(0, -1);
  if (ws.length === 0 || ws.length > 6) return;
  if (ws.length === 1 && (NOT_NAMES.has(ws[0]!.toLowerCase()) || (hasApostrophe(ws[0]!) && CONTRACTION.test(ws[0]!)) || notAName(ws[0]!))) return;
  out.push({ words: ws, titled, initial: initial && ws === words });
}

/**
 * The country a word names as its demonym ("American" → United States), or undefined. A
 * country's own name or capital may be a given name ("Jordan", "Paris Hilton"); its demonym is not.
 */
function demonymOf(word: string): string | undefined {
  const key = word.toLowerCase();
  const c = COUNTRY_BY_PHRASE.get(key)?.[0];
  return c && !c.names.includes(key) && !c.capitals.includes(key) ? c.name : undefined;
}

/** The folded phrase the country table is keyed by. */
function phraseKey(words: string[]): string {
  const text = words.join(' ');
  return /^[A-Za-z ]+$/.test(text) ? text.toLowerCase() : tokenize(text).join(' ');
}

function classifyPlaceOrOrg(words: string[]): { text: string; kind: EntityKind } | undefined {
  const text = words.join(' ');
  // "U.S", "U.S." and "US" are one acronym: the dots say nothing.
  const letters = words.length === 1 ? text.replace(/\./g, '') : '';
  if (words.length === 1 && ABBREVIATION.test(letters)) {
    const c = COUNTRY_BY_ACRONYM.get(letters);
    if (c) return { text: c.name, kind: 'place' };
    return SUBJECT_ABBREVIATIONS.has(letters) ? undefined : { text: letters, kind: 'organization' };
  }
  const key = phraseKey(words);
  const whole = COUNTRY_BY_WHOLE_NAME.get(key);
  if (whole) return { text: whole.name, kind: 'place' };
  const region = REGION_BY_PHRASE.get(key) ?? (key.endsWith('s') ? REGION_BY_PHRASE.get(key.slice(0, -1)) : undefined);
  if (region !== undefined) return { text: region, kind: 'place' };
  // "Americans" are the United States as "American" is.
  const place = countryOf(key) ?? (key.endsWith('s') ? countryOf(key.slice(0, -1)) : undefined);
  if (place) return { text: place.capital ? text : place.country, kind: 'place' };
  const last = words[words.length - 1]!.toLowerCase();
  const first = words[0]!.toLowerCase();
  // A lone "University" or "Council" names no particular one.
  if ((words.length > 1 && ORG_WORDS.has(last)) || (words.length > 2 && ORG_WORDS.has(first) && words[1]!.toLowerCase() === 'of')) {
    return { text, kind: 'organization' };
  }
  return undefined;
}

/**
 * Whether a story's name of a state that is also a country's ("Georgia") means the state: the
 * story names the state's capital (Atlanta) or another state (Alabama), writes the state as AP
 * abbreviates it ("R-Ga."), a place, a comma and the name ("Cobb County, Georgia"; not "Italy,
 * Georgia"), or names the United States and no other country; and it names the country by none
 * of its other names (Tbilisi, Georgian). Otherwise
 * the country, as the dataset reads it.
 */
function readsAsState(state: UsState, title: string, sentences: string[], mentions: readonly Mention[]): boolean {
  const country = COUNTRY_BY_PHRASE.get(state.phrase)?.[0];
  const countryNames = new Set(country?.phrases ?? []);
  let us = false;
  let unitedStates = false;
  let abroad = false;
  for (const m of mentions) {
    const phrase = phraseKey(m.words);
    if (phrase !== state.phrase && countryNames.has(phrase)) return false;
    if (phrase === state.capital || US_STATE_ONLY_NAMES.has(phrase)) us = true;
    const place = phrase === state.phrase ? undefined : m.words.length === 1 && isAcronymWord(m.words[0]!) ? COUNTRY_BY_ACRONYM.get(m.words[0]!.replace(/\./g, '')) : COUNTRY_BY_PHRASE.get(phrase)?.[0];
    if (place?.code === 'USA') unitedStates = true;
    else if (place !== undefined) abroad = true;
  }
  // "The woman from Georgia" in a story that names the United States and no other country.
  if (us || (unitedStates && !abroad)) return true;
  // The abbreviation only where AP abbreviates the state (it spells out Texas, Ohio…).
  const ap = state.ap === state.name ? '' : `|${state.ap.replace(/\./g, '\\.')}(?!\\p{L})`;
  const named = new RegExp(`(?:^|[^\\p{L}])(?:(\\p{Lu}[\\p{L}'’-]*),\\s+${state.name}\\b${ap})`, 'gu');
  for (const text of [title, ...sentences]) {
    if (!text.includes(state.name) && (ap === '' || !text.includes(state.ap))) continue;
    // "Italy, Georgia" lists two countries.
    for (const m of text.matchAll(named)) if (m[1] === undefined || !COUNTRY_BY_PHRASE.has(phraseKey([m[1]]))) return true;
  }
  return false;
}

/** Words that make a region's name of a place's: a closed set. */
const COMPASS = new Set(`north south east west northern southern eastern western central northeast northwest southeast southwest upper lower greater`.split(' '));

/**
 * "Prominent Uyghur scholar goes on trial", "Former Tory leader…", "Vote Tory": a common word
 * opening a sentence or headline is no part of the name after it when the story names that name
 * on its own and never with the word inside a sentence. A name it begins stays whole ("Royal Mail",
 * "North Korea": a place or organization by its words, or said so elsewhere).
 */
function dropOpeningWords(
  mentions: Mention[],
  midSentence: ReadonlySet<string>,
  titledNames: ReadonlySet<string>,
  classify: (words: string[]) => { text: string; kind: EntityKind } | undefined,
): void {
  let inner: Set<string> | undefined;
  for (const m of mentions) {
    if (!m.initial || m.titled || m.words.length < 2 || wordClassOf(m.words[0]!) !== COMMON_WORD) continue;
    // Names of several words said inside a sentence: built for the few stories that need them.
    inner ??= new Set(mentions.filter((n) => !n.initial && n.words.length > 1).map((n) => n.words.join(' ')));
    if (inner.has(m.words.join(' ')) || classify(m.words) !== undefined) continue;
    let rest = m.words.slice(1);
    // "Like the Tories", "Half of UK's": no connector opens a name.
    while (rest.length > 0 && CONNECT.has(rest[0]!.toLowerCase())) rest = rest.slice(1);
    if (rest.length === 0) continue;
    // A compass word before a place names a part of it ("Northern Ireland", "Western Europe").
    if (COMPASS.has(m.words[0]!.toLowerCase()) && classify(rest)?.kind === 'place') continue;
    // The rest on its own: as a whole, or by its last word when that is a person's surname
    // ("Journalist John Gapper" and "Gapper"), not an organization's ("Television Commission").
    const last = rest[rest.length - 1]!;
    const byLast = rest.length > 1 && !ORG_WORDS.has(last.toLowerCase()) && (midSentence.has(last) || titledNames.has(last));
    const alone = rest.length === 1 ? midSentence.has(last) || titledNames.has(last) : byLast || inner.has(rest.join(' '));
    if (!alone) continue;
    m.words = rest;
    m.initial = false;
  }
}

/** Entities of a document, most mentioned first (at most `max`). */
export function extractEntities(title: string, sentences: string[], max = 12): Entity[] {
  const notes: AbbreviationNotes = { definitions: new Map(), labels: new Map() };
  const mentions = runsOf(title, notes);
  for (const s of sentences) for (const m of runsOf(s, notes)) mentions.push(m);
  // The same name recurs through an article: classify each spelling once.
  const known = new Map<string, { text: string; kind: EntityKind } | undefined>();
  const classify = (words: string[]): { text: string; kind: EntityKind } | undefined => {
    const key = words.join(' ');
    if (known.has(key)) return known.get(key);
    let c = classifyPlaceOrOrg(words);
    // "Georgia" in a story about Atlanta is the state, which is no country: a name as the other states are.
    if (c !== undefined && c.kind === 'place' && words.length === 1) {
      const state = STATES_NAMED_AS_COUNTRIES.get(phraseKey(words));
      if (state !== undefined && readsAsState(state, title, sentences, mentions)) c = undefined;
    }
    known.set(key, c);
    return c;
  };
  const titledNames = new Set<string>();
  const midSentence = new Set<string>();
  for (const m of mentions) {
    if (m.titled) titledNames.add(m.words[m.words.length - 1]!);
    if (m.titled && m.words.length === 1) titledNames.add(m.words[0]!);
    if (!m.initial && m.words.length === 1) midSentence.add(m.words[0]!);
  }

  dropOpeningWords(mentions, midSentence, titledNames, classify);

  const counts = new Map<string, { entity: Entity; count: number }>();
  const add = (text: string, kind: EntityKind): void => {
    const key = `${kind}:${text}`;
    const hit = counts.get(key);
    if (hit) hit.count++;
    else counts.set(key, { entity: { text, kind }, count: 1 });
  };

  // Full names first, so a lone surname ("Blinken") or a titled given name ("President Xi")
  // joins the full name ("Antony Blinken", "Xi Jinping").
  const people = new Map<string, string>();
  for (const m of mentions) {
    if (m.words.length < 2 || m.words.length > 4) continue;
    if (classify(m.words) || demonymOf(m.words[0]!) !== undefined) continue;
    const first = m.words[0]!;
    const last = m.words[m.words.length - 1]!;
    const full = m.words.join(' ');
    if (m.titled || titledNames.has(last) || midSentence.has(last)) {
      if (!people.has(last)) people.set(last, full);
    } else if (titledNames.has(first) && !people.has(first)) people.set(first, full);
  }

  const fullNames = new Set(people.values());
  // Names the story uses on their own, not opening a sentence: what a country before them leaves.
  // Built only when a name opens with a country (few do).
  let alone: Set<string> | undefined;
  const usedAlone = (name: string): boolean => {
    if (!alone) {
      alone = new Set(midSentence);
      for (const m of mentions) if (m.words.length > 1) alone.add(m.words.join(' '));
      for (const n of fullNames) alone.add(n);
    }
    return alone.has(name);
  };
  const countryBefore = (words: string[]): string | undefined => {
    if (words.length < 2) return undefined;
    const first = words[0]!;
    // The acronym table's keys are all abbreviations: only one can be among them.
    const country = demonymOf(first) ?? (isAcronymWord(first) ? COUNTRY_BY_ACRONYM.get(first.replace(/\./g, ''))?.name : undefined);
    return country !== undefined && usedAlone(words.slice(1).join(' ')) ? country : undefined;
  };
  for (const m of mentions) {
    // "American Ebola patient", "U.S Supreme Court": a country before a name the story uses alone
    // is two names.
    const country = countryBefore(m.words);
    const words = country === undefined ? m.words : m.words.slice(1);
    if (country !== undefined) add(country, 'place');
    const placeOrOrg = classify(words);
    if (placeOrOrg) {
      add(placeOrOrg.text, placeOrOrg.kind);
      continue;
    }
    const text = words.join(' ');
    const byLast = people.get(words[words.length - 1]!);
    if (words.length === 1 && byLast) add(byLast, 'person');
    else if (fullNames.has(text)) add(text, 'person');
    else if (m.titled) add(text, 'person');
    else if (m.initial && words.length === 1 && !midSentence.has(text)) continue;
    else add(text, 'other');
  }

  if (notes.definitions.size > 0 || notes.labels.size > 0) applyAbbreviationNotes(counts, notes);
  mergeNamesOfOneThing(counts);
  return [...counts.values()]
    // An unclassified run is a topic only when it recurs and reads like a name, not a heading
    // ("Age of Digital Technology").
    .filter((c) => c.entity.kind !== 'other' || (c.count >= 2 && !/\s(?:of|the|and|&)\s/i.test(c.entity.text) && c.entity.text.split(' ').length <= 3))
    .sort((a, b) => b.count - a.count)
    .slice(0, max)
    .map((c) => c.entity);
}

/**
 * The initials of a name of several words, connectors left out, an abbreviation in it whole
 * ("European Union" → "EU", "Bank of England" → "BE", "UK Independence Party" → "UKIP").
 */
export function initialsOf(name: string): string {
  const words = name.split(' ').filter((w) => !CONNECT.has(w.toLowerCase()) && w !== 'and');
  if (words.length < 2) return '';
  // An abbreviation's second letter is a capital: test that before the regex.
  return words.map((w) => (w.length > 1 && w.charCodeAt(1) >= 65 && w.charCodeAt(1) <= 90 && ABBREVIATION.test(w) ? w : w[0]!)).join('').toUpperCase();
}

/**
 * An abbreviation the story defines ("Championship Manager (CM)") counts toward the name it
 * spells, which the story names so; one that only labels a speaker in an interview ("JG: …",
 * twice or more) is the person of those initials ("John Gapper"), or no topic at all.
 */
function applyAbbreviationNotes(counts: Map<string, { entity: Entity; count: number }>, notes: AbbreviationNotes): void {
  const find = (text: string, kinds: readonly EntityKind[]): { entity: Entity; count: number } | undefined => {
    for (const kind of kinds) {
      const hit = counts.get(`${kind}:${text}`);
      if (hit) return hit;
    }
    return undefined;
  };
  for (const [abbreviation, name] of notes.definitions) {
    const short = counts.get(`organization:${abbreviation}`);
    if (short === undefined) continue;
    let full = find(name, ['organization', 'person', 'other']);
    if (full === undefined) {
      full = { entity: { text: name, kind: 'organization' }, count: 0 };
      counts.set(`organization:${name}`, full);
    }
    full.count += short.count;
    // A name the story abbreviates is an organization's, not a heading ("… of Athletics Federations").
    if (full.entity.kind === 'other') full.entity = { ...full.entity, kind: 'organization' };
    counts.delete(`organization:${abbreviation}`);
  }
  for (const [abbreviation, n] of notes.labels) {
    const label = counts.get(`organization:${abbreviation}`);
    // Used otherwise too, or once only: a name, not a transcript's label.
    if (label === undefined || n < 2 || label.count > n) continue;
    counts.delete(`organization:${abbreviation}`);
    for (const c of counts.values()) {
      if (c.entity.kind === 'person' && initialsOf(c.entity.text) === abbreviation) {
        c.count += label.count;
        break;
      }
    }
  }
}

/** Whether a name of several words ends as an organization's does ("European Union", "National Security Agency"). */
export function endsAsOrganization(name: string): boolean {
  const at = name.lastIndexOf(' ');
  if (at <= 0) return false;
  const last = name.slice(at + 1).toLowerCase();
  // "International Association of Athletics Federations" as "… Federation".
  return ORG_WORDS.has(last) || (last.endsWith('s') && ORG_WORDS.has(last.slice(0, -1)));
}

/**
 * One thing under one name within a document: names with one key (nameKeyOf: a plural and its
 * singular, a name with and without its legal form, an alias) join, the name said more often
 * winning; then an abbreviation joins the name of several words it is the initials of ("EU" →
 * "European Union", "NSA" → "National Security Agency"), shown by the full name.
 */
function mergeNamesOfOneThing(counts: Map<string, { entity: Entity; count: number }>): void {
  // The name kept is the one said most on its own ("Tories" twice beats "Conservatives" and "Tory").
  const said = new Map<string, number>();
  const join = (from: string, to: string): string => {
    const a = counts.get(from)!;
    const b = counts.get(to)!;
    const saidA = said.get(from) ?? a.count;
    const saidB = said.get(to) ?? b.count;
    const [keep, drop, keepKey, dropKey] = saidA > saidB ? [a, b, from, to] : [b, a, to, from];
    said.set(keepKey, Math.max(saidA, saidB));
    keep.count += drop.count;
    if (keep.entity.kind === 'other') keep.entity = { ...keep.entity, kind: drop.entity.kind };
    counts.delete(dropKey);
    return keepKey;
  };
  const byName = new Map<string, string>();
  let abbreviations = false;
  for (const [key, c] of [...counts]) {
    // A place is one already (countries.ts); a person's name has no plural, legal form or alias.
    if (c.entity.kind === 'place' || c.entity.kind === 'person') continue;
    if (!abbreviations && ABBREVIATION.test(c.entity.text)) abbreviations = true;
    const name = nameKeyOfText(c.entity.text);
    const other = byName.get(name);
    byName.set(name, other === undefined ? key : join(key, other));
  }
  // Only an organization's name stands for an abbreviation: a person's initials are no name of
  // theirs (a column by Bill Thompson about BT). Most stories name no abbreviation: no initials.
  if (!abbreviations) return;
  const byInitials = new Map<string, string>();
  for (const [key, c] of counts) {
    if (c.entity.kind === 'place' || (c.entity.kind !== 'organization' && !endsAsOrganization(c.entity.text))) continue;
    const initials = initialsOf(c.entity.text);
    if (initials !== '' && !byInitials.has(initials)) byInitials.set(initials, key);
  }
  for (const [key, c] of [...counts]) {
    if (c.entity.kind === 'place' || !ABBREVIATION.test(c.entity.text)) continue;
    const full = byInitials.get(c.entity.text);
    // The full name is what the abbreviation stands for: it names the topic.
    const into = full === undefined ? undefined : counts.get(full);
    if (into === undefined || into === c) continue;
    into.count += c.count;
    counts.delete(key);
  }
}
