/**
 * npx tsx scripts/eval/tune-keypoints.ts [--corpus DIR] [--search N] [--seed S] [--weights JSON] [--compare JSON]
 *
 * Key-point weights, tuned on one half and reported on the other: every corpus is split by its
 * articles' places in file-name order (even places: tuning half, odd places: held-out half).
 * Prints ROUGE-2 at 75 words over the lead's first 75 words, per corpus and half, for the
 * default weights (or --weights), then, with --search N, runs N steps of a random local search
 * on the tuning half only (--objective keep|mean|min, default keep: the mean ratio to the targets, 1.25 BBC and 1.18 CNN, with no corpus below where it started; with
 * one configuration for all) and reports the best on both halves. Uses the core's loader and
 * sentences (what summarize() sees) and the fast scorer (same figures as js-rouge).
 * --compare '[{...}, ...]' scores each change of the weights against --weights on the tuning half
 * with a paired bootstrap over its articles (mean ± sd of the change in the ratio): on CNN's 500
 * articles a change of the whole selection moves ±0.004–0.007 by chance alone, so a gain within
 * one sd is noise (the last rounds' held-out halves bore that out).
 */
import path from 'node:path';
import { chooseKeyPoints, defaultWeights, prepareKeyPoints, sentencesOf, KEY_POINTS, type KeyPointWeights, type PreparedKeyPoints } from '../../src/news/index.js';
import { parseArgs } from './args.js';
import { findCorpora, readCorpus } from './corpus.js';
import { NgramReference } from './fast-rouge.js';
import { cutWords, leadSentences } from './lead.js';
import { loadArticles } from './pipeline.js';
import { fixed, table } from './table.js';

const TARGETS: Record<string, number> = { bbc: 1.25, cnn: 1.18 };

interface Doc {
  prepared: PreparedKeyPoints;
  sentences: string[];
  ref: NgramReference;
  lead: number;
}

interface Corpus {
  name: string;
  halves: [Doc[], Doc[]];
}

async function readHalves(name: string, dir: string, signalWeights: KeyPointWeights): Promise<Corpus> {
  const articles = readCorpus(dir);
  const docs = new Map((await loadArticles(dir)).map((d) => [d.path, d]));
  const halves: [Doc[], Doc[]] = [[], []];
  articles.forEach((a, k) => {
    const doc = docs.get(a.path);
    if (!doc) throw new Error(`${name}: ${a.path} did not load`);
    const ref = new NgramReference(a.reference.join('\n'));
    const sentences = sentencesOf(doc);
    halves[k % 2]!.push({ prepared: prepareKeyPoints({ title: doc.title, sentences }, signalWeights), sentences, ref, lead: ref.score(cutWords(leadSentences(a.paragraphs), 75)).rouge2 });
  });
  return { name, halves };
}

let options: typeof KEY_POINTS & { wordBudget?: number; fillMax?: number } = KEY_POINTS;

/** Per article, ROUGE-2 of its key points cut at 75 words. */
function perDoc(docs: Doc[], weights: KeyPointWeights): number[] {
  return docs.map((d) => d.ref.score(cutWords(chooseKeyPoints(d.prepared, options, weights).map((i) => d.sentences[i]!), 75)).rouge2);
}

function ratio(docs: Doc[], weights: KeyPointWeights): number {
  const ours = perDoc(docs, weights).reduce((a, b) => a + b, 0);
  const lead = docs.reduce((a, d) => a + d.lead, 0);
  return ours / Math.max(1e-9, lead);
}

/** The change in the ratio from weights a to b, resampling the articles 1,000 times: mean and sd. */
function pairedChange(docs: Doc[], a: KeyPointWeights, b: KeyPointWeights): { mean: number; sd: number } {
  const x = perDoc(docs, a);
  const y = perDoc(docs, b);
  const random = rng(7);
  const changes: number[] = [];
  for (let round = 0; round < 1000; round++) {
    let diff = 0;
    let lead = 0;
    for (let k = 0; k < docs.length; k++) {
      const j = Math.floor(random() * docs.length);
      diff += y[j]! - x[j]!;
      lead += docs[j]!.lead;
    }
    changes.push(diff / Math.max(1e-9, lead));
  }
  const mean = changes.reduce((p, q) => p + q, 0) / changes.length;
  return { mean, sd: Math.sqrt(changes.reduce((p, q) => p + (q - mean) ** 2, 0) / changes.length) };
}

/**
 * The search's objective on the tuning half. "mean": the mean ratio to target over the corpora.
 * "min": the smallest. "keep": the mean, but no corpus may fall below where it started (so a
 * gain on one is not bought with the other).
 */
let mode = 'keep';
const floors = new Map<string, number>();
let floor: number[] = [];
function objective(corpora: Corpus[], half: 0 | 1, w: KeyPointWeights): number {
  const r = corpora.map((c) => ratio(c.halves[half], w) / (TARGETS[c.name] ?? 1.1));
  if (mode === 'min') return Math.min(...r);
  if (mode === 'floor') {
    // Every corpus but the last must hold its floor (--floor); the last is maximized.
    const raw = corpora.map((c, k) => r[k]! * (TARGETS[c.name] ?? 1.1));
    let penalty = 0;
    corpora.forEach((c, k) => {
      const f = floors.get(c.name);
      if (f !== undefined && raw[k]! < f) penalty += 10 * (f - raw[k]!);
    });
    return raw[raw.length - 1]! - penalty;
  }
  if (mode === 'keep') {
    if (floor.length === 0) floor = r;
    else if (r.some((v, k) => v < floor[k]!)) return 0;
  }
  return r.reduce((a, b) => a + b, 0) / r.length;
}

