import { describe, expect, it } from 'vitest';
import { buildLibrary } from '../../src/news/library.js';
import { makeEntry, RecentWindow } from '../../src/news/library-window.js';
import { createVocabulary } from '../../src/news/terms.js';
import { summarize } from '../../src/news/summarize.js';
import { parseTopic } from '../../src/news/query.js';
import type { NewsDocument, Summary, SummaryCache } from '../../src/news/types.js';
import { doc, seedDocument } from './fixtures.js';
import { captureLogger } from './log-capture.js';

const NOW = new Date('2024-05-02T00:00:00Z');
const fixedClock = { now: () => NOW };

describe('brief on the seed', () => {
  const lib = buildLibrary([seedDocument()], { clock: fixedClock });

  it('leads /brief china with the Blinken article on Chinese attempts to influence the US election', () => {
    const r = lib.brief('china');
    expect(r.kind).toBe('ok');
    if (r.kind !== 'ok') return;
    const story = r.briefing.stories[0]!;
    expect(story.doc.text).toMatch(/Blinken/);
    expect(story.doc.text).toMatch(/Chinese attempts to .influence/);
    expect(story.sentences.length).toBeGreaterThan(0);
    expect(story.sentences.length).toBeLessThanOrEqual(2);
    expect(story.sentences.every((s) => /Chin|Beijing/.test(s))).toBe(true);
    expect(r.briefing.topic).toBe('china');
    expect(r.briefing.generatedAt).toEqual(NOW);
  });

  it('gives the Gaza sentences for /brief gaza, not the China part', () => {
    const r = lib.brief('gaza');
    if (r.kind !== 'ok') throw new Error('expected a briefing');
    const sentences = r.briefing.stories[0]!.sentences;
    expect(sentences).toHaveLength(2);
    for (const s of sentences) expect(s).toMatch(/Gaza/);
    for (const s of sentences) expect(s).not.toMatch(/Chin/);
  });

  it('answers /brief cricket with no_match and known topics to try', () => {
    const r = lib.brief('cricket');
    expect(r.kind).toBe('no_match');
    if (r.kind !== 'no_match') return;
    expect(r.topic).toBe('cricket');
    expect(r.suggestions.length).toBeGreaterThan(0);
    expect(r.suggestions.length).toBeLessThanOrEqual(5);
  });

  it('suggests the closest topic for a misspelling', () => {
    const r = lib.brief('blinkn');
    expect(r.kind === 'no_match' && r.suggestions[0]).toBe('Antony Blinken');
  });

  it('gives the latest stories with their key points when there is no topic', () => {
    for (const topic of [undefined, '', '   ']) {
      const r = lib.brief(topic);
      if (r.kind !== 'ok') throw new Error('expected a briefing');
      expect(r.briefing.topic).toBeUndefined();
      expect(r.briefing.stories[0]!.sentences).toEqual(lib.summaryOf(r.briefing.stories[0]!.doc.id)!.keyPoints);
    }
  });
});

const filler = (n: number): string => `Paragraph ${n} adds background that differs from story to story about item ${n * 7}.`;

describe('tag topics', () => {
  it('shows the key points of a document tagged with the topic, not the sentences using the word', () => {
    const tagged = doc('Cup final tonight', ['The cup final kicks off tonight in the capital.', 'The sport has never been so popular, fans said.'], {
      tags: ['sport'],
    });
    const lib = buildLibrary([tagged], { clock: fixedClock });
    const r = lib.brief('sport');
    if (r.kind !== 'ok') throw new Error('expected a briefing');
    expect(r.briefing.stories[0]!.sentences).toEqual(lib.summaryOf(tagged.id)!.keyPoints);
  });
});

