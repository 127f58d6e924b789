import type { NewsDocument } from '../../src/news/index.js';

/**
 * 1,000 (or n) varied /brief topics for the latency bench, deterministic for a corpus: names
 * and words from headlines, two-word phrases, the eval queries, misspellings, and topics
 * that match nothing (the no-match path has its own cost: suggestions).
 */

/** A small seeded generator (mulberry32), so runs are comparable. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SMALL = new Set('a an the of to in on for and or at by with from as is are was be it its after over new says say'.split(' '));

export function benchTopics(docs: readonly NewsDocument[], queries: string[], n: number, seed = 7): string[] {
  const rand = seeded(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const words: string[] = [];
  const names: string[] = [];
  const phrases: string[] = [];
  for (const d of docs.slice(0, 5000)) {
    const ws = d.title.replace(/\s*\(\d+\)$/, '').split(/[^\p{L}\p{N}'-]+/u).filter((w) => w.length > 2 && !SMALL.has(w.toLowerCase()));
    for (const w of ws) (/^\p{Lu}/u.test(w) ? names : words).push(w);
    for (let i = 0; i + 1 < ws.length; i++) phrases.push(`${ws[i]} ${ws[i + 1]}`);
  }
  const misspell = (w: string) => {
    if (w.length < 5) return w;
    const i = 1 + Math.floor(rand() * (w.length - 2));
    return w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2);
  };
  const nonsense = () => Array.from({ length: 6 + Math.floor(rand() * 5) }, () => String.fromCharCode(97 + Math.floor(rand() * 26))).join('');
  const out: string[] = [];
  while (out.length < n) {
    const r = rand();
    if (r < 0.2 && queries.length > 0) out.push(pick(queries));
    else if (r < 0.45 && names.length > 0) out.push(pick(names));
    else if (r < 0.65 && words.length > 0) out.push(pick(words).toLowerCase());
    else if (r < 0.85 && phrases.length > 0) out.push(pick(phrases));
    else if (r < 0.93 && names.length > 0) out.push(misspell(pick(names)));
    else out.push(nonsense());
  }
  return out;
}

/** p50 / p95 / p99 / max of sorted times, to 0.01 ms, as every bench table gives them. */
export function latencies(sortedMs: number[]): { p50: number; p95: number; p99: number; max: number } {
  const r2 = (v: number) => Math.round(v * 100) / 100;
  return { p50: r2(percentile(sortedMs, 50)), p95: r2(percentile(sortedMs, 95)), p99: r2(percentile(sortedMs, 99)), max: r2(sortedMs[sortedMs.length - 1] ?? 0) };
}

export function percentile(sortedMs: number[], p: number): number {
  if (sortedMs.length === 0) return 0;
  const idx = Math.min(sortedMs.length - 1, Math.max(0, Math.ceil((p / 100) * sortedMs.length) - 1));
  return sortedMs[idx]!;
}
