import type { Entity, EntityKind } from './types.js';
import { COUNTRY_BY_ACRONYM, countryOf } from './countries.js';
import { STOPWORDS, tokenize } from './sentences.js';

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
  boss singer actor actress star rapper author chef officer inspector detective`.split(/\s+/),
);

// A run ending in one of these names an organization ("Labour Party", "Bank of England").
const ORG_WORDS = new Set(
  `ltd inc plc llc corp corporation co company companies group holdings party bank council ministry
  university college school institute foundation fund trust association federation union league
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

// "I'm", "It's", "We've": capitalized, but no name.
const CONTRACTION = /^(?:i|we|you|they|he|she|it|that|there|what|let|here|who)['’]\p{L}+$/iu;

const CONNECT = new Set(['of', 'the', 'de', 'da', 'van', 'von', 'al', 'bin', 'le', 'la', 'del', '&']);

interface Mention {
  words: string[];
  /** Preceded by a personal title ("Mr", "President"). */
  titled: boolean;
  /** Opens the sentence, so its capital says nothing. */
  initial: boolean;
}

const WORD = /[\p{L}\p{N}][\p{L}\p{N}'’.&-]*|&/gu;


const UPPER_START = /^\p{Lu}/u;

function isCapitalized(w: string): boolean {
  const c = w.charCodeAt(0);
  if (c < 128) return c >= 65 && c <= 90;
  return UPPER_START.test(w);
}

function clean(w: string): string {
  const last = w.charCodeAt(w.length - 1);
  // Plain words (the usual case) need no trimming.
  if ((last >= 97 && last <= 122 && last !== 115) || (last >= 65 && last <= 90) || (last >= 48 && last <= 57)) return w;
  return w.replace(/['’]s$/u, '').replace(/['’.-]+$/u, '');
}

function onlySpaces(text: string, from: number, to: number): boolean {
  if (from >= to) return false;
  for (let k = from; k < to; k++) {
    const c = text.charCodeAt(k);
    if (c !== 32 && c !== 9 && c !== 160) return false;
  }
  return true;
}

function runsOf(sentence: string): Mention[] {
  const words: string[] = [];
  // joined[k]: word k follows word k-1 with only spaces between; a name never crosses punctuation
  // ("in Gaza, Blinken said" is two names).
  const joined: boolean[] = [];
  let prevEnd = -1;
  let anyCapital = false;
  WORD.lastIndex = 0;
  for (let m = WORD.exec(sentence); m !== null; m = WORD.exec(sentence)) {
    joined.push(prevEnd >= 0 && onlySpaces(sentence, prevEnd, m.index));
    words.push(m[0]);
    prevEnd = m.index + m[0].length;
    if (!anyCapital && isCapitalized(m[0])) anyCapital = true;
  }
  const out: Mention[] = [];
  if (!anyCapital) return out;
  let i = 0;
  while (i < words.length) {
    if (!isCapitalized(words[i]!)) {
      i++;
      continue;
    }
    const run: string[] = [];
    let j = i;
    while (j < words.length && (j === i || joined[j])) {
      const w = words[j]!;
      if (isCapitalized(w)) {
        run.push(clean(w));
        j++;
        // A possessive ends the name ("China's backing").
        if (/['’]s$/u.test(w)) break;
      } else if (CONNECT.has(w.toLowerCase()) && run.length > 0 && j + 1 < words.length && joined[j + 1] && isCapitalized(words[j + 1]!)) {
        run.push(w);
        j++;
      } else break;
    }
    let words0 = run;
    let initial = i === 0;
    // The first word of a sentence is capitalized anyway; drop it when it is an ordinary word.
    if (initial && words0.length > 0 && (STOPWORDS.has(words0[0]!.toLowerCase()) || NOT_NAMES.has(words0[0]!.toLowerCase()))) {
      words0 = words0.slice(1);
      initial = false;
    }
    const titled = i > 0 && joined[i] === true && TITLES.has(words[i - 1]!.toLowerCase().replace(/\.$/, ''));
    splitOnTitles(words0, out, titled, initial);
    i = j > i ? j : i + 1;
  }
  return out;
}

/** "US Secretary of State Antony Blinken" → "US" and the titled "Antony Blinken". */
function isTitle(w: string): boolean {
  return TITLES.has(w.toLowerCase().replace(/\.$/, ''));
}

function splitOnTitles(run: string[], out: Mention[], titledBefore: boolean, initial: boolean): void {
  let lastTitle = -1;
  run.forEach((w, k) => {
    if (isTitle(w)) lastTitle = k;
  });
  if (lastTitle < 0) {
    push(run, titledBefore, initial, out);
    return;
  }
  const firstTitle = run.findIndex(isTitle);
  push(run.slice(0, firstTitle), false, initial, out);
  push(run.slice(lastTitle + 1), true, false, out);
}

function push(words: string[], titled: boolean, initial: boolean, out: Mention[]): void {
  let ws = words;
  while (ws.length > 0 && CONNECT.has(ws[0]!.toLowerCase())) ws = ws.slice(1);
  while (ws.length > 0 && CONNECT.has(ws[ws.length - 1]!.toLowerCase())) ws = ws.slice(0, -1);
  if (ws.length === 0 || ws.length > 6) return;
  if (ws.length === 1 && (NOT_NAMES.has(ws[0]!.toLowerCase()) || CONTRACTION.test(ws[0]!))) return;
  out.push({ words: ws, titled, initial: initial && ws === words });
}

/** The folded phrase the country table is keyed by. */
function phraseKey(words: string[]): string {
  const text = words.join(' ');
  return /^[A-Za-z ]+$/.test(text) ? text.toLowerCase() : tokenize(text).join(' ');
}

function classifyPlaceOrOrg(words: string[]): { text: string; kind: EntityKind } | undefined {
  const text = words.join(' ');
  if (words.length === 1 && /^\p{Lu}{2,6}$/u.test(text)) {
    const c = COUNTRY_BY_ACRONYM.get(text);
    return c ? { text: c.name, kind: 'place' } : { text, kind: 'organization' };
  }
  const place = countryOf(phraseKey(words));
  if (place) return { text: place.capital ? text : place.country, kind: 'place' };
  const last = words[words.length - 1]!.toLowerCase();
  const first = words[0]!.toLowerCase();
  // A lone "University" or "Council" names no particular one.
  if ((words.length > 1 && ORG_WORDS.has(last)) || (words.length > 2 && ORG_WORDS.has(first) && words[1]!.toLowerCase() === 'of')) {
    return { text, kind: 'organization' };
  }
  return undefined;
}

/** Entities of a document, most mentioned first (at most `max`). */
export function extractEntities(title: string, sentences: string[], max = 12): Entity[] {
  const mentions = [title, ...sentences].flatMap(runsOf);
  const titledNames = new Set<string>();
  const midSentence = new Set<string>();
  for (const m of mentions) {
    if (m.titled) titledNames.add(m.words[m.words.length - 1]!);
    if (m.titled && m.words.length === 1) titledNames.add(m.words[0]!);
    if (!m.initial && m.words.length === 1) midSentence.add(m.words[0]!);
  }

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
    if (classifyPlaceOrOrg(m.words)) continue;
    const first = m.words[0]!;
    const last = m.words[m.words.length - 1]!;
    const full = m.words.join(' ');
    if (m.titled || titledNames.has(last) || midSentence.has(last)) {
      if (!people.has(last)) people.set(last, full);
    } else if (titledNames.has(first) && !people.has(first)) people.set(first, full);
  }

  const fullNames = new Set(people.values());
  for (const m of mentions) {
    const known = classifyPlaceOrOrg(m.words);
    if (known) {
      add(known.text, known.kind);
      continue;
    }
    const text = m.words.join(' ');
    const byLast = people.get(m.words[m.words.length - 1]!);
    if (m.words.length === 1 && byLast) add(byLast, 'person');
    else if (fullNames.has(text)) add(text, 'person');
    else if (m.titled) add(text, 'person');
    else if (m.initial && m.words.length === 1 && !midSentence.has(text)) continue;
    else add(text, 'other');
  }

  return [...counts.values()]
    .filter((c) => c.entity.kind !== 'other' || c.count >= 2)
    .sort((a, b) => b.count - a.count)
    .slice(0, max)
    .map((c) => c.entity);
}
