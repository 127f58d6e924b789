import { STOPWORDS, normalizeToken } from './sentences.js';
import { COUNTRY_BY_PHRASE } from './countries.js';
import { PerSpelling, isSpace, spellingGeneration, tokenizePieces, type Tokens } from './spellings.js';
import { DocumentIds } from './document-ids.js';

/** Key phrases: word pairs and triples without stop words that recur in a document. */

// Frequent in news but about nothing in particular.
const GENERIC = new Set(
  `last next first second third year years week weeks month months day days time times ago per cent
  percent today yesterday tomorrow recent recently number lot lots way ways thing things people part
  end start set go going get got make made take took see seen say according including well even
  still back many much may might must yet already around ever never like just really stated
  asked added saying called one two three four five six seven eight nine ten eleven twelve twenty
  hundred hundreds thousand thousands million millions billion billions dozen dozens several`.split(/\s+/),
);

function usable(w: string): boolean {
  if (w.length < 2) return false;
  const c = w.charCodeAt(0);
  if (c >= 48 && c <= 57) return false;
  if (w.endsWith('ly')) return false;
  return !STOPWORDS.has(w) && !GENERIC.has(w);
}

/** Word ids a phrase key packs per word: a document with more distinct words ignores the rest. */
const ID_LIMIT = 1 << 17;

/**
 * Per spelling: its folded form's id in `words` shifted left by two, with bit 0 set when it is
 * written with a capital and bit 1 when the word names a people or country; -1 when the word may
 * not be part of a phrase (a stop word, a number, an adverb).
 */
const words: string[] = [];
const wordIds = new Map<string, number>();
let wordsGeneration = -1;
const CAPITAL = 1;
const COUNTRY = 2;
const phraseWord = new PerSpelling((piece) => {
  const n = normalizeToken(piece);
  if (!usable(n)) return -1;
  let id = wordIds.get(n);
  if (id === undefined) {
    id = words.length;
    wordIds.set(n, id);
    words.push(n);
  }
  const c = piece.charCodeAt(0);
  const capital = (c >= 65 && c <= 90) || (c > 127 && piece[0] !== piece[0]!.toLowerCase());
  return (id << 2) | (capital ? CAPITAL : 0) | (COUNTRY_BY_PHRASE.has(n) ? COUNTRY : 0);
});

/** Per word id: its id in the document being read, in order of first use. */
const docIds = new DocumentIds();

/**
 * Whether the text between two words holds punctuation that ends a clause, as PIECE's other
 * alternatives match it: one of `,;:()"“”‘’—–!?`, a period before a space or the end, or a
 * dash between spaces. (Between two words there is never a letter or digit.)
 */
function breaksPhrase(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 32) {
      const d = text.charCodeAt(i + 1);
      if ((d === 45 || d === 0x2013) && i + 2 < text.length && isSpace(text.charCodeAt(i + 2))) return true;
      continue;
    }
    switch (c) {
      case 44: case 59: case 58: case 40: case 41: case 34: case 0x201c: case 0x201d: case 0x2018: case 0x2019: case 0x2014: case 0x2013: case 33: case 63:
        return true;
      case 46:
        if (i + 1 >= text.length || isSpace(text.charCodeAt(i + 1))) return true;
        break;
      default:
        if (c !== 45 && isSpace(c)) {
          const d = text.charCodeAt(i + 1);
          if ((d === 45 || d === 0x2013) && i + 2 < text.length && isSpace(text.charCodeAt(i + 2))) return true;
        }
    }
  }
  return false;
}

/** Up to `max` phrases, the most repeated (and longest) first; the title counts double. */
export function extractKeyPhrases(title: string, sentences: string[], max = 8): string[] {
  return keyPhrasesOf(tokenizePieces([title, ...sentences]), sentences.length, max);
}

/**
 * Key phrases from a document's tokens (piece 0 its title, then its sentences; the first
 * `sentences` of them are read).
 */
