/**
 * npx tsx scripts/eval/fit-topic.ts [--corpus DIR] [--fit L1,L2,...] [--without F1,F2] [--weights JSON] [--compare JSON] [--tuning-only]
 *
 * Topic-sentence weights (src/news/topic-sentences.ts) fitted on NEWTS instead of searched: every
 * sentence of the articles at even places (the tuning half) is one sample, its features the ones
 * topicSentenceIndices scores on, and least squares fits its ROUGE-2 against the asked topic's
 * summary and against the other topic's. For each λ of --fit, the weights predict own − λ × other
 * (scaled to at most 1; the features --without names are left out of the fit and weigh what
 * --weights or the current weights give them), and are scored on both halves, over the library of the NEWTS articles and
 * over one with every BBC and CNN article beside them. --compare scores other weights against the
 * current ones, with a paired bootstrap over the articles of each half (mean ± sd of the change).
 * --tuning-only prints nothing about the held-out half, so exploring cannot peek at it.
 *
 * Fast because it scores the sentence choice alone, outside the briefing: unlike
 * `npm run eval` it counts a story without a sentence naming the topic as empty (the bot shows its
 * key points) and does not fold duplicate stories, so its figures differ a little from the eval's;
 * report the eval's (or tune-topic.ts's) figures.
 */
import path from 'node:path';
import { makeDocument, TopicSentenceBench, topicWeights, type NewsDocument, type TopicSentenceWeights } from '../../src/news/index.js';
import { NgramReference } from './fast-rouge.js';
import { loadBackground, promptFor, readNewts, stemmedTokens, type NewtsArticle } from './newts.js';
import { parseArgs } from './args.js';

/** The features fitted, as named in SentenceFeatures and TopicSentenceWeights. */
const ALL_FEATURES = ['direct', 'context', 'feedback', 'association', 'centroid', 'lead'] as const;
let FEATURES: (typeof ALL_FEATURES)[number][] = [...ALL_FEATURES];

interface Case {
  k: number;
  q: ReturnType<TopicSentenceBench['compile']> | undefined;
  own: NgramReference;
  other: NgramReference;
}
interface Lab {
  name: string;
  bench: TopicSentenceBench;
  texts: string[][];
  cases: Case[];
}

function makeLab(name: string, articles: NewtsArticle[], docs: NewsDocument[], bg: NewsDocument[]): Lab {
  const bench = new TopicSentenceBench(docs, bg, new Date(Date.UTC(2020, 0, 2)));
  const cases: Case[] = [];
  articles.forEach((a, k) => {
    a.topics.forEach((tp, j) => {
      const prompt = promptFor(tp.words, a.article);
      const own = new NgramReference(tp.summary, stemmedTokens);
      const other = new NgramReference(a.topics[1 - j]!.summary, stemmedTokens);
      cases.push({ k, q: prompt ? bench.compile(prompt) : undefined, own, other });
    });
  });
  process.stderr.write(`${name}: ${docs.length + bg.length} documents\n`);
  return { name, bench, texts: bench.sentences, cases };
}

interface HalfScore {
  own: number;
  ratio: number;
  words: number;
}

function score(lab: Lab, w: TopicSentenceWeights, half: number): HalfScore {
  let own = 0;
  let other = 0;
  let n = 0;
  let words = 0;
  for (const c of lab.cases) {
    if (c.k % 2 !== half) continue;
    n++;
    if (!c.q) continue;
    const idx = lab.bench.pick(c.k, c.q, w);
    if (idx.length === 0) continue;
    const text = idx.map((s) => lab.texts[c.k]![s]!).join('\n');
    own += c.own.score(text).rouge2;
    other += c.other.score(text).rouge2;
    words += text.split(/\s+/).length;
  }
  return { own: (own / n) * 100, ratio: own / other, words: words / n };
}

/** Least squares of each sentence's own and other ROUGE-2 on its features, over one half. */
function regress(lab: Lab, w: TopicSentenceWeights, half: number): { own: number[]; other: number[] } {
  const d = FEATURES.length + 1;
  const xtx = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  const xy = [new Array<number>(d).fill(0), new Array<number>(d).fill(0)];
  for (const c of lab.cases) {
    if (c.k % 2 !== half || !c.q) continue;
    const f = lab.bench.features(c.k, c.q, w);
    if (!f) continue;
    for (let k = 0; k < f.direct.length; k++) {
      if (f.direct[k]! === 0 && f.words[k]!.size < w.minContentWords) continue;
      const x = [...FEATURES.map((name) => f[name][k]!), 1];
      const text = lab.texts[c.k]![k]!;
      const y = [c.own.score(text).rouge2, c.other.score(text).rouge2];
      for (let i = 0; i < d; i++) {
        for (let j = 0; j < d; j++) xtx[i]![j]! += x[i]! * x[j]!;
        xy[0]![i]! += x[i]! * y[0]!;
        xy[1]![i]! += x[i]! * y[1]!;
      }
    }
  }
  const solve = (b: number[]): number[] => {
    const a = xtx.map((row, i) => [...row.map((v, j) => v + (i === j ? 1e-6 : 0)), b[i]!]);
    for (let i = 0; i < d; i++) {
      let p = i;
      for (let r = i + 1; r < d; r++) if (Math.abs(a[r]![i]!) > Math.abs(a[p]![i]!)) p = r;
      [a[i], a[p]] = [a[p]!, a[i]!];
      for (let r = 0; r < d; r++) {
        if (r === i) continue;
        const m = a[r]![i]! / a[i]![i]!;
        for (let j = i; j <= d; j++) a[r]![j]! -= m * a[i]![j]!;
      }
    }
    return a.map((row, i) => row[d]! / row[i]!);
  };
  const own = solve(xy[0]!);
  const other = solve(xy[1]!);
  return { own, other };
}

