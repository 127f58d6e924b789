import * as rouge from 'js-rouge';

/**
 * ROUGE F1 as Google's rouge-score computes it (no stemming): lowercase, `[a-z0-9]+` tokens,
 * ROUGE-Lsum over newline-separated sentences. js-rouge 3.2.3 with these hooks reproduces it.
 */

export interface RougeScores {
  rouge1: number;
  rouge2: number;
  rougeLsum: number;
}

export function rougeTokens(text: string): string[] {
  return text.toLowerCase().match(/[a-z0-9]+/g) ?? [];
}

export function newlineSegments(text: string): string[] {
  return text.split('\n').filter((line) => line.trim() !== '');
}

const zero: RougeScores = { rouge1: 0, rouge2: 0, rougeLsum: 0 };

/**
 * Scores one candidate against one reference, both with sentences on separate lines.
 * rouge-score gives 0 for an empty side where js-rouge throws, so that case is handled here.
 */
export function scoreRouge(candidate: string, reference: string): RougeScores {
  if (rougeTokens(candidate).length === 0 || rougeTokens(reference).length === 0) return { ...zero };
  const tokenizer = rougeTokens;
  return {
    rouge1: rouge.n(candidate, reference, { n: 1, tokenizer }),
    rouge2: rouge.n(candidate, reference, { n: 2, tokenizer }),
    rougeLsum: rouge.l(candidate, reference, { tokenizer, segmenter: newlineSegments }),
  };
}

/** Running means of ROUGE scores, reported ×100. */
export class RougeMean {
  private sum: RougeScores = { ...zero };
  private count = 0;

  add(scores: RougeScores): void {
    this.sum.rouge1 += scores.rouge1;
    this.sum.rouge2 += scores.rouge2;
    this.sum.rougeLsum += scores.rougeLsum;
    this.count++;
  }

  get n(): number {
    return this.count;
  }

  /** Means ×100, rounded to two decimals. */
  result(): RougeScores {
    const f = (v: number) => (this.count === 0 ? 0 : Math.round((v / this.count) * 10000) / 100);
    return { rouge1: f(this.sum.rouge1), rouge2: f(this.sum.rouge2), rougeLsum: f(this.sum.rougeLsum) };
  }
}
