import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadFolder, type LoadResult } from '../../src/news/load.js';
import { buildLibrary } from '../../src/news/library.js';
import type { Library } from '../../src/news/library-api.js';
import { captureLogger } from './log-capture.js';

const corpus = process.env.NEWSBRIEF_CORPUS;

describe.runIf(corpus)('the BBC corpus', () => {
  // Loaded in beforeAll: a skipped describe still runs its body, and the corpus may be absent.
  const cap = captureLogger('info');
  let loaded: LoadResult;
  let lib: Library;
  beforeAll(async () => {
    loaded = await loadFolder(path.join(corpus!, 'bbc/articles'), { maxFileBytes: 1_000_000, logger: cap.logger });
    lib = buildLibrary(loaded.documents, {});
  });

  it('loads all 2,127 articles with no warning', () => {
    expect(cap.warnings()).toEqual([]);
    expect(loaded.skipped).toEqual([]);
    expect(loaded.documents).toHaveLength(2127);
  });

  it("returns only sport stories for brief('sport')", () => {
    const r = lib.brief('sport');
    if (r.kind !== 'ok') throw new Error('expected a briefing');
    expect(r.briefing.stories).toHaveLength(5);
    for (const s of r.briefing.stories) expect(s.doc.tags).toContain('sport');
  });

  it("returns Blair stories for brief('tony blair'), with Blair in the chosen sentences", () => {
    const r = lib.brief('tony blair');
    if (r.kind !== 'ok') throw new Error('expected a briefing');
    expect(r.briefing.stories).toHaveLength(5);
    for (const s of r.briefing.stories) {
      expect(s.doc.text).toMatch(/Tony Blair/);
      expect(s.sentences.some((x) => /Blair/.test(x))).toBe(true);
    }
  });

  it('finds China stories through its demonym and capital too', () => {
    const r = lib.brief('china');
    if (r.kind !== 'ok') throw new Error('expected a briefing');
    for (const s of r.briefing.stories) expect(s.doc.title + s.doc.text).toMatch(/China|Chinese|Beijing/);
  });

  it('merges the two copies of one article (sport/181 and 182 differ only in paragraphing) into one story', () => {
    const r = lib.brief('desailly', { limit: 10 });
    if (r.kind !== 'ok') throw new Error('expected a briefing');
    const story = r.briefing.stories.find((s) => ['sport/181.txt', 'sport/182.txt'].includes(s.doc.path))!;
    expect(story.related.map((d) => d.path)).toEqual(expect.arrayContaining([story.doc.path === 'sport/181.txt' ? 'sport/182.txt' : 'sport/181.txt']));
    expect(r.briefing.stories.filter((s) => ['sport/181.txt', 'sport/182.txt'].includes(s.doc.path))).toHaveLength(1);
  });

  it('suggests known topics for a topic it does not cover', () => {
    const r = lib.brief('zzyzx quasar');
    expect(r.kind === 'no_match' && r.suggestions.length).toBeGreaterThan(0);
  });

  it('lists the categories among the most covered topics', () => {
    const names = lib.topics(20).map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(['sport', 'business', 'politics', 'tech', 'entertainment']));
  });
});

describe.runIf(corpus)('the CNN JSON lines file', () => {
  const cap = captureLogger('info');
  let loaded: LoadResult;
  beforeAll(async () => {
    const { mkdtemp, copyFile } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const dir = await mkdtemp(path.join(tmpdir(), 'newsbrief-cnn-'));
    await copyFile(path.join(corpus!, 'cnn/docs.jsonl'), path.join(dir, 'docs.jsonl'));
    loaded = await loadFolder(dir, { maxFileBytes: 50_000_000, logger: cap.logger });
  });

  it('loads its 1,000 articles with dates, URLs and categories as tags', () => {
    expect(cap.warnings()).toEqual([]);
    expect(loaded.documents).toHaveLength(1000);
    const d = loaded.documents[0]!;
    expect(d.url).toMatch(/^https?:\/\//);
    expect(d.publishedAt!.getUTCFullYear()).toBeGreaterThanOrEqual(2012);
    expect(d.tags.length).toBeGreaterThan(0);
  });

  it('leaves the seven items dated "Z" undated instead of dating them by the file', () => {
    expect(loaded.documents.filter((doc) => doc.publishedAt === undefined)).toHaveLength(7);
  });
});