/** Per topic of a half: own and other ROUGE-2 of what is shown. */
function perTopic(lab: Lab, w: TopicSentenceWeights, half: number): { own: number[]; other: number[] } {
  const own: number[] = [];
  const other: number[] = [];
  for (const c of lab.cases) {
    if (c.k % 2 !== half) continue;
    const idx = c.q ? lab.bench.pick(c.k, c.q, w) : [];
    const text = idx.map((s) => lab.texts[c.k]![s]!).join('\n');
    own.push(idx.length === 0 ? 0 : c.own.score(text).rouge2);
    other.push(idx.length === 0 ? 0 : c.other.score(text).rouge2);
  }
  return { own, other };
}

/** Paired bootstrap over articles (two topics each): the spread of the difference b − a in own and in focus. */
function paired(lab: Lab, a: TopicSentenceWeights, b: TopicSentenceWeights, half: number): string {
  const x = perTopic(lab, a, half);
  const y = perTopic(lab, b, half);
  const n = x.own.length / 2;
  const random = rng(7);
  const dOwn: number[] = [];
  const dFocus: number[] = [];
  for (let r = 0; r < 1000; r++) {
    let ao = 0, at = 0, bo = 0, bt = 0;
    for (let i = 0; i < n; i++) {
      const k = Math.floor(random() * n);
      for (const j of [2 * k, 2 * k + 1]) {
        ao += x.own[j]!; at += x.other[j]!; bo += y.own[j]!; bt += y.other[j]!;
      }
    }
    dOwn.push(((bo - ao) / (2 * n)) * 100);
    dFocus.push(bo / bt - ao / at);
  }
  const sd = (v: number[]) => { const m = v.reduce((s, z) => s + z, 0) / v.length; return Math.sqrt(v.reduce((s, z) => s + (z - m) ** 2, 0) / v.length); };
  const mean = (v: number[]) => v.reduce((s, z) => s + z, 0) / v.length;
  return `d own ${mean(dOwn).toFixed(2)} ± ${sd(dOwn).toFixed(2)}, d focus ${mean(dFocus).toFixed(3)} ± ${sd(dFocus).toFixed(3)}`;
}

const fmt = (s: HalfScore) => `${s.own.toFixed(2)} / ${s.ratio.toFixed(3)} (${s.words.toFixed(0)}w)`;

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), { flags: ['tuning-only'], values: ['corpus', 'fit', 'weights', 'compare', 'without'] });
  const halves = args.flags.has('tuning-only') ? [0] : [0, 1];
  const without = (args.values.get('without') ?? '').split(',');
  FEATURES = ALL_FEATURES.filter((f) => !without.includes(f));
  const root = path.resolve(args.values.get('corpus') ?? '../shared/corpus');
  const articles = readNewts(path.join(root, 'newts', 'newts-even.jsonl'));
  const docs: NewsDocument[] = articles.map((a) => makeDocument({ body: a.article, publishedAt: new Date(Date.UTC(2020, 0, 1)), path: `newts/${a.i}.txt`, tags: [] })!);
  const labs = [makeLab('NEWTS', articles, docs, []), makeLab('NEWTS+BBC+CNN', articles, docs, await loadBackground(root))];
  const report = (label: string, w: TopicSentenceWeights) => {
    for (const lab of labs) {
      const heldOut = halves.includes(1) ? `   held out (odd) ${fmt(score(lab, w, 1))}` : '';
      console.log(`${label}\n  ${lab.name.padEnd(14)} tuning (even) ${fmt(score(lab, w, 0))}${heldOut}`);
    }
  };
  const base = { ...topicWeights, ...(JSON.parse(args.values.get('weights') ?? '{}') as Partial<TopicSentenceWeights>) };
  console.log('R-2 own / focus (mean words shown)');
  report('current', base);
  for (const v of JSON.parse(args.values.get('compare') ?? '[]') as Partial<TopicSentenceWeights>[]) {
    report(JSON.stringify(v), { ...base, ...v });
    for (const lab of labs) for (const half of halves) console.log(`    change, ${lab.name} ${half === 0 ? 'tuning' : 'held out'}: ${paired(lab, base, { ...base, ...v }, half)}`);
  }
  const lambdas = (args.values.get('fit') ?? '').split(',').filter((x) => x.trim() !== '').map(Number);
  if (lambdas.length === 0) return;
  const fit = regress(labs[0]!, base, 0);
  console.log(`least squares on the tuning half (${FEATURES.join(', ')}, constant):\n  own   ${fit.own.map((v) => v.toFixed(4)).join(' ')}\n  other ${fit.other.map((v) => v.toFixed(4)).join(' ')}`);
  for (const lambda of lambdas) {
    const coef = fit.own.slice(0, FEATURES.length).map((c, i) => c - lambda * fit.other[i]!);
    const top = Math.max(...coef.map(Math.abs));
    const v: Partial<TopicSentenceWeights> = {};
    FEATURES.forEach((f, i) => (v[f] = Math.round((coef[i]! / top) * 1000) / 1000));
    report(`λ ${lambda}: ${JSON.stringify(v)}`, { ...base, ...v });
  }
}

void main();
