import { rougeTokens } from './rouge.js';

/**
 * ROUGE-1/ROUGE-2 F1 without js-rouge's generality, for tuning loops that score thousands of
 * variants. Agrees with scoreRouge (the test checks it); reports use scoreRouge.
 */

export class NgramReference {
  private readonly uni = new Map<string, number>();
  private readonly bi = new Map<string, number>();
  readonly uniCount: number;
  readonly biCount: number;

  constructor(
    reference: string,
    private readonly tokens: (text: string) => string[] = rougeTokens,
  ) {
    const t = tokens(reference);
    for (let i = 0; i < t.length; i++) {
      this.uni.set(t[i]!, (this.uni.get(t[i]!) ?? 0) + 1);
      if (i + 1 < t.length) {
        const g = `${t[i]} ${t[i + 1]}`;
        this.bi.set(g, (this.bi.get(g) ?? 0) + 1);
      }
    }
    this.uniCount = t.length;
    this.biCount = Math.max(0, t.length - 1);
  }

  score(candidate: string): { rouge1: number; rouge2: number } {
    const t = this.tokens(candidate);
    return { rouge1: f1(clipped(t, 1, this.uni), t.length, this.uniCount), rouge2: f1(clipped(t, 2, this.bi), t.length - 1, this.biCount) };
  }
}

function clipped(tokens: string[], n: 1 | 2, ref: Map<string, number>): number {
  const used = new Map<string, number>();
  let matches = 0;
  for (let i = 0; i + n <= tokens.length; i++) {
    const g = n === 1 ? tokens[i]! : `${tokens[i]} ${tokens[i + 1]}`;
    const have = ref.get(g) ?? 0;
    const u = used.get(g) ?? 0;
    if (u < have) {
      matches++;
      used.set(g, u + 1);
    }
  }
  return matches;
}

function f1(matches: number, candCount: number, refCount: number): number {
  if (matches === 0 || candCount <= 0 || refCount <= 0) return 0;
  const p = matches / candCount;
  const r = matches / refCount;
  return (2 * p * r) / (p + r);
}
