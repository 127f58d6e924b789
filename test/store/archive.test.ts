import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openStore, StoreFileError, type Store } from '../../src/store/store.js';
import { createIngest } from '../../src/ingest.js';
import { inlineSummarizer } from '../../src/ingest-summarizer.js';
import { openArchiveLibrary } from '../../src/news/library.js';
import { createDocument } from '../../src/news/index.js';
import { startRetention } from '../../src/retention.js';
import { captureLogger } from '../news/log-capture.js';

const dirs: string[] = [];
const stores: Store[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempFile(name = 'newsbrief.db'): string {
  const dir = mkdtempSync(join(tmpdir(), 'newsbrief-archive-'));
  dirs.push(dir);
  return join(dir, name);
}

describe('opening a database file that is not newsbrief’s', () => {
  it('refuses a file that is not a database, naming NEWSBRIEF_DB and the path, and leaves it as it was', () => {
    const path = tempFile();
    const junk = 'these are my notes, not a database\n'.repeat(200);
    writeFileSync(path, junk);
    expect(() => openStore(path)).toThrow(StoreFileError);
    expect(() => openStore(path)).toThrow(new RegExp(`NEWSBRIEF_DB=${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: the file is not an SQLite database`));
    expect(readFileSync(path, 'utf8')).toBe(junk);
  });

  it('refuses a damaged newsbrief database instead of starting over', () => {
    const path = tempFile();
    openStore(path).close();
    const bytes = readFileSync(path);
    // Overwrite the header's magic string and page size: SQLite can no longer read it.
    bytes.fill(0x41, 0, 100);
    writeFileSync(path, bytes);
    expect(() => openStore(path)).toThrow(/NEWSBRIEF_DB=.*(not an SQLite database|corrupted)/);
    expect(readFileSync(path).subarray(0, 4).toString()).toBe('AAAA');
  });

  it("refuses another program's SQLite database and adds no table to it", () => {
    const path = tempFile();
    const other = new Database(path);
    other.exec('CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)');
    other.close();
    expect(() => openStore(path)).toThrow(/NEWSBRIEF_DB=.*is not newsbrief's/);
    const check = new Database(path);
    const tables = check.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all();
    check.close();
    expect(tables).toEqual(['invoices']);
  });
});

describe('retention', () => {
  const NOW = new Date('2026-11-27T12:00:00Z');
  const daysAgo = (n: number) => new Date(NOW.getTime() - n * 86_400_000);

  async function setup(keepDays: number | null) {
    const store = openStore(':memory:', { summaryVersion: 'test' });
    stores.push(store);
    const cap = captureLogger('info');
    const clock = { now: () => NOW };
    const library = openArchiveLibrary(store.documents, { recentDays: 0, recentMax: 100 }, { clock, logger: cap.logger });
    const ingest = createIngest({ documents: store.documents, summarizer: inlineSummarizer(), listener: library, logger: cap.logger, now: () => NOW });
    const old = createDocument({ title: 'Harbour closes in Lima', text: 'The harbour in Lima closed for repairs.', publishedAt: daysAgo(40), path: 'old.txt' });
    const fresh = createDocument({ title: 'Harbour reopens in Lima', text: 'The harbour in Lima reopened after repairs.', publishedAt: daysAgo(2), path: 'fresh.txt' });
    await ingest.add([old, fresh]);
    return { store, library, ingest, clock, cap, old, fresh };
  }

  it('deletes documents older than keepDays with their index rows, and keeps the rest', async () => {
    const { store, library, ingest, clock, cap, old, fresh } = await setup(30);
    const retention = startRetention({ store, ingest, keepDays: 30, clock, logger: cap.logger });
    const r = await retention.run();
    retention.stop();
    expect(r.documents).toBe(1);
    expect(store.documents.get(old.id)).toBeUndefined();
    expect(store.documents.get(fresh.id)).toBeDefined();
    const answer = library.brief('harbour', { now: NOW });
    expect(answer.kind === 'ok' && answer.briefing.stories.map((s) => s.doc.path)).toEqual(['fresh.txt']);
    // The full-text index lost the row too: the archive alone finds only the fresh one.
    expect(store.documents.search({ folded: 'closes', slots: [{ label: 'closes', alternatives: [{ kind: 'phrase', stems: ['close'], weight: 1 }] }], phrase: ['close'] }, 10)).toEqual([]);
  });

  it('merges the full-text index into fewer segments, and every document is still found', async () => {
    const { store, ingest, clock, cap, old, fresh } = await setup(null);
    // Each add commits on its own: a segment each.
    for (let i = 0; i < 12; i++) {
      await ingest.add([createDocument({ title: `Harbour report ${i}`, text: `Report ${i} on the harbour in Callao.`, publishedAt: NOW, path: `r${i}.txt` })]);
    }
    const retention = startRetention({ store, ingest, keepDays: null, clock, logger: cap.logger });
    const first = await retention.run();
    expect(first.indexMergeSteps).toBeGreaterThan(0);
    expect((await retention.run()).indexMergeSteps).toBe(0);
    retention.stop();
    const harbour = { folded: 'harbour', slots: [{ label: 'harbour', alternatives: [{ kind: 'phrase' as const, stems: ['harbour'], weight: 1 }] }], phrase: ['harbour'] };
    const all = store.documents.latest(100).map((s) => s.doc.id);
    expect(all).toHaveLength(14);
    expect(all).toContain(old.id);
    expect(store.documents.search(harbour, 100).sort()).toEqual(all.sort());
  });

  it('keeps everything when keepDays is not set', async () => {
    const { store, ingest, clock, cap } = await setup(null);
    const retention = startRetention({ store, ingest, keepDays: null, clock, logger: cap.logger });
    expect((await retention.run()).documents).toBe(0);
    retention.stop();
    expect(store.documents.count()).toBe(2);
  });
});

describe('archive candidates re-ranked from their stored analysis', () => {
  const at = (day: number) => new Date(Date.UTC(2024, 3, day));
  const docs = [
    createDocument({ title: 'Nairobi marathon record falls', text: 'A runner set a record at the Nairobi marathon on Sunday.\nThe Nairobi crowd cheered.', publishedAt: at(3), path: 'a.txt', tags: ['sport'] }),
    createDocument({ title: 'Nairobi traffic plan', text: 'Nairobi published a traffic plan for the city centre.\nBuses get their own lanes.', publishedAt: at(2), path: 'b.txt' }),
    createDocument({ title: 'Transit in Lima', text: 'Lima opened a transit line; Nairobi officials came to see it.\nThe NATO summit was elsewhere.', publishedAt: at(1), path: 'c.txt' }),
    createDocument({ title: 'NATO ministers meet', text: 'NATO ministers met in Brussels on Monday.\nThe U.S. sent its envoy.', publishedAt: at(4), path: 'd.txt', tags: ['world'] }),
  ];

  it('ranks them exactly as analyzing their text at query time ranks them', async () => {
    const briefs = async (keepAnalysis: boolean) => {
      const path = tempFile();
      const store = openStore(path, { summaryVersion: 'test' });
      stores.push(store);
      const ingest = createIngest({ documents: store.documents, summarizer: inlineSummarizer(), logger: captureLogger('info').logger });
      await ingest.add(docs);
      expect(docs.every((d) => store.documents.get(d.id)?.terms !== undefined)).toBe(true);
      if (!keepAnalysis) {
        // As rows written before analyses were kept: the library has to analyze their text.
        const raw = new Database(path);
        raw.exec('UPDATE documents SET terms = NULL, lexicon = NULL, acronyms = NULL');
        raw.close();
        expect(docs.some((d) => store.documents.get(d.id)?.terms !== undefined)).toBe(false);
      }
      // Nothing in memory: every answer comes from the archive's candidates.
      const library = openArchiveLibrary(store.documents, { recentDays: 0, recentMax: 0 }, { clock: { now: () => at(5) } });
      return ['nairobi', 'nairobi plan', 'NATO', 'US', 'sport', 'transit lima'].map((t) => {
        const r = library.brief(t, { now: at(5) });
        return r.kind === 'ok' ? r.briefing.stories.map((s) => [s.doc.path, s.sentences]) : r.kind;
      });
    };
    const fromAnalyses = await briefs(true);
    expect(fromAnalyses.filter((r) => Array.isArray(r) && r.length > 0)).toHaveLength(6);
    expect(fromAnalyses).toEqual(await briefs(false));
  });
});
