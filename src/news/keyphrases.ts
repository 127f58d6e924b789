import { STOPWORDS, tokenize } from './sentences.js';

/** Key phrases: word pairs and triples without stop words that recur in a document. */

// Frequent in news but about nothing in particular.
const GENERIC = new Set(
  `last next first second third year years week weeks month months day days time times ago per cent
  percent today yesterday tomorrow recent recently number lot lots way ways thing things people part
  end start set go going get got make made take took see seen say according including well even
  still back many much may might must yet already around ever never like just really stated
  asked added saying called`.split(/\s+/),
);

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
  const scan = (text: string, weight: number): void => {
    // A phrase never crosses punctuation: "in Gaza, Blinken said" holds no "gaza blinken".
    for (const clause of text.split(/[,;:()"“”‘’—–!?]|\.\s|\s[-–]\s/)) scanClause(clause, weight);
  };
  const scanClause = (text: string, weight: number): void => {
    const ws = tokenize(text);
    const ok = ws.map(usable);
    for (let i = 0; i + 1 < ws.length; i++) {
      if (!ok[i] || !ok[i + 1]) continue;
      const two = `${ws[i]} ${ws[i + 1]}`;
      counts.set(two, (counts.get(two) ?? 0) + weight);
      if (i + 2 < ws.length && ok[i + 2]) {
        const three = `${two} ${ws[i + 2]}`;
        counts.set(three, (counts.get(three) ?? 0) + weight);
      }
    }
  };
  scan(title, 2);
  for (const s of sentences) scan(s, 1);
  const ranked = [...counts.entries()]
    .filter(([, c]) => c >= 2)
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
