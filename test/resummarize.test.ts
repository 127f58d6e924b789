import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Store } from '../src/store/store.js';
import { createIngest } from '../src/ingest.js';
import { inlineSummarizer } from '../src/ingest-summarizer.js';
import { openArchiveLibrary } from '../src/news/library.js';
import { createDocument, indexText, packTerms, summarize } from '../src/news/index.js';
import { parseTopic } from '../src/news/query.js';
import Database from 'better-sqlite3';
import { startResummarizer } from '../src/resummarize.js';
import { captureLogger } from './news/log-capture.js';

const NOW = new Date('2024-05-02T00:00:00Z');
const dirs: string[] = [];
const stores: Store[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const docs = ['Lima', 'Quito', 'Osaka'].map((city, i) =>
  createDocument({ title: `${city} opens a tram line`, text: `The city of ${city} opened its first tram line on Monday.\nOfficials in ${city} said more would follow.`, publishedAt: new Date(NOW.getTime() - i * 86_400_000), path: `${city}.txt`, tags: ['transport'] }),
);

async function archiveUnder(version: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'newsbrief-resummarize-'));
  dirs.push(dir);
  const path = join(dir, 'newsbrief.db');
  const store = openStore(path, { summaryVersion: version });
  const ingest = createIngest({ documents: store.documents, summarizer: inlineSummarizer(), logger: captureLogger('info').logger });
  await ingest.add(docs);
  await ingest.close();
  store.close();
  return path;
}

function open(path: string, version: string): Store {
  const s = openStore(path, { summaryVersion: version });
  stores.push(s);
  return s;
}

