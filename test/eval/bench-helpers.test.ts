import { describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { listArticles, writeScaledCorpus } from '../../scripts/eval/bench-corpus.js';
import { benchTopics, percentile, seeded } from '../../scripts/eval/bench-topics.js';
import { ArgError, parseArgs } from '../../scripts/eval/args.js';
import { readQueries } from '../../scripts/eval/queries.js';
import { findCorpora, readCorpus, CorpusError } from '../../scripts/eval/corpus.js';
import type { NewsDocument } from '../../src/news/types.js';

function tempDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'nb-eval-test-'));
}

function writeArticle(root: string, rel: string, text: string): void {
  const file = path.join(root, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

describe('the scaled bench corpus', () => {
  it('writes each article once per copy with its own headline and date', () => {
    const src = tempDir();
    const out = tempDir();
    try {
      writeArticle(src, 'tech/001.txt', 'Chips get faster\n\nIntel said its chips are faster.\n');
      writeArticle(src, 'sport/001.txt', 'Chelsea win\n\nChelsea won again.\n');
      expect(writeScaledCorpus(src, out, 3, new Date('2026-01-01T00:00:00Z'))).toBe(6);
      expect(listArticles(path.join(out, 'copy00'))).toEqual(['sport/001.txt', 'tech/001.txt']);
      const titles = ['copy00', 'copy01', 'copy02'].map((c) => readFileSync(path.join(out, c, 'tech/001.txt'), 'utf8').split('\n')[0]);
      expect(new Set(titles).size).toBe(3);
      expect(readFileSync(path.join(out, 'copy02', 'tech/001.txt'), 'utf8')).toBe('Chips get faster (3)\n\nIntel said its chips are faster.\n');
      const times = ['copy00', 'copy01', 'copy02'].map((c) => statSync(path.join(out, c, 'tech/001.txt')).mtimeMs);
      expect(new Set(times).size).toBe(3);
    } finally {
      rmSync(src, { recursive: true, force: true });
      rmSync(out, { recursive: true, force: true });
    }
  });
});

describe('the bench topics', () => {
  const docs = ['Blair rejects poll claims', 'Chelsea beat Arsenal at home', 'Oil prices hit record high'].map(
    (title, i): NewsDocument => ({ id: String(i), title, text: 'x', sections: [], publishedAt: new Date(0), path: `${i}.txt`, tags: [] }),
  );

  it('are the same for the same corpus and seed, and as many as asked', () => {
    const a = benchTopics(docs, ['China'], 300);
    expect(a).toEqual(benchTopics(docs, ['China'], 300));
    expect(a.length).toBe(300);
  });

  it('mix headline names, words, phrases, queries and topics that match nothing', () => {
    const topics = new Set(benchTopics(docs, ['China'], 500));
    expect(topics.has('China')).toBe(true);
    expect(topics.has('Blair')).toBe(true);
    expect([...topics].some((t) => t.includes(' '))).toBe(true);
    expect([...topics].some((t) => /^[a-z]{6,10}$/.test(t) && !docs.some((d) => d.title.toLowerCase().includes(t)))).toBe(true);
  });

  it('come from a seeded generator in [0, 1)', () => {
    const r = seeded(1);
    const xs = Array.from({ length: 1000 }, r);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(seeded(1)()).toBe(xs[0]);
  });

  it('report nearest-rank percentiles', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(sorted, 50)).toBe(50);
    expect(percentile(sorted, 95)).toBe(95);
    expect(percentile(sorted, 99)).toBe(99);
    expect(percentile([], 95)).toBe(0);
  });
});

describe('the script arguments', () => {
  const spec = { flags: ['quick'], values: ['json', 'corpus'] };

  it('reads flags and values in both spellings', () => {
    const a = parseArgs(['--quick', '--json', 'out.json', '--corpus=../c'], spec);
    expect(a.flags.has('quick')).toBe(true);
    expect(a.values.get('json')).toBe('out.json');
    expect(a.values.get('corpus')).toBe('../c');
  });

  it('names an unknown option and a missing value', () => {
    expect(() => parseArgs(['--fast'], spec)).toThrow(ArgError);
    expect(() => parseArgs(['--fast'], spec)).toThrow(/unknown option --fast/);
    expect(() => parseArgs(['--json'], spec)).toThrow(/--json needs a value/);
    expect(() => parseArgs(['stray'], spec)).toThrow(/unexpected argument/);
  });
});

describe('the corpus reader', () => {
  it('reads articles and their references, and finds corpora under a folder', () => {
    const root = tempDir();
    try {
      writeArticle(root, 'mini/articles/tech/001.txt', 'Headline here\n\nFirst paragraph. Second sentence.\nSecond paragraph.\n');
      writeArticle(root, 'mini/summaries/tech/001.txt', 'First paragraph.\nSecond paragraph.\n');
      expect(findCorpora(root)).toEqual([{ name: 'mini', dir: path.join(root, 'mini') }]);
      const [a] = readCorpus(path.join(root, 'mini'));
      expect(a).toEqual({
        path: 'tech/001.txt',
        category: 'tech',
        title: 'Headline here',
        paragraphs: ['First paragraph. Second sentence.', 'Second paragraph.'],
        reference: ['First paragraph.', 'Second paragraph.'],
      });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('says what is missing instead of scoring nothing', () => {
    const root = tempDir();
    try {
      expect(() => findCorpora(path.join(root, 'nope'))).toThrow(CorpusError);
      writeArticle(root, 'c/articles/tech/001.txt', 'H\n\nBody.\n');
      mkdirSync(path.join(root, 'c/summaries'), { recursive: true });
      expect(() => readCorpus(path.join(root, 'c'))).toThrow(/no reference summary for tech\/001.txt/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('rejects a query file that does not match the schema, naming the field', () => {
    const root = tempDir();
    try {
      const file = path.join(root, 'q.json');
      writeFileSync(file, JSON.stringify([{ query: 'x', kind: 'animal' }]));
      expect(() => readQueries(file)).toThrow(/malformed[\s\S]*kind/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
