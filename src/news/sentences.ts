import { stemmer } from 'stemmer';
import { isSpace } from './spellings.js';

/**
 * Sentence splitting and tokenizing for English news text.
 *
 * Splitting scans for `.`, `!`, `?` or an ellipsis, followed by optional closing quotes or
 * brackets, then whitespace and a capital, digit or opening quote. A period after a known
 * abbreviation or an initial does not end a sentence; after an abbreviation that can also close
 * one (U.S., etc., Inc., p.m.) it does only when the next word is a typical sentence opener.
 */

// Titles and abbreviations that are always followed by more of the same sentence.
const NEVER_END = new Set(
  `mr mrs ms dr prof st sen rep gov gen col lt capt sgt maj adm cmdr rev hon mt ft fr sr jr
  jan feb mar apr jun jul aug sep sept oct nov dec no nos vs v e.g i.e cf approx dept est fig
  vol pp op ch art sec`.split(/\s+/),
);
NEVER_END.delete('sr');
NEVER_END.delete('jr');

// Abbreviations that may close a sentence ("... in the U.S. The next day ...").
const MAY_END = new Set('etc inc ltd co corp plc llc jr sr bros a.m p.m am pm u.s u.k u.n e.u'.split(/\s+/));

// Words that commonly open a sentence; after a MAY_END abbreviation they mark a boundary.
const OPENERS = new Set(
  `the a an he she it they we i you his her its their our this that these those there here but
  and so yet if when while after before as in on at for with however meanwhile last next one two
  some many most other such what who why how mr mrs ms dr`.split(/\s+/),
);

const TERMINATOR = /[.!?…]/g;
const CLOSERS = `"'”’)]»`;
const OPENING = `"'“‘([«`;

function isUpperOrDigit(ch: string | undefined): boolean {
  return ch !== undefined && /[\p{Lu}\p{N}]/u.test(ch);
}

/**
 * How far back wordBefore looks. Every abbreviation and word it is compared with is far shorter;
 * unbounded, a text of "Ab.Ab.Ab.…" with no spaces made each period rescan the whole run.
 */
const WORD_BEFORE_MAX = 32;

/** The word just before position `end` (exclusive), dots kept ("U.S", "Mr", "p.m"); at most 32 characters. */
function wordBefore(text: string, end: number): string {
  let i = end;
  const stop = Math.max(0, end - WORD_BEFORE_MAX);
  while (i > stop && /[\p{L}\p{N}.]/u.test(text[i - 1]!)) i--;
  return text.slice(i, end);
}

