import { STOPWORDS, normalizeToken } from './sentences.js';
import { COUNTRY_BY_PHRASE } from './countries.js';

// A word (group 1), or punctuation that ends a clause; a period counts only before a space.
const PIECE = /([\p{L}\p{N}]+(?:['’]\p{L}+)*(?:\.(?:\p{L}\.)+)?)|[,;:()"“”‘’—–!?]|\.(?=\s|$)|\s[-–]\s/gu;

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

/** Word as written → its folded form when it may be part of a phrase, else "". */
const memo = new Map<string, string>();

function usable(w: string): boolean {
  if (w.length < 2) return false;
  const c = w.charCodeAt(0);
  if (c >= 48 && c <= 57) return false;
  if (w.endsWith('ly')) return false;
  return !STOPWORDS.has(w) && !GENERIC.has(w);
}

/** Word ids a phrase key packs per word: a document with more distinct words ignores the rest. */
const ID_LIMIT = 1 << 17;

/** Up to `max` phrases, the most repeated (and longest) first; the title counts double. */
export function extractKeyPhrases(title: string, sentences: string[], max = 8): string[] {
  // Phrases are counted under numeric keys built from per-document word ids (pairs: a·L + b,
  // triples: (a·L + b)·L + c, below 2^53): no string is made for a phrase said only once.
  const wordIds = new Map<string, number>();
  const words: string[] = [];
  const pairs = new Map<number, number>();
  const triples = new Map<number, number>();
  // Phrases the body uses: a headline's wording alone ("greer attacks") is not a topic.
  const pairsInBody = new Set<number>();
  const triplesInBody = new Set<number>();
  const scan = (text: string, weight: number): void => {
    // Two words back, and whether they may start a phrase; punctuation resets both, so a phrase
    // never crosses it ("in Gaza, Blinken said" holds no "gaza blinken").
    let w1 = -1;
    let w2 = -1;
    PIECE.lastIndex = 0;
    for (let m = PIECE.exec(text); m !== null; m = PIECE.exec(text)) {
      const piece = m[0];
      if (m[1] === undefined) {
        w1 = w2 = -1;
        continue;
      }
      let w = memo.get(piece);
      if (w === undefined) {
        const n = normalizeToken(piece);
        w = usable(n) ? n : '';
        if (memo.size < 200_000) memo.set(piece, w);
      }
      let id = w === '' ? -1 : (wordIds.get(w) ?? -1);
      if (w !== '' && id < 0 && words.length < ID_LIMIT) {
        id = words.length;
        wordIds.set(w, id);
        words.push(w);
      }
      if (id < 0) {
        w1 = w2 = -1;
        continue;
      }
      // A capital inside a sentence is a name, which entities cover: phrases are common words
      // ("state antony blinken", "us secretary" and "chinese attempts" are no phrases).
      const c = piece.charCodeAt(0);
      const capital = (c >= 65 && c <= 90) || (c > 127 && piece[0] !== piece[0]!.toLowerCase());
      // A sentence's first word is capitalized anyway, unless it names a people ("Chinese").
      if (capital && (m.index > 0 || COUNTRY_BY_PHRASE.has(w))) {
        w1 = w2 = -1;
        continue;
      }
      if (w2 >= 0) {
        const pair = w2 * ID_LIMIT + id;
        pairs.set(pair, (pairs.get(pair) ?? 0) + weight);
        if (weight === 1) pairsInBody.add(pair);
        if (w1 >= 0) {
          const triple = (w1 * ID_LIMIT + w2) * ID_LIMIT + id;
          triples.set(triple, (triples.get(triple) ?? 0) + weight);
          if (weight === 1) triplesInBody.add(triple);
        }
      }
      w1 = w2;
      w2 = id;
    }
  };
  scan(title, 2);
  for (const s of sentences) scan(s, 1);
  const candidates: { p: string; c: number; score: number }[] = [];
  // A longer phrase is worth a little more, but not more than a shorter one said more often.
  for (const [key, c] of pairs) {
    if (c < 2 || !pairsInBody.has(key)) continue;
    const b = key % ID_LIMIT;
    const a = (key - b) / ID_LIMIT;
    candidates.push({ p: `${words[a]} ${words[b]}`, c, score: c * (1 + 0.4 * 1) });
  }
  for (const [key, c] of triples) {
    if (c < 2 || !triplesInBody.has(key)) continue;
    const z = key % ID_LIMIT;
    const ab = (key - z) / ID_LIMIT;
    const b = ab % ID_LIMIT;
    const a = (ab - b) / ID_LIMIT;
    candidates.push({ p: `${words[a]} ${words[b]} ${words[z]}`, c, score: c * (1 + 0.4 * 2) });
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
