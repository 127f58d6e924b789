import { describe, it, expect, afterEach } from 'vitest';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Store } from '../src/store/store.js';
import { openArchiveLibrary, type LiveLibrary } from '../src/news/library.js';
import { createIngest, type Ingest } from '../src/ingest.js';
import { inlineSummarizer, workerSummarizer, type Summarizer } from '../src/ingest-summarizer.js';
import { syncSeedFolder } from '../src/sources/folder/sync.js';
import { createDocument } from '../src/news/index.js';
import { captureLogger } from './news/log-capture.js';

const NOW = new Date('2024-05-02T00:00:00Z');
const clock = { now: () => NOW };
const open: { close(): void }[] = [];
const closing: Summarizer[] = [];
afterEach(async () => {
  for (const s of closing.splice(0)) await s.close();
  for (const o of open.splice(0)) o.close();
});

function story(city: string, n: number): string {
  return `${city} council approves plan ${n}\n\nThe city council of ${city} approved transport plan number ${n} on Tuesday after a long debate.\nOfficials in ${city} said construction of the new tram line would begin next spring.\n`;
}

function bot(dbPath: string, summarizer: Summarizer = inlineSummarizer()) {
  const cap = captureLogger('info');
  const store: Store = openStore(dbPath, { summaryVersion: 'test' });
  open.push(store);
  const library: LiveLibrary = openArchiveLibrary(store.documents, { recentDays: 0, recentMax: 1000 }, { clock, logger: cap.logger });
  const ingest: Ingest = createIngest({ documents: store.documents, summarizer, listener: library, logger: cap.logger, now: () => NOW });
  return { store, library, ingest, cap };
}

const paths = (library: LiveLibrary, topic: string): string[] => {
  const r = library.brief(topic, { now: NOW });
  return r.kind === 'ok' ? r.briefing.stories.map((s) => s.doc.path) : [];
};

