/**
 * npx tsx scripts/eval/tune-topic.ts [--corpus DIR] [--background] [--search N] [--seed S] [--weights JSON] [--tuning-only]
 *
 * Topic-sentence weights (src/news/topic-sentences.ts) on NEWTS, tuned on one half and reported
 * on the other: the articles of newts-even.jsonl at even places are the tuning half, those at
 * odd places the held-out half (the library holds all of them either way). Prints the focus
 * ratio and ROUGE-2 own per half for the given weights, then with --search N runs N steps of a
 * random local search on the tuning half (objective: own/13.9 + focus/1.6, each capped at 1.05,
 * so one cannot buy the other past its target). With --background, each measure is also taken
 * over a bigger library (the NEWTS articles beside every BBC and CNN article), and the search's
 * objective is the mean over both libraries: one configuration must serve both. --tuning-only
 * prints nothing about the held-out half, so exploring cannot peek at it.
 */
import path from 'node:path';
import { topicWeights, type TopicSentenceWeights } from '../../src/news/index.js';
import { parseArgs } from './args.js';
import { focusRunner, loadBackground, readNewts, type FocusReport } from './newts.js';
import { fixed, table } from './table.js';

const even = (k: number) => k % 2 === 0;
const odd = (k: number) => k % 2 === 1;

function objective(r: FocusReport): number {
  return Math.min(1.05, r.briefing.own / 13.9) + Math.min(1.05, r.briefing.ratio / 1.6);
}

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const TUNED: (keyof TopicSentenceWeights)[] = ['direct', 'repeat', 'context', 'feedback', 'association', 'centroid', 'lead', 'redundancy', 'neighbour'];

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), { flags: ['background', 'tuning-only'], values: ['corpus', 'search', 'seed', 'weights'] });
  const root = path.resolve(args.values.get('corpus') ?? '../shared/corpus');
  const articles = readNewts(path.join(root, 'newts', 'newts-even.jsonl'));
  const libraries = [{ name: 'NEWTS', run: focusRunner(articles) }];
  if (args.flags.has('background')) libraries.push({ name: 'NEWTS+BBC+CNN', run: focusRunner(articles, await loadBackground(root)) });
  const tuningScore = () => libraries.reduce((sum, l) => sum + objective(l.run(even)), 0) / libraries.length;
  Object.assign(topicWeights, JSON.parse(args.values.get('weights') ?? '{}') as Partial<TopicSentenceWeights>);
  const rows: string[][] = [];
  const report = (label: string) => {
    for (const lib of libraries) {
      const halves = [['tuning (even)', even], ['held out (odd)', odd]] as const;
      for (const [half, only] of args.flags.has('tuning-only') ? halves.slice(0, 1) : halves) {
        const r = lib.run(only);
        const kp = r.rows[1]!;
        rows.push([label, lib.name, half, fixed(r.briefing.own), fixed(r.briefing.other), fixed(r.briefing.ratio, 3), String(r.briefing.noMatch), fixed(r.briefing.words, 1), fixed(kp.own)]);
      }
    }
  };
  report('start');
  const steps = Number(args.values.get('search') ?? 0);
  if (steps > 0) {
    const random = rng(Number(args.values.get('seed') ?? 1));
    let best = { ...topicWeights };
    let bestScore = tuningScore();
    for (let step = 0; step < steps; step++) {
      const next = { ...best };
      const k = TUNED[Math.floor(random() * TUNED.length)]!;
      const scale = k === 'redundancy' ? 0.1 : 0.3;
      (next[k] as number) = Math.max(0, Math.round(((best[k] as number) + (random() * 2 - 1) * scale) * 1000) / 1000);
      Object.assign(topicWeights, next);
      const score = tuningScore();
      if (score > bestScore) {
        best = next;
        bestScore = score;
        process.stderr.write(`step ${step}: ${k}=${next[k] as number} -> ${fixed(bestScore, 4)}\n`);
      }
    }
    Object.assign(topicWeights, best);
    report('tuned');
    console.log(`tuned weights: ${JSON.stringify(best)}`);
  }
  console.log(table(['weights', 'library', 'half', 'R-2 own', 'R-2 other', 'focus', 'no match', 'words', 'key points own'], rows));
}

void main();