export function keyPhrasesOf(tokens: Tokens, sentences: number, max = 8): string[] {
  if (wordsGeneration !== spellingGeneration()) {
    words.length = 0;
    wordIds.clear();
    wordsGeneration = spellingGeneration();
  }
  // Phrases are counted under numeric keys built from per-document word ids (pairs: a·L + b,
  // triples: (a·L + b)·L + c, below 2^53): no string is made for a phrase said only once.
  const docWords: number[] = [];
  docIds.begin();
  // Each count is twice the weighted count, plus 1 once the body uses the phrase: a headline's
  // wording alone ("greer attacks") is not a topic.
  const pairs = new Map<number, number>();
  const triples = new Map<number, number>();
  const { pieces, spell, start, end, first } = tokens;
  const last = Math.min(pieces.length, sentences + 1);
  for (let p = 0; p < last; p++) {
    const text = pieces[p]!;
    const weight = p === 0 ? 2 : 1;
    const inBody = p === 0 ? 0 : 1;
    // Two words back, and whether they may start a phrase; punctuation resets both, so a phrase
    // never crosses it ("in Gaza, Blinken said" holds no "gaza blinken").
    let w1 = -1;
    let w2 = -1;
    let after = 0;
    for (let k = first[p]!; k < first[p + 1]!; k++) {
      const at = start[k]!;
      if (w2 >= 0 && breaksPhrase(text, after, at)) w1 = w2 = -1;
      after = end[k]!;
      const code = phraseWord.get(spell[k]!);
      if (code < 0) {
        w1 = w2 = -1;
        continue;
      }
      const g = code >> 2;
      let id = docIds.find(g);
      if (id < 0 && docWords.length < ID_LIMIT) {
        id = docIds.idOf(g);
        docWords.push(g);
      } else if (id < 0) {
        w1 = w2 = -1;
        continue;
      }
      // A capital inside a sentence is a name, which entities cover: phrases are common words
      // ("state antony blinken", "us secretary" and "chinese attempts" are no phrases).
      // A sentence's first word is capitalized anyway, unless it names a people ("Chinese").
      if (code & CAPITAL && (at > 0 || code & COUNTRY)) {
        w1 = w2 = -1;
        continue;
      }
      if (w2 >= 0) {
        const pair = w2 * ID_LIMIT + id;
        pairs.set(pair, ((pairs.get(pair) ?? 0) | inBody) + 2 * weight);
        if (w1 >= 0) {
          const triple = (w1 * ID_LIMIT + w2) * ID_LIMIT + id;
          triples.set(triple, ((triples.get(triple) ?? 0) | inBody) + 2 * weight);
        }
      }
      w1 = w2;
      w2 = id;
    }
  }
  const wordOf = (local: number): string => words[docWords[local]!]!;
  const candidates: { p: string; c: number; score: number }[] = [];
  // A longer phrase is worth a little more, but not more than a shorter one said more often.
  for (const [key, v] of pairs) {
    const c = v >> 1;
    if (c < 2 || (v & 1) === 0) continue;
    const b = key % ID_LIMIT;
    const a = (key - b) / ID_LIMIT;
    candidates.push({ p: `${wordOf(a)} ${wordOf(b)}`, c, score: c * (1 + 0.4 * 1) });
  }
  for (const [key, v] of triples) {
    const c = v >> 1;
    if (c < 2 || (v & 1) === 0) continue;
    const z = key % ID_LIMIT;
    const ab = (key - z) / ID_LIMIT;
    const b = ab % ID_LIMIT;
    const a = (ab - b) / ID_LIMIT;
    candidates.push({ p: `${wordOf(a)} ${wordOf(b)} ${wordOf(z)}`, c, score: c * (1 + 0.4 * 2) });
  }
  candidates.sort((a, b) => b.score - a.score || b.c - a.c || a.p.localeCompare(b.p));
  const out: string[] = [];
  for (const r of candidates) {
    // "tony blair" and "prime minister tony blair" say the same: keep the first ranked.
    if (out.some((o) => o.includes(r.p) || r.p.includes(o))) continue;
    out.push(r.p);
    if (out.length >= max) break;
  }
  return out;
}