describe('ingest', () => {
  it('summarizes nothing again on a restart over an unchanged seeds folder, and answers at once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'newsbrief-ingest-'));
    const seeds = join(dir, 'seeds');
    mkdirSync(join(seeds, 'world'), { recursive: true });
    for (const [i, city] of ['Lima', 'Osaka', 'Accra'].entries()) writeFileSync(join(seeds, 'world', `${i}.txt`), story(city, i));
    writeFileSync(join(seeds, 'items.jsonl'), `${JSON.stringify({ title: 'Quito floods', text: 'Rivers in Quito rose overnight, officials said.' })}\n`);
    const db = join(dir, 'n.db');

    const first = bot(db);
    const deps = { root: seeds, seedFiles: first.store.seedFiles, maxFileBytes: 100_000, logger: first.cap.logger };
    const r1 = await syncSeedFolder({ ...deps, ingest: first.ingest });
    expect(r1).toMatchObject({ files: 4, parsed: 4, added: 4 });
    expect(first.ingest.counters().summarized).toBe(4);
    first.store.close();

    const second = bot(db);
    const r2 = await syncSeedFolder({ ...deps, seedFiles: second.store.seedFiles, ingest: second.ingest });
    expect(r2).toMatchObject({ files: 4, parsed: 0, added: 0, removed: 0 });
    expect(second.ingest.counters()).toMatchObject({ summarized: 0, stored: 0 });
    expect(paths(second.library, 'osaka')).toEqual(['world/1.txt']);
    expect(paths(second.library, 'quito')).toEqual(['items.jsonl']);
    expect(second.library.size).toBe(4);
  });

  it('re-reads a touched file without summarizing it again, and drops the documents of a deleted one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'newsbrief-ingest-'));
    writeFileSync(join(dir, 'a.txt'), story('Lima', 1));
    writeFileSync(join(dir, 'b.txt'), story('Hanoi', 2));
    const { store, ingest, library, cap } = bot(':memory:');
    const deps = { root: dir, ingest, seedFiles: store.seedFiles, maxFileBytes: 100_000, logger: cap.logger };
    await syncSeedFolder(deps);
    // Same bytes, new mtime: hashed, not parsed.
    const later = new Date(Date.now() + 60_000);
    const { utimesSync, rmSync } = await import('node:fs');
    utimesSync(join(dir, 'a.txt'), later, later);
    rmSync(join(dir, 'b.txt'));
    const r = await syncSeedFolder(deps);
    expect(r).toMatchObject({ parsed: 0, gone: 1, removed: 1 });
    expect(ingest.counters().summarized).toBe(2);
    expect(library.brief('hanoi', { now: NOW }).kind).toBe('no_match');
    expect(paths(library, 'lima')).toEqual(['a.txt']);
  });

  it('replaces an edited feed item by its source key instead of keeping both', async () => {
    const { ingest, library } = bot(':memory:');
    const v1 = { ...createDocument({ title: 'Storm nears Osaka', text: 'A storm is nearing Osaka, forecasters said.', path: 'feed/1' }), sourceKey: 'feed:1:item-9' };
    const v2 = { ...createDocument({ title: 'Storm hits Osaka', text: 'A storm hit Osaka overnight, cutting power to thousands.', path: 'feed/1' }), sourceKey: 'feed:1:item-9' };
    expect(await ingest.add([v1])).toMatchObject({ added: 1 });
    expect(await ingest.add([v2])).toMatchObject({ added: 1, updated: 1 });
    expect(library.size).toBe(1);
    const r = library.brief('osaka', { now: NOW });
    expect(r.kind === 'ok' && r.briefing.stories.map((s) => s.doc.title)).toEqual(['Storm hits Osaka']);
    // The same item again is nothing new.
    expect(await ingest.add([v2])).toMatchObject({ added: 0, unchanged: 1 });
    expect(ingest.counters().summarized).toBe(2);
  });

  it('replaces a feed item edited under the same id (its feedItem key) and summarizes it again', async () => {
    const { ingest, library } = bot(':memory:');
    const item = (title: string, text: string) => ({ ...createDocument({ title, text, path: 'feeds/1/k1' }), id: 'k1', feedItem: 'k1' });
    await ingest.add([item('Ferry strike in Osaka', 'Ferry workers in Osaka went on strike.')]);
    expect(await ingest.add([item('Ferry strike in Osaka ends', 'Ferry workers in Osaka ended their strike.')])).toMatchObject({ added: 1, updated: 1 });
    expect(await ingest.add([item('Ferry strike in Osaka ends', 'Ferry workers in Osaka ended their strike.')])).toMatchObject({ added: 0, unchanged: 1 });
    expect(library.size).toBe(1);
    const r = library.brief('osaka', { now: NOW });
    expect(r.kind === 'ok' && r.briefing.stories.map((s) => s.doc.title)).toEqual(['Ferry strike in Osaka ends']);
    expect(ingest.counters().summarized).toBe(2);
  });

  it('finds documents outside the in-memory window through the archive, and ranks undated ones as old', async () => {
    const store = openStore(':memory:', { summaryVersion: 'test' });
    open.push(store);
    const cap = captureLogger('info');
    // Room for one document in memory: the rest are found on disk only.
    const library = openArchiveLibrary(store.documents, { recentDays: 0, recentMax: 1 }, { clock, logger: cap.logger });
    const ingest = createIngest({ documents: store.documents, summarizer: inlineSummarizer(), listener: library, logger: cap.logger });
    const at = (day: number) => new Date(Date.UTC(2024, 4, day));
    await ingest.add([
      createDocument({ title: 'Nairobi marathon record', text: 'A runner set a record at the Nairobi marathon.', publishedAt: at(2), path: 'newest.txt' }),
      // The same words apart from one, so only the date tells them apart.
      createDocument({ title: 'Nairobi traffic plan', text: 'Nairobi published a traffic plan for the city centre.', path: 'undated.json' }),
      createDocument({ title: 'Nairobi transit plan', text: 'Nairobi published a transit plan for the city centre.', publishedAt: at(1), path: 'dated.txt' }),
    ]);
    expect(library.inMemory).toBe(1);
    expect(paths(library, 'nairobi plan')).toEqual(['dated.txt', 'undated.json']);
    expect(paths(library, 'nairobi')).toContain('newest.txt');
    expect(library.topics(50).map((t) => t.name)).toContain('Nairobi');
  });

  it('stores megabyte documents in transactions of their own, so commands are answered between them', async () => {
    const store = openStore(':memory:', { summaryVersion: 'test' });
    open.push(store);
    const told: number[] = [];
    const ingest = createIngest({ documents: store.documents, summarizer: inlineSummarizer({ budgetMs: 60_000 }), listener: { apply: (c) => void told.push(c.added.length) }, logger: captureLogger('info').logger });
    const big = (city: string) => createDocument({ title: `${city} report`, text: `The ${city} council met again today. `.repeat(20_000), path: `${city}.txt` });
    const small = createDocument({ title: 'Lima council approves plan', text: story('Lima', 3), path: 'lima.txt' });
    const r = await ingest.add([big('Osaka'), big('Accra'), small]);
    expect(r.added).toBe(3);
    expect(told).toEqual([1, 2]);
  });

  it('refuses nothing it cannot summarize in time but skips it with one warning, and keeps the rest', async () => {
    const summarizer = inlineSummarizer({ budgetMs: 0 });
    const { ingest, library, cap } = bot(':memory:', summarizer);
    const r = await ingest.add([createDocument({ title: 'Slow one', text: 'Words. '.repeat(2000), path: 'slow.txt' })]);
    expect(r.skipped).toEqual([{ path: 'slow.txt', reason: expect.stringMatching(/over the 0 ms budget/) }]);
    expect(cap.warnings().filter((w) => w.msg.includes('slow.txt'))).toHaveLength(1);
    expect(library.size).toBe(0);
  });
});

