/**
 * The lead baselines exactly as ../shared/corpus/README.md defines them, so the figures there
 * can be reproduced: each paragraph split after `.`, `!` or `?` followed by space and a capital,
 * a digit or a quote.
 */

const BOUNDARY = /(?<=[.!?])\s+(?=[A-Z0-9"'\u201C\u2018])/;

export function leadSentences(paragraphs: string[]): string[] {
  const out: string[] = [];
  for (const p of paragraphs) {
    for (const s of p.split(BOUNDARY)) {
      const t = s.trim();
      if (t !== '') out.push(t);
    }
  }
  return out;
}

/** The first k sentences, one per line. */
export function leadK(paragraphs: string[], k: number): string {
  return leadSentences(paragraphs).slice(0, k).join('\n');
}

/**
 * Cuts a summary (sentences on separate lines) after its `words`th whitespace-separated word,
 * keeping the line breaks so ROUGE-Lsum still sees sentences.
 */
export function cutWords(lines: string[], words: number): string {
  const out: string[] = [];
  let left = words;
  for (const line of lines) {
    if (left <= 0) break;
    const ws = line.split(/\s+/).filter((w) => w !== '');
    const kept = ws.slice(0, left);
    left -= kept.length;
    if (kept.length > 0) out.push(kept.join(' '));
  }
  return out.join('\n');
}
