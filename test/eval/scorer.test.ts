import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { readCorpus } from '../../scripts/eval/corpus.js';
import { cutWords, leadSentences } from '../../scripts/eval/lead.js';
import { RougeMean, rougeTokens, scoreRouge } from '../../scripts/eval/rouge.js';
import { NgramReference } from '../../scripts/eval/fast-rouge.js';
import { evaluateSummaries } from '../../scripts/eval/summaries.js';

describe('the ROUGE scorer', () => {
  it('tokenizes like rouge-score: lowercase, [a-z0-9]+ runs, punctuation dropped', () => {
    expect(rougeTokens("Blair's £1.5bn U.S. plan")).toEqual(['blair', 's', '1', '5bn', 'u', 's', 'plan']);
  });

  it('gives 100 for an identical summary and 0 when nothing is shared', () => {
    expect(scoreRouge('The cat sat.\nIt purred.', 'The cat sat.\nIt purred.')).toEqual({ rouge1: 1, rouge2: 1, rougeLsum: 1 });
    expect(scoreRouge('dogs bark', 'the cat sat')).toEqual({ rouge1: 0, rouge2: 0, rougeLsum: 0 });
  });

  it('scores an empty candidate as zero instead of throwing', () => {
    expect(scoreRouge('', 'the cat sat')).toEqual({ rouge1: 0, rouge2: 0, rougeLsum: 0 });
  });

  it('computes unigram and bigram F1 with clipped counts', () => {
    // cand: the the cat (3 unigrams), ref: the cat sat (3): matches the, cat = 2 -> P=R=2/3.
    const s = scoreRouge('the the cat', 'the cat sat');
    expect(s.rouge1).toBeCloseTo(2 / 3, 10);
    // bigrams: cand {the the, the cat}, ref {the cat, cat sat}: 1 match -> P=R=1/2.
    expect(s.rouge2).toBeCloseTo(1 / 2, 10);
  });

  it('computes ROUGE-Lsum as the union LCS over newline-split sentences', () => {
    // Reference sentence "a b c d" against candidate lines "a b" and "c d": union LCS covers all 4.
    const joined = scoreRouge('a b\nc d', 'a b c d');
    expect(joined.rougeLsum).toBeCloseTo(1, 10);
    // Out of order on one line, the LCS is only 2 of 4 tokens.
    expect(scoreRouge('c d a b', 'a b c d').rougeLsum).toBeCloseTo(0.5, 10);
  });

  it('agrees with the fast tuning scorer on ROUGE-1 and ROUGE-2', () => {
    const ref = 'Quarterly profits at TimeWarner jumped 76%.\nIts profits were buoyed by one-off gains.';
    const cand = 'TimeWarner profits jumped 76% in the quarter.\nOne-off gains buoyed profits.';
    const slow = scoreRouge(cand, ref);
    const fast = new NgramReference(ref).score(cand);
    expect(fast.rouge1).toBeCloseTo(slow.rouge1, 10);
    expect(fast.rouge2).toBeCloseTo(slow.rouge2, 10);
  });

  it('averages scores and reports them times 100', () => {
    const m = new RougeMean();
    m.add({ rouge1: 0.5, rouge2: 0.25, rougeLsum: 0.4 });
    m.add({ rouge1: 1, rouge2: 0.75, rougeLsum: 0.6 });
    expect(m.result()).toEqual({ rouge1: 75, rouge2: 50, rougeLsum: 50 });
  });
});

describe('the lead baselines', () => {
  it('splits a paragraph after . ! or ? followed by a capital, digit or quote', () => {
    expect(leadSentences(['He left. "No," she said! 3 men came? then more. End'])).toEqual([
      'He left.',
      '"No," she said!',
      '3 men came? then more.',
      'End',
    ]);
  });

  it('cuts at the 75th whitespace word and keeps sentence lines', () => {
    const lines = ['one two three', 'four five six'];
    expect(cutWords(lines, 4)).toBe('one two three\nfour');
    expect(cutWords(lines, 100)).toBe('one two three\nfour five six');
  });
});

const corpusRoot = process.env.NEWSBRIEF_CORPUS;

// The published reference points of ../shared/corpus/README.md.
const published = {
  bbc: { lead3: { rouge1: 44.08, rouge2: 36.24, rougeLsum: 43.14 }, lead75: { rouge1: 49.01, rouge2: 39.75, rougeLsum: 48.02 } },
  cnn: { lead3: { rouge1: 45.43, rouge2: 31.96, rougeLsum: 43.03 }, lead75: { rouge1: 47.51, rouge2: 33.53, rougeLsum: 45.13 } },
} as const;

describe.runIf(corpusRoot !== undefined)('the lead baselines on the shared corpora', () => {
  for (const name of ['bbc', 'cnn'] as const) {
    it(`reproduces the README's Lead-3 and Lead-75 on ${name} within 0.3 points`, () => {
      const articles = readCorpus(path.resolve(corpusRoot!, name));
      const report = evaluateSummaries(articles, () => undefined);
      for (const metric of ['rouge1', 'rouge2', 'rougeLsum'] as const) {
        expect(Math.abs(report.asShown.lead3[metric] - published[name].lead3[metric])).toBeLessThanOrEqual(0.3);
        expect(Math.abs(report.words75.lead75[metric] - published[name].lead75[metric])).toBeLessThanOrEqual(0.3);
      }
      // Scoring 2,127 articles with js-rouge takes 15 s on a quiet machine and more on a shared one.
    }, 180_000);
  }
});