// A small deterministic generator, so a search can be repeated with its seed.
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Weights that make prepareKeyPoints compute every signal (their values are not used). */
const ALL_SIGNALS: Partial<KeyPointWeights> = { rank: 1, quote: -1, newsLead: 1 };

let TUNED: (keyof KeyPointWeights)[] = ['terms', 'headline', 'forward', 'backward', 'lead', 'first', 'question', 'newsLead', 'quote', 'redundancy'];

/** The held-out half is scored only when asked (--held-out): once, at the end of a search. */
let heldOut = false;
function report(corpora: Corpus[], label: string, w: KeyPointWeights): string[][] {
  return corpora.map((c) => [label, c.name, fixed(ratio(c.halves[0], w), 3), heldOut ? fixed(ratio(c.halves[1], w), 3) : '-', fixed(TARGETS[c.name] ?? 1.1, 2)]);
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), { flags: ['held-out'], values: ['corpus', 'search', 'seed', 'weights', 'options', 'objective', 'tune', 'floor', 'coord', 'compare'] });
  mode = args.values.get('objective') ?? 'keep';
  heldOut = args.flags.has('held-out');
  for (const f of (args.values.get('floor') ?? '').split(',').filter((x) => x !== '')) {
    const [name, value] = f.split('=');
    floors.set(name!, Number(value));
  }
  const tune = args.values.get('tune');
  if (tune !== undefined) TUNED = tune.split(',') as (keyof KeyPointWeights)[];
  options = { ...KEY_POINTS, ...(JSON.parse(args.values.get('options') ?? '{}') as object) };
  const root = path.resolve(args.values.get('corpus') ?? '../shared/corpus');
  const start: KeyPointWeights = { ...defaultWeights, ...(JSON.parse(args.values.get('weights') ?? '{}') as Partial<KeyPointWeights>) };
  // Every signal computed (a zero weight skips its signal), so the search can move any of them.
  const corpora = await Promise.all(findCorpora(root).map((c) => readHalves(c.name, c.dir, { ...start, ...ALL_SIGNALS })));
  const rows = report(corpora, 'start', start);
  for (const change of JSON.parse(args.values.get('compare') ?? '[]') as Partial<KeyPointWeights>[]) {
    const next = { ...start, ...change };
    const cells = corpora.map((c) => {
      const { mean, sd } = pairedChange(c.halves[0], start, next);
      return `${c.name} ${fixed(ratio(c.halves[0], next), 4)} (${mean >= 0 ? '+' : ''}${fixed(mean, 4)} ± ${fixed(sd, 4)})`;
    });
    console.log(`${JSON.stringify(change)}, tuning half: ${cells.join(', ')}`);
  }
  const steps = Number(args.values.get('search') ?? 0);
  if (steps > 0 || args.values.has('coord')) {
    const random = rng(Number(args.values.get('seed') ?? 1));
    let best = start;
    let bestScore = objective(corpora, 0, best);
    for (let step = 0; step < steps; step++) {
      const next = { ...best };
      const k = TUNED[Math.floor(random() * TUNED.length)]!;
      const scale = k === 'redundancy' ? 0.08 : 0.3;
      next[k] = Math.round((best[k] + (random() * 2 - 1) * scale) * 1000) / 1000;
      const score = objective(corpora, 0, next);
      if (score > bestScore) {
        best = next;
        bestScore = score;
        process.stderr.write(`step ${step}: ${k}=${next[k]} -> ${fixed(bestScore, 4)}\n`);
      }
    }
    if (args.values.has('coord')) {
      // Coordinate search: each weight in turn tried at a ladder of steps, the best kept.
      const rounds = Number(args.values.get('coord'));
      for (let round = 0; round < rounds; round++) {
        let improved = false;
        for (const k of TUNED) {
          const base = k === 'redundancy' ? 0.04 : 0.1;
          for (const step of [-4, -2, -1, -0.5, 0.5, 1, 2, 4]) {
            const next = { ...best, [k]: Math.round((best[k] + step * base) * 1000) / 1000 };
            const score = objective(corpora, 0, next);
            if (score > bestScore + 1e-6) {
              best = next;
              bestScore = score;
              improved = true;
              process.stderr.write(`round ${round}: ${k}=${next[k]} -> ${fixed(bestScore, 4)}\n`);
            }
          }
        }
        if (!improved) break;
      }
    }
    rows.push(...report(corpora, 'tuned', best));
    console.log(`tuned weights: ${JSON.stringify(best)}`);
  }
  console.log(table(['weights', 'corpus', 'x lead, tuning half (even)', 'x lead, held out (odd)', 'target'], rows));
}

main().catch((err: unknown) => {
  process.stderr.write(`tune-keypoints: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exit(1);
});
