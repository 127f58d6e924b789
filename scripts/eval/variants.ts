/**
 * npx tsx scripts/eval/variants.ts [--corpus DIR]
 *
 * What each key-point idea scores: ROUGE-2 of three sentences cut at 75 words, against the
 * lead's first 75 words, on every corpus, with the core's sentence splitter. The table in
 * README.md ("Quality and speed") comes from here. Uses the fast scorer (same figures as js-rouge).
 */
import path from 'node:path';
import { defaultWeights, selectKeyPoints, type KeyPointWeights, KEY_POINTS, splitSentences } from '../../src/news/index.js';
import { parseArgs } from './args.js';
import { findCorpora, readCorpus } from './corpus.js';
import { NgramReference } from './fast-rouge.js';
import { cutWords, leadSentences } from './lead.js';
import { fixed, table } from './table.js';

const none: KeyPointWeights = {
  ...defaultWeights,
  terms: 0,
  headline: 0,
  forward: 0,
  backward: 0,
  lead: 0,
  first: 0,
  question: 0,
  newsLead: 0,
  quote: 0,
  minContentWords: 4,
  redundancy: 0.64,
  dependent: 1,
  overflow: 1,
  pair: 1,
};

export const variants: { name: string; weights: KeyPointWeights }[] = [
  { name: 'first three sentences (lead prior only)', weights: { ...none, lead: 1, minContentWords: 0, redundancy: 1 } },
  { name: 'term-frequency sum', weights: { ...none, terms: 1 } },
  { name: 'term frequency + headline overlap', weights: { ...none, terms: 1, headline: 0.3 } },
  { name: 'term frequency + headline + lead prior 1/(1+i) (v1)', weights: { ...none, terms: 1, headline: 0.3, lead: 0.5 } },
  { name: 'centrality, undirected (LexRank degree)', weights: { ...none, forward: 1, backward: 1 } },
  { name: 'centrality, directed (PacSum: forward +, backward -)', weights: { ...none, forward: 1, backward: -0.5 } },
  { name: 'headline overlap + lead prior', weights: { ...none, headline: 1, lead: 0.5 } },
  { name: 'chosen: all signals (defaultWeights)', weights: defaultWeights },
  { name: 'chosen without term frequency', weights: { ...defaultWeights, terms: 0 } },
  { name: 'chosen without headline overlap', weights: { ...defaultWeights, headline: 0 } },
  { name: 'chosen without forward centrality', weights: { ...defaultWeights, forward: 0 } },
  { name: 'chosen without backward penalty', weights: { ...defaultWeights, backward: 0 } },
  { name: 'chosen without lead prior', weights: { ...defaultWeights, lead: 0 } },
  { name: 'chosen without first-sentence penalty', weights: { ...defaultWeights, first: 0 } },
  { name: 'chosen without question penalty', weights: { ...defaultWeights, question: 0 } },
  { name: 'chosen without redundancy check', weights: { ...defaultWeights, redundancy: 1 } },
  { name: 'chosen, any opener allowed ("And ..." alone)', weights: { ...defaultWeights, dependent: 0 } },
  { name: 'chosen, a dependent opener skipped, not paired', weights: { ...defaultWeights, pair: 0 } },
  { name: 'chosen, pronoun openers ("He ...") paired too', weights: { ...defaultWeights, dependent: 2 } },
  { name: 'chosen, filling only with whole sentences that fit', weights: { ...defaultWeights, overflow: 0 } },
  { name: 'chosen, a filling sentence past 75 words anywhere (no fill-after rule)', weights: { ...defaultWeights, fillAfter: 0 } },
  { name: 'chosen without the dated-lede lead prior', weights: { ...defaultWeights, newsLead: 0 } },
  { name: 'chosen without the penalty for opening with a quote', weights: { ...defaultWeights, quote: 0 } },
  { name: "chosen, a quotation's tail shown without its opening", weights: { ...defaultWeights, quoteTail: 0 } },
  { name: 'chosen + TextRank (0.2)', weights: { ...defaultWeights, rank: 0.2 } },
  { name: 'chosen + undirected degree centrality (0.2)', weights: { ...defaultWeights, degree: 0.2 } },
  { name: 'chosen + MMR (0.1 x greatest similarity to a pick)', weights: { ...defaultWeights, mmr: 0.1 } },
  { name: 'chosen, shown best first (not in document order)', weights: { ...defaultWeights, byScore: 1 } },
];

function main(): void {
  const args = parseArgs(process.argv.slice(2), { flags: [], values: ['corpus'] });
  const corpora = findCorpora(path.resolve(args.values.get('corpus') ?? '../shared/corpus')).map((c) => ({
    name: c.name,
    docs: readCorpus(c.dir).map((a) => ({
      title: a.title,
      sentences: a.paragraphs.flatMap(splitSentences),
      lead: leadSentences(a.paragraphs),
      ref: new NgramReference(a.reference.join('\n')),
    })),
  }));
  const leads = corpora.map((c) => c.docs.reduce((s, d) => s + d.ref.score(cutWords(d.lead, 75)).rouge2, 0) / c.docs.length);
  const rows = variants.map((v) => {
    const cells: string[] = [v.name];
    corpora.forEach((c, k) => {
      let sum = 0;
      for (const d of c.docs) {
        const picked = selectKeyPoints({ title: d.title, sentences: d.sentences }, KEY_POINTS, v.weights);
        sum += d.ref.score(cutWords(picked.map((i) => d.sentences[i]!), 75)).rouge2;
      }
      const mean = sum / c.docs.length;
      cells.push(fixed(mean * 100), fixed(mean / leads[k]!, 3));
    });
    return cells;
  });
  console.log(`ROUGE-2 F1 x100 at 75 words (lead's first 75 words: ${corpora.map((c, k) => `${c.name} ${fixed(leads[k]! * 100)}`).join(', ')})\n`);
  console.log(table(['key-point method', ...corpora.flatMap((c) => [`${c.name} R-2`, `${c.name} x lead`])], rows));
}

main();
