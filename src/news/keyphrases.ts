import { STOPWORDS, normalizeToken } from './sentences.js';

// A word (group 1), or punctuation that ends a clause; a period counts only before a space.
const PIECE = /([\p{L}\p{N}]+(?:['’]\p{L}+)*(?:\.(?:\p{L}\.)+)?)|[,;:()"“”‘’—–!?]|\.(?=\s|$)|\s[-–]\s/gu;

/** Key phrases: word pairs and triples without stop words that recur in a document. */

// Frequent in news but about nothing in particular.
const GENERIC = new Set(
  `last next first second third year years week weeks month months day days time times ago per cent
  percent today yesterday tomorrow recent recently number lot lots way ways thing things people part
  end start set go going get got make made take took see seen say according including well even
  still back many much may might must yet already around ever never like just really stated
  asked added saying called`.split(/\s+/),
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

/** Up to `max` phrases, the most repeated (and longest) first; the title counts double. */
export function extractKeyPhrases(title: string, sentences: string[], max = 8): string[] {
  const counts = new Map<string, number>();
  // Phrases the body uses: a headline's wording alone ("greer attacks") is not a topic.
  const inBody = new Set<string>();
  const add = (key: string, weight: number): void => {
    counts.set(key, (counts.get(key) ?? 0) + weight);
    if (weight === 1) inBody.add(key);
  };
  const scan = (text: string, weight: number): void => {
    // Two words back, and whether they may start a phrase; punctuation resets both, so a phrase
    // never crosses it ("in Gaza, Blinken said" holds no "gaza blinken").
    let w1 = '';
    let w2 = '';
    PIECE.lastIndex = 0;
    for (let m = PIECE.exec(text); m !== null; m = PIECE.exec(text)) {
      const piece = m[0];
      if (m[1] === undefined) {
        w1 = w2 = '';
        continue;
      }
      let w = memo.get(piece);
      if (w === undefined) {
        const n = normalizeToken(piece);
        w = usable(n) ? n : '';
        if (memo.size < 200_000) memo.set(piece, w);
      }
      if (w === '') {
        w1 = w2 = '';
        continue;
      }
      if (w2 !== '') {
        add(`${w2} ${w}`, weight);
        if (w1 !== '') add(`${w1} ${w2} ${w}`, weight);
      }
      w1 = w2;
      w2 = w;
    }
  };
  scan(title, 2);
  for (const s of sentences) scan(s, 1);
  const ranked = [...counts.entries()]
    .filter(([p, c]) => c >= 2 && inBody.has(p))
    // A longer phrase is worth a little more, but not more than a shorter one said more often.
    .map(([p, c]) => ({ p, c, score: c * (1 + 0.4 * (p.split(' ').length - 1)) }))
    .sort((a, b) => b.score - a.score || b.c - a.c || a.p.localeCompare(b.p));
  const out: string[] = [];
  for (const r of ranked) {
    // "tony blair" and "prime minister tony blair" say the same: keep the first ranked.
    if (out.some((o) => o.includes(r.p) || r.p.includes(o))) continue;
    out.push(r.p);
    if (out.length >= max) break;
  }
  return out;
}