describe('summaries made by an older summarizer', () => {
  it('are made again in the background, in place, and the archive is not looked at again once all are current', async () => {
    const path = await archiveUnder('v1');
    const store = open(path, 'v2');
    const stale = store.documents.staleSummaries(Number.MAX_SAFE_INTEGER, 100, 100).stale;
    expect(stale.map((s) => s.doc.id).sort()).toEqual(docs.map((d) => d.id).sort());
    const order = store.documents.latest(10).map((s) => s.doc.id);
    const topics = store.documents.topics(50);
    const cap = captureLogger('info');
    const library = openArchiveLibrary(store.documents, { recentDays: 0, recentMax: 10 }, { clock: { now: () => NOW } });
    await library.ready;
    const resummarizer = startResummarizer({ store, summarizer: inlineSummarizer(), listener: library, version: 'v2', logger: cap.logger, everyMs: 3_600_000 });

    expect(await resummarizer.runOnce()).toBe(3);
    expect(store.documents.staleSummaries(Number.MAX_SAFE_INTEGER, 100, 100).stale).toEqual([]);
    // Same place in the archive, same topic counts (the same summarizer under a new name).
    expect(store.documents.latest(10).map((s) => s.doc.id)).toEqual(order);
    expect(store.documents.topics(50)).toEqual(topics);
    const answer = library.brief('tram', { now: NOW });
    // The library was told: all three still answer (one story, the other two as its near-duplicates).
    expect(answer.kind === 'ok' && answer.briefing.stories.flatMap((st) => [st.doc.id, ...st.related.map((r) => r.id)]).sort()).toEqual(docs.map((d) => d.id).sort());
    expect(cap.lines.some((l) => String(l.msg).startsWith('re-summarizing documents'))).toBe(true);
    expect(await resummarizer.runOnce()).toBe(0);
    await resummarizer.stop();

    // Marked as done under v2: a restart summarizes nothing again.
    let asked = 0;
    const counting = inlineSummarizer();
    const spy = { ...counting, run: (d: Parameters<typeof counting.run>[0]) => ((asked += d.length), counting.run(d)) };
    const again = startResummarizer({ store, summarizer: spy, version: 'v2', logger: cap.logger, everyMs: 3_600_000 });
    expect(await again.runOnce()).toBe(0);
    await again.stop();
    expect(asked).toBe(0);
  });

  it('has nothing to look at in an archive that starts empty, whatever comes in later', async () => {
    const store = open(':memory:', 'v2');
    const r = startResummarizer({ store, summarizer: inlineSummarizer(), version: 'v2', logger: captureLogger('info').logger, everyMs: 3_600_000 });
    expect(store.meta.get('archive.summaries_current')).toBe('v2');
    const ingest = createIngest({ documents: store.documents, summarizer: inlineSummarizer(), logger: captureLogger('info').logger });
    await ingest.add(docs);
    expect(await r.runOnce()).toBe(0);
    await r.stop();
  });

  it('get the full-text row of the rules of now too, so a story far beyond the window is found by its dateline place', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'newsbrief-resummarize-'));
    dirs.push(dir);
    const path = join(dir, 'newsbrief.db');
    const filed = createDocument({ title: 'Trade talks go on', text: 'BEIJING (CNN) -- Chinese officials said on Monday that the trade talks would go on.', publishedAt: new Date(NOW.getTime() - 400 * 86_400_000), path: 'talks.txt' });
    // Stored by a summarizer whose rules dropped the dateline and indexed no place (version 4).
    const olderRules = { ...filed, text: 'Chinese officials said on Monday that the trade talks would go on.' };
    const before = openStore(path, { summaryVersion: 'v4' });
    before.documents.write([{ doc: filed, summary: summarize(filed), index: indexText(olderRules), terms: packTerms(olderRules), topics: [] }], [], NOW);
    expect(before.documents.search(parseTopic('beijing'), 40)).toEqual([]);
    before.close();

    const store = open(path, 'v5');
    const library = openArchiveLibrary(store.documents, { recentDays: 30, recentMax: 10 }, { clock: { now: () => NOW } });
    await library.ready;
    const resummarizer = startResummarizer({ store, summarizer: inlineSummarizer(), listener: library, version: 'v5', logger: captureLogger('info').logger, everyMs: 3_600_000 });
    expect(await resummarizer.runOnce()).toBe(1);
    await resummarizer.stop();

    expect(store.documents.search(parseTopic('beijing'), 40)).toEqual([filed.id]);
    const answer = library.brief('beijing', { now: NOW });
    expect(answer.kind === 'ok' && answer.briefing.stories.map((st) => st.doc.id)).toEqual([filed.id]);
    // Its one row, with the place at the end of the body as the in-memory index has it.
    const raw = new Database(path, { readonly: true });
    const rows = (match: string): unknown[] => raw.prepare('SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?').pluck().all(match);
    expect([rows('body : beij').length, rows('lead : beij').length, rows('chines').length]).toEqual([1, 0, 1]);
    raw.close();
  });

  it('leaves a document alone when it changed after it was read', async () => {
    const path = await archiveUnder('v1');
    const store = open(path, 'v2');
    const [first] = store.documents.staleSummaries(Number.MAX_SAFE_INTEGER, 100, 1).stale;
    const replaced = store.documents.replaceSummaries([{ id: first!.doc.id, contentHash: 'not-its-hash', summary: first!.summary, terms: first!.terms!, index: indexText(first!.doc), topics: [] }]);
    expect(replaced).toEqual([]);
    expect(store.documents.staleSummaries(Number.MAX_SAFE_INTEGER, 100, 100).stale).toHaveLength(3);
  });
  it('walk past a stored document they cannot read, with one warning naming it, and do the others', async () => {
    const path = await archiveUnder('v1');
    const damage = new Database(path);
    damage.prepare('UPDATE documents SET sections = ? WHERE id = ?').run('{not json', docs[1]!.id);
    damage.close();
    const store = open(path, 'v2');
    const cap = captureLogger('info');
    const resummarizer = startResummarizer({ store, summarizer: inlineSummarizer(), version: 'v2', logger: cap.logger, everyMs: 3_600_000 });
    expect(await resummarizer.runOnce()).toBe(2);
    expect(await resummarizer.runOnce()).toBe(0);
    await resummarizer.stop();
    const warnings = cap.warnings();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ id: docs[1]!.id });
    expect(warnings[0]!.msg).toMatch(/unreadable, its summary left as it is/);
    expect(store.meta.get('archive.summaries_current')).toBe('v2');
  });
});
