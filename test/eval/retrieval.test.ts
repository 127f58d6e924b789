import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Judge } from '../../scripts/eval/judge.js';
import { readQueries, type EvalQuery } from '../../scripts/eval/queries.js';
import { evaluateRetrieval, judgedDoc } from '../../scripts/eval/retrieval.js';
import type { BriefResult } from '../../src/news/library-api.js';
import type { NewsDocument, Story } from '../../src/news/types.js';

const evalDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../scripts/eval');

function doc(pathName: string, title: string, text: string, tags: string[] = []): NewsDocument {
  return { id: pathName, title, text, sections: [], publishedAt: new Date(0), path: pathName, tags };
}

const blair: EvalQuery = { query: 'Tony Blair', kind: 'person', match: ['Blair'] };

describe('the relevance judge', () => {
  it('counts a document naming the subject in its headline', () => {
    expect(new Judge(blair).isRelevant({ category: 'politics', title: 'Blair rejects poll claims', paragraphs: ['Nothing here.'] })).toBe(true);
  });

  it('counts a document naming the subject in its first two sentences, not later', () => {
    const judge = new Judge(blair);
    expect(judge.isRelevant({ category: 'x', title: 'Poll', paragraphs: ['Voters went out. Mr Blair spoke. More.'] })).toBe(true);
    expect(judge.isRelevant({ category: 'x', title: 'Poll', paragraphs: ['Voters went out. Turnout was low.', 'Mr Blair spoke.'] })).toBe(false);
  });

  it('matches whole words only, ignoring case', () => {
    const judge = new Judge({ query: 'Iran', kind: 'place' });
    expect(judge.isRelevant({ category: 'x', title: 'IRAN talks resume', paragraphs: ['x'] })).toBe(true);
    expect(judge.isRelevant({ category: 'x', title: 'Iranian talks', paragraphs: ['x'] })).toBe(false);
  });

  it('counts every document of a category query’s category and nothing else', () => {
    const judge = new Judge({ query: 'sport', kind: 'category', category: 'sport' });
    expect(judge.isRelevant({ category: 'sport', title: 'Chelsea win', paragraphs: ['x'] })).toBe(true);
    expect(judge.isRelevant({ category: 'business', title: 'The business of sport', paragraphs: ['x'] })).toBe(false);
  });

  it('takes the category from the folder, or the first tag for a document from a JSON file', () => {
    expect(judgedDoc(doc('sport/001.txt', 't', 'a\nb', ['sport'])).category).toBe('sport');
    expect(judgedDoc(doc('docs.jsonl', 't', 'a', ['world'])).category).toBe('world');
    expect(judgedDoc(doc('docs.jsonl', 't', 'a\n\nb')).paragraphs).toEqual(['a', 'b']);
  });
});

function story(d: NewsDocument): Story {
  return { doc: d, summary: { docId: d.id, headline: d.title, keyPoints: [], entities: [], keyPhrases: [] }, sentences: [], related: [] };
}

describe('precision at 5', () => {
  const relevant = doc('politics/1.txt', 'Blair speaks', 'x');
  const other = doc('sport/2.txt', 'Chelsea win', 'y');

  it('is the share of relevant documents among the first five stories', () => {
    const brief = (): BriefResult => ({
      kind: 'ok',
      briefing: { generatedAt: new Date(0), stories: [relevant, other, relevant, relevant, other, relevant].map(story), suggestions: [] },
    });
    const report = evaluateRetrieval([blair], brief);
    expect(report.results[0]!.p5).toBeCloseTo(3 / 5, 10);
    expect(report.results[0]!.misses).toEqual(['Chelsea win', 'Chelsea win']);
  });

  it('counts a short answer’s missing places and a no-match answer as misses', () => {
    const short = (): BriefResult => ({ kind: 'ok', briefing: { generatedAt: new Date(0), stories: [story(relevant)], suggestions: [] } });
    expect(evaluateRetrieval([blair], short).meanP5).toBeCloseTo(0.2, 10);
    const none = (): BriefResult => ({ kind: 'no_match', topic: 'Tony Blair', suggestions: [] });
    const report = evaluateRetrieval([blair], none);
    expect(report.meanP5).toBe(0);
    expect(report.worst[0]!.noMatch).toBe(true);
  });

  it('averages by kind and lists the worst queries first', () => {
    const q2: EvalQuery = { query: 'sport', kind: 'category', category: 'sport' };
    const brief = (topic: string): BriefResult => ({
      kind: 'ok',
      briefing: { generatedAt: new Date(0), stories: Array.from({ length: 5 }, () => story(topic === 'sport' ? other : relevant)), suggestions: [] },
    });
    const report = evaluateRetrieval([blair, q2], brief);
    expect(report.byKind).toEqual({ person: 1, category: 1 });
    expect(report.meanP5).toBe(1);
  });
});

describe('the query sets', () => {
  for (const name of ['bbc', 'cnn']) {
    it(`holds at least 40 well-formed ${name} queries of every kind`, () => {
      const queries = readQueries(path.join(evalDir, `queries-${name}.json`));
      expect(queries.length).toBeGreaterThanOrEqual(40);
      const kinds = new Set(queries.map((q) => q.kind));
      expect([...kinds].sort()).toEqual(['category', 'event', 'organization', 'person', 'phrase', 'place']);
      for (const q of queries) if (q.kind === 'category') expect(q.category).toBeDefined();
      expect(new Set(queries.map((q) => q.query)).size).toBe(queries.length);
    });
  }

  const corpusRoot = process.env.NEWSBRIEF_CORPUS;
  it.runIf(corpusRoot !== undefined)('has a category query for every corpus category', () => {
    for (const name of ['bbc', 'cnn']) {
      const dir = path.resolve(corpusRoot!, name, 'articles');
      if (!existsSync(dir)) continue;
      const categories = readdirSync(dir).sort();
      const queried = readQueries(path.join(evalDir, `queries-${name}.json`)).flatMap((q) => (q.category ? [q.category] : []));
      expect([...new Set(queried)].sort()).toEqual(categories);
    }
  });

  it('rejects a malformed query file with the reason', () => {
    expect(() => readQueries(path.join(evalDir, 'no-such-file.json'))).toThrow(/cannot read queries/);
  });
});