describe('the summarizing worker', () => {
  it('summarizes off the main thread with the same result as inline', async () => {
    const cap = captureLogger('info');
    const worker = workerSummarizer({ logger: cap.logger });
    closing.push(worker);
    const doc = createDocument({ title: 'Lima council approves plan', text: story('Lima', 3), path: 'lima.txt' });
    const [viaWorker] = await worker.run([doc]);
    const [inline] = await inlineSummarizer().run([doc]);
    expect(viaWorker).toEqual({ analysis: { ...(inline as { analysis: object }).analysis, ms: expect.any(Number) } });
  }, 60_000);

  it('replaces a worker stuck on one document, skips that document with one warning and summarizes the others', async () => {
    const worker = workerSummarizer({ logger: captureLogger('info').logger, budgetMs: 60_000, stuckMs: 1000 });
    closing.push(worker);
    const { ingest, library, cap } = bot(':memory:', worker);
    // Two hundred thousand sentences: seconds of work even for a summarizer linear in the text.
    const huge = createDocument({ title: 'Endless report', text: Array.from({ length: 200_000 }, (_, i) => `Sentence number ${i} says council plan ${i % 97} was approved in city ${i % 13}.`).join(' '), path: 'huge.txt' });
    const small = createDocument({ title: 'Lima council approves plan', text: story('Lima', 3), path: 'lima.txt' });
    const r = await ingest.add([huge, small]);
    expect(r.skipped).toEqual([{ path: 'huge.txt', reason: expect.stringMatching(/longer than 1000 ms \(the worker was stopped\)/) }]);
    expect(r.added).toBe(1);
    expect(paths(library, 'lima')).toEqual(['lima.txt']);
    expect(worker.restarts).toBe(1);
    expect(cap.warnings().filter((w) => w.msg.includes('huge.txt'))).toHaveLength(1);
  }, 60_000);
});