function nextWord(text: string, from: number): string {
  const m = /^[\s"'“‘([«]*([\p{L}\p{N}]+)/u.exec(text.slice(from, from + 40));
  return m ? m[1]!.toLowerCase() : '';
}

function endsSentenceAt(text: string, dot: number, next: number): boolean {
  const before = wordBefore(text, dot).replace(/^\.+/, '');
  if (before === '') return true;
  const key = before.toLowerCase();
  // An initial: "J. K. Rowling", "George W. Bush".
  if (/^\p{Lu}$/u.test(before)) return false;
  if (NEVER_END.has(key)) return false;
  const dotted = /^(?:\p{L}\.)+\p{L}$/u.test(before);
  if (MAY_END.has(key) || dotted) return OPENERS.has(nextWord(text, next));
  return true;
}

/**
 * Whether a line needs tidying: /\s\s|[\t\r\n\f\v\u00a0\u2000-\u200a\u2028\u2029\u3000]|^\s|\s$/,
 * in one pass over the characters (the regex tried every alternative at every position, a few
 * per cent of summarizing and of making a document).
 */
function messy(line: string): boolean {
  const n = line.length;
  if (n === 0) return false;
  if (isSpace(line.charCodeAt(0)) || isSpace(line.charCodeAt(n - 1))) return true;
  let prevSpace = false;
  for (let i = 0; i < n; i++) {
    const c = line.charCodeAt(i);
    if (c === 32) {
      if (prevSpace) return true;
      prevSpace = true;
      continue;
    }
    if (c < 128 && c > 13) {
      prevSpace = false;
      continue;
    }
    if ((c >= 9 && c <= 13) || c === 0xa0 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x3000) return true;
    const space = isSpace(c);
    if (space && prevSpace) return true;
    prevSpace = space;
  }
  return false;
}

/** Collapses runs of white space to one space and trims; most lines need nothing done. */
export function tidy(line: string): string {
  return messy(line) ? line.replace(/\s+/g, ' ').trim() : line;
}

const LOWER_WORD = /^\p{Ll}{2,}$/u;
const UPPER_CHAR = /\p{Lu}/u;
const LOWER_CHAR = /\p{Ll}/u;

/**
 * A period with no space after it, between a lower-case word and a capitalized one
 * ("dangerous.The"): two sentences run together. Not "U.S.", "e.g.", "bbc.co.uk" or "Amazon.Com".
 */
function runTogether(text: string, dot: number): boolean {
  const next = text[dot + 1];
  if (next === undefined || !UPPER_CHAR.test(next) || !LOWER_CHAR.test(text[dot + 2] ?? '')) return false;
  // The word before must be all lower-case letters: scan just those, and give up at once when a
  // capital, digit or dot precedes them ("Ab.Ab.Ab…" costs two steps a period, not 32).
  let i = dot;
  const stop = Math.max(0, dot - WORD_BEFORE_MAX);
  while (i > stop && LOWER_CHAR.test(text[i - 1]!)) i--;
  if (i > 0 && /[\p{L}\p{N}.]/u.test(text[i - 1]!)) return false;
  const before = text.slice(i, dot);
  return LOWER_WORD.test(before) && !NEVER_END.has(before);
}

/** Splits one paragraph into sentences, trimmed, none empty. */
export function splitSentences(paragraph: string): string[] {
  const text = tidy(paragraph);
  if (text === '') return [];
  const out: string[] = [];
  let start = 0;
  let i = 0;
  while (i < text.length) {
    // Jump to the next end mark: most characters are not one.
    TERMINATOR.lastIndex = i;
    const found = TERMINATOR.exec(text);
    if (!found) break;
    i = found.index;
    const ch = text[i]!;
    let end = -1;
    let isPeriod = false;
    if (ch === '…') end = i + 1;
    else if (ch === '.' && text.startsWith('...', i)) {
      end = i + 3;
      while (text[end] === '.') end++;
    } else if (ch === '.' || ch === '!' || ch === '?') {
      end = i + 1;
      while (end < text.length && (text[end] === '!' || text[end] === '?')) end++;
      isPeriod = ch === '.';
    }
    if (end < 0) {
      i++;
      continue;
    }
    let close = end;
    while (close < text.length && CLOSERS.includes(text[close]!)) close++;
    if (isPeriod && close === end && runTogether(text, i)) {
      // "was dangerous.The next day": a lost space, not an abbreviation or a domain name.
      const sentence = text.slice(start, close).trim();
      if (sentence !== '') out.push(sentence);
      start = close;
      i = close;
      continue;
    }
    if (close < text.length && text[close] !== ' ') {
      i = close > i ? close : i + 1;
      continue;
    }
    const next = close + 1;
    let probe = next;
    while (probe < text.length && OPENING.includes(text[probe]!)) probe++;
    const boundary =
      close >= text.length ||
      (isUpperOrDigit(text[probe]) && (!isPeriod || endsSentenceAt(text, i, next)));
    if (boundary) {
      const sentence = text.slice(start, close).trim();
      if (sentence !== '') out.push(sentence);
      start = next;
    }
    i = Math.max(close, i + 1);
  }
  const rest = text.slice(start).trim();
  if (rest !== '') out.push(rest);
  return out;
}

/** A word, a number, or a dotted acronym ("U.S."). */
export const TOKEN = /[\p{L}\p{N}]+(?:['’]\p{L}+)*(?:\.(?:\p{L}\.)+)?/gu;

/** Case folding: lowercase and without diacritics ("Côte" → "cote"). */
export function fold(text: string): string {
  // ASCII has no diacritics to strip; skip the Unicode normalization.
  if (!/[^\x00-\x7f]/.test(text)) return text.toLowerCase();
  return text.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();
}

const PLAIN_WORD = /^[A-Za-z0-9]+$/;

/** One token as tokenize() gives it. */
export function normalizeToken(raw: string): string {
  // Most tokens are plain ASCII words: skip Unicode normalization and the replacements.
  if (PLAIN_WORD.test(raw)) return raw.toLowerCase();
  let t = (/[^\x00-\x7f]/.test(raw) ? fold(raw) : raw.toLowerCase()).replace(/\./g, '');
  t = t.replace(/['’]s$/, '').replace(/['’]/g, '');
  return t;
}

/** Lowercased words without diacritics, possessive 's or dots ("U.S." → "us"). */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(TOKEN)) {
    const t = normalizeToken(m[0]);
    if (t !== '') out.push(t);
  }
  return out;
}

const UPPER = /^\p{Lu}+$/u;

/** All capitals, 2–5 letters, dots aside: "US", "U.S.", "NATO". */
export function isAcronym(raw: string): boolean {
  if (raw.length > 10) return false;
  const letters = raw.replace(/\./g, '');
  return letters.length >= 2 && letters.length <= 5 && UPPER.test(letters);
}

export interface RawToken {
  /** Folded, as tokenize() gives it. */
  word: string;
  /** All capitals in the source, 2–5 letters ("US", "U.S.", "NATO"): an acronym. */
  acronym: boolean;
}

/** Like tokenize(), but says which tokens were written as acronyms. */
export function tokenizeRaw(text: string): RawToken[] {
  const out: RawToken[] = [];
  for (const m of text.matchAll(TOKEN)) {
    const word = normalizeToken(m[0]);
    if (word === '') continue;
    out.push({ word, acronym: isAcronym(m[0]) });
  }
  return out;
}

const stemMemo = new Map<string, string>();

/** Porter stem of a folded word, memoized (news vocabularies are small). */
export function stem(word: string): string {
  let s = stemMemo.get(word);
  if (s === undefined) {
    s = stemmer(word);
    if (stemMemo.size < 500_000) stemMemo.set(word, s);
  }
  return s;
}

// NLTK's English stop list plus reporting verbs that every news sentence shares. Not "won":
// NLTK lists it for "won't" (which folds to "wont" here), and "won" is news ("won the title").
export const STOPWORDS: ReadonlySet<string> = new Set(
  `i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she
  her hers herself it its itself they them their theirs themselves what which who whom this that
  these those am is are was were be been being have has had having do does did doing a an the and
  but if or because as until while of at by for with about against between into through during
  before after above below to from up down in out on off over under again further then once here
  there when where why how all any both each few more most other some such no nor not only own same
  so than too very s t can will just don should now d ll m o re ve y ain aren couldn didn doesn
  hadn hasn haven isn ma mightn mustn needn shan shouldn wasn weren wouldn also said says would
  could told added mr mrs ms`.split(/\s+/),
);