describe('near-duplicates', () => {
  const wire = 'Floods forced thousands of people from their homes in the river valley on Sunday, emergency services said.';
  const docs: NewsDocument[] = [
    doc('Floods force thousands from homes', [wire, 'Rescue teams used boats to reach stranded families.'], { path: 'a.txt', date: '2024-05-01T08:00:00Z' }),
    doc('Floods force thousands from their homes', [wire, 'Rescue teams used boats to reach stranded families overnight.'], { path: 'b.txt', date: '2024-05-01T09:00:00Z' }),
    doc('Floods: a different story', ['Insurers said flood claims this year would be the highest on record for the region.', filler(1)], { path: 'c.txt' }),
    doc('Drought in the south', ['Farmers in the south asked for help as the drought went on, with floods a distant memory.', filler(2)], { path: 'd.txt' }),
  ];
  const lib = buildLibrary(docs, { clock: fixedClock });

  it('merges two copies of one story into one, the other kept as related', () => {
    const r = lib.brief('floods');
    if (r.kind !== 'ok') throw new Error('expected a briefing');
    const stories = r.briefing.stories;
    const flood = stories.filter((s) => ['a.txt', 'b.txt'].includes(s.doc.path));
    expect(flood).toHaveLength(1);
    expect(flood[0]!.related.map((d) => d.path)).toEqual([flood[0]!.doc.path === 'a.txt' ? 'b.txt' : 'a.txt']);
    expect(stories.map((s) => s.doc.path)).toContain('c.txt');
  });

  it('keeps one story per cluster in the latest stories too', () => {
    const r = lib.brief(undefined, { limit: 10 });
    if (r.kind !== 'ok') throw new Error('expected a briefing');
    expect(r.briefing.stories).toHaveLength(3);
  });

  it('returns at most the requested number of stories', () => {
    const r = lib.brief(undefined, { limit: 1 });
    expect(r.kind === 'ok' && r.briefing.stories.length).toBe(1);
  });
});

describe('digest', () => {
  const docs = [
    doc('China trade figures', ['China reported record exports in April.', filler(1)], { date: '2024-04-30T10:00:00Z', tags: ['business'] }),
    doc('Old China story', ['China opened a new port last year.', filler(2)], { date: '2024-03-01T10:00:00Z' }),
    doc('Tech giant results', ['The tech giant reported higher profits.', filler(3)], { date: '2024-05-01T10:00:00Z', tags: ['tech'] }),
    doc('Chip makers in China', ['Chip makers in China expanded output.', filler(4)], { date: '2024-05-01T12:00:00Z', tags: ['tech'] }),
    doc('Local election', ['Voters chose a new mayor.', filler(5)], { date: '2024-05-01T15:00:00Z' }),
  ];
  const lib = buildLibrary(docs, { clock: fixedClock });
  const since = new Date('2024-04-15T00:00:00Z');

  it('groups the stories since a date under each requested topic, a story in one group only', () => {
    const d = lib.digest({ topics: ['china', 'tech'], since, limit: 5, now: NOW });
    expect(d.title).toBe('Daily digest: china, tech');
    expect(d.groups.map((g) => g.topic)).toEqual(['china', 'tech']);
    const all = d.groups.flatMap((g) => g.stories.map((s) => s.doc.title));
    expect(all).not.toContain('Old China story');
    expect(new Set(all).size).toBe(all.length);
    expect(d.groups[0]!.stories.map((s) => s.doc.title)).toContain('China trade figures');
    expect(d.groups[1]!.stories.map((s) => s.doc.title)).toContain('Tech giant results');
    expect(d.since).toEqual(since);
  });

  it('gives "Top stories" newest first when no topic is asked', () => {
    const d = lib.digest({ topics: [], since, limit: 3, now: NOW });
    expect(d.groups).toHaveLength(1);
    expect(d.groups[0]!.topic).toBe('Top stories');
    expect(d.groups[0]!.stories.map((s) => s.doc.title)).toEqual(['Local election', 'Chip makers in China', 'Tech giant results']);
  });

  it('leaves out what the channel already had and stops at the limit', () => {
    const d = lib.digest({ topics: [], limit: 2, now: NOW, exclude: (doc) => doc.title === 'Local election' });
    expect(d.groups[0]!.stories.map((s) => s.doc.title)).toEqual(['Chip makers in China', 'Tech giant results']);
  });

  it('shares the limit among topics in turns', () => {
    const d = lib.digest({ topics: ['china', 'tech'], limit: 2, now: NOW });
    expect(d.groups.map((g) => g.stories.length)).toEqual([1, 1]);
  });

  it('keeps a group for a topic with nothing new, empty', () => {
    const d = lib.digest({ topics: ['cricket'], limit: 5, now: NOW });
    expect(d.groups).toEqual([{ topic: 'cricket', stories: [] }]);
  });
});

