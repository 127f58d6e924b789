import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { selectKeyPoints, scoreSentences, defaultWeights } from '../../src/news/keypoints.js';
import { splitSentences } from '../../src/news/sentences.js';
import { readCorpus } from '../../scripts/eval/corpus.js';
import { cutWords, leadSentences } from '../../scripts/eval/lead.js';
import { NgramReference } from '../../scripts/eval/fast-rouge.js';

const bot = { max: 3, charBudget: 10_000 };

const article = {
  title: 'Storm floods coastal towns in Wales',
  sentences: [
    'It was a quiet evening until the sirens started.',
    'A storm flooded three coastal towns in Wales overnight, forcing hundreds of residents from their homes.',
    'Emergency crews rescued residents from flooded homes in the coastal towns as the storm surge rose.',
    'A storm flooded three coastal towns in Wales overnight, forcing hundreds from their homes.',
    'Could this have been avoided?',
    'Read more.',
    'The storm is expected to move east towards England on Thursday, forecasters said.',
    'Officials in Wales said flood defences in the coastal towns had held in most places.',
  ],
};

describe('selectKeyPoints', () => {
  it('returns at most max indices, ascending', () => {
    const picked = selectKeyPoints(article, bot);
    expect(picked.length).toBe(3);
    expect([...picked].sort((a, b) => a - b)).toEqual(picked);
    expect(new Set(picked).size).toBe(picked.length);
  });

  it('prefers sentences about the headline subject over the opening hook', () => {
    const picked = selectKeyPoints(article, bot);
    expect(picked).toContain(1);
    expect(picked).not.toContain(0);
  });

  it('skips a sentence that repeats one already taken', () => {
    const picked = selectKeyPoints(article, bot);
    expect(picked.includes(1) && picked.includes(3)).toBe(false);
  });

  it('never takes a question or a fragment like "Read more." while real sentences are left', () => {
    const picked = selectKeyPoints(article, bot);
    expect(picked).not.toContain(4);
    expect(picked).not.toContain(5);
  });

  it('stays within the character budget after the first sentence', () => {
    const picked = selectKeyPoints(article, { max: 3, charBudget: 120 });
    const used = picked.reduce((n, i) => n + article.sentences[i]!.length, 0);
    expect(picked.length).toBeGreaterThanOrEqual(1);
    expect(used).toBeLessThanOrEqual(120);
  });

  it('takes one over-long sentence alone rather than nothing', () => {
    const long = { title: 'x', sentences: ['word '.repeat(100).trim() + ' storm flood.'] };
    expect(selectKeyPoints(long, { max: 3, charBudget: 50 })).toEqual([0]);
  });

  it('returns nothing for an empty document or a max of zero', () => {
    expect(selectKeyPoints({ title: 'x', sentences: [] }, bot)).toEqual([]);
    expect(selectKeyPoints(article, { max: 0, charBudget: 500 })).toEqual([]);
  });

  it('returns the only sentence of a one-line document even when it is short', () => {
    expect(selectKeyPoints({ title: 'Hi', sentences: ['Hello there.'] }, bot)).toEqual([0]);
  });

  it('falls back to the lead for text it cannot score, such as a non-Latin script', () => {
    const russian = { title: 'Новости', sentences: ['Первое предложение.', 'Второе предложение.', 'Третье.', 'Четвёртое.'] };
    expect(selectKeyPoints(russian, bot)).toEqual([0, 1, 2]);
  });

  it('handles a document without a headline', () => {
    expect(selectKeyPoints({ ...article, title: '' }, bot).length).toBe(3);
  });

  it('scores every sentence and marks fragments as unusable', () => {
    const scores = scoreSentences(article, defaultWeights);
    expect(scores.length).toBe(article.sentences.length);
    expect(scores[5]).toBe(Number.NEGATIVE_INFINITY);
    expect(scores[1]!).toBeGreaterThan(scores[0]!);
  });

  it('is deterministic', () => {
    expect(selectKeyPoints(article, bot)).toEqual(selectKeyPoints(article, bot));
  });
});

const corpusRoot = process.env.NEWSBRIEF_CORPUS;

describe.runIf(corpusRoot !== undefined)('selectKeyPoints on the shared corpora', () => {
  // The target, checked with the core's sentence splitter: the bot's three key points
  // cut at 75 words beat the article's first 75 words by 10% on ROUGE-2, on both corpora.
  for (const name of ['bbc', 'cnn']) {
    it(`beats the lead by 10% on ROUGE-2 at 75 words on ${name}`, () => {
      const articles = readCorpus(path.resolve(corpusRoot!, name));
      let ours = 0;
      let lead = 0;
      for (const a of articles) {
        const ref = new NgramReference(a.reference.join('\n'));
        const sentences = a.paragraphs.flatMap(splitSentences);
        const picked = selectKeyPoints({ title: a.title, sentences }, { max: 3, charBudget: 600 });
        ours += ref.score(cutWords(picked.map((i) => sentences[i]!), 75)).rouge2;
        lead += ref.score(cutWords(leadSentences(a.paragraphs), 75)).rouge2;
      }
      expect(ours / lead).toBeGreaterThanOrEqual(1.1);
    });
  }
});