describe('summary cache', () => {
  function memoryCache(): SummaryCache & { store: Map<string, Summary>; puts: number } {
    const store = new Map<string, Summary>();
    const cache = {
      store,
      puts: 0,
      get: (id: string) => store.get(id),
      putMany(summaries: Summary[]) {
        cache.puts++;
        for (const s of summaries) store.set(s.docId, s);
      },
    };
    return cache;
  }

  it('stores new summaries and uses cached ones by document id', () => {
    const seed = seedDocument();
    const cache = memoryCache();
    buildLibrary([seed], { cache });
    expect(cache.store.get(seed.id)!.headline).toBe(seed.title);
    const planted: Summary = { docId: seed.id, headline: 'From the cache', keyPoints: ['Cached point.'], entities: [], keyPhrases: [] };
    cache.store.set(seed.id, planted);
    const lib = buildLibrary([seed], { cache });
    expect(lib.summaryOf(seed.id)).toBe(planted);
    expect(cache.puts).toBe(1);
  });

  it('still builds when the cache cannot write, with one warning', () => {
    const { logger, warnings } = captureLogger();
    const broken: SummaryCache = {
      get: () => undefined,
      putMany: () => {
        throw new Error('disk full');
      },
    };
    const lib = buildLibrary([seedDocument()], { cache: broken, logger });
    expect(lib.size).toBe(1);
    expect(warnings()).toHaveLength(1);
  });
});

describe('the in-memory window, changed one document at a time', () => {
  const a = doc('Alpha story', ['Alpha text about harbours.'], { path: 'a.txt' });
  const b = doc('Beta story', ['Beta text about mountains.'], { path: 'b.txt' });
  const c = doc('Gamma story', ['Gamma text about rivers and harbours.'], { path: 'c.txt' });

  it('finds an added document and forgets a removed one, as a library built with them would', () => {
    const vocab = createVocabulary();
    const window = new RecentWindow(vocab, Infinity, [a, b].map((d) => makeEntry(d, summarize(d), vocab)));
    window.add(makeEntry(c, summarize(c), vocab));
    window.remove(b.id);
    const q = parseTopic('harbours');
    const found = window.search(q, fixedClock.now()).map((h) => window.entry(h.doc).doc.id);
    const fresh = buildLibrary([a, c], { clock: fixedClock }).brief('harbours');
    expect(fresh.kind === 'ok' && fresh.briefing.stories.map((s) => s.doc.id)).toEqual(found);
    expect(window.search(parseTopic('mountains'), fixedClock.now())).toEqual([]);
    expect(window.size).toBe(2);
  });

  it('keeps the newest documents when it is full, and undated ones count as the oldest', () => {
    const vocab = createVocabulary();
    const window = new RecentWindow(vocab, 2);
    const dated = (d: NewsDocument, day: number) => ({ ...d, publishedAt: new Date(Date.UTC(2024, 0, day)) });
    window.add(makeEntry(dated(a, 1), summarize(a), vocab));
    window.add(makeEntry(dated(b, 3), summarize(b), vocab));
    const { publishedAt: _unused, ...undated } = c;
    expect(window.add(makeEntry(undated, summarize(c), vocab))).toBe(false);
    window.add(makeEntry(dated(c, 2), summarize(c), vocab));
    expect(window.documents().map((d) => d.title)).toEqual(['Beta story', 'Gamma story']);
  });

  it('keeps the newest of many documents coming in any order, whatever was removed on the way', () => {
    const vocab = createVocabulary();
    const window = new RecentWindow(vocab, 50);
    const all: NewsDocument[] = [];
    const removed = new Set<string>();
    let seed = 7;
    const next = () => (seed = (seed * 16807) % 2147483647);
    for (let i = 0; i < 400; i++) {
      // Days repeat, so many documents share a time.
      const d = { ...doc(`Story ${i}`, [`Text ${i} about harbours.`]), publishedAt: new Date(Date.UTC(2024, 0, 1 + (next() % 60))) };
      all.push(d);
      window.add(makeEntry(d, summarize(d), vocab));
      if (i % 7 === 0) {
        const gone = all[Math.floor(i / 2)]!.id;
        window.remove(gone);
        removed.add(gone);
      }
    }
    const kept = window.documents();
    expect(kept).toHaveLength(50);
    // Each kept document is at least as new as every live one left out.
    const keptIds = new Set(kept.map((d) => d.id));
    const oldestKept = Math.min(...kept.map((d) => d.publishedAt!.getTime()));
    const newerLeftOut = all.filter((d) => !keptIds.has(d.id) && !removed.has(d.id) && d.publishedAt!.getTime() > oldestKept);
    expect(newerLeftOut).toEqual([]);
    expect(kept.map((d) => d.publishedAt!.getTime())).toEqual([...kept.map((d) => d.publishedAt!.getTime())].sort((x, y) => y - x));
  });
});

describe('an empty library', () => {
  const lib = buildLibrary([], {});

  it('briefs with no stories and answers topics with nothing', () => {
    const r = lib.brief(undefined);
    expect(r.kind === 'ok' && r.briefing.stories).toEqual([]);
    expect(lib.topics()).toEqual([]);
    expect(lib.suggest('a')).toEqual([]);
    expect(lib.brief('china').kind).toBe('no_match');
  });
});
