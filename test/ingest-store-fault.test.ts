import { describe, it, expect, afterEach } from 'vitest';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openStore } from '../src/store/store.js';
import { documentRepo } from '../src/store/documents.js';
import { seedFileRepo } from '../src/store/seed-files.js';
import { createIngest } from '../src/ingest.js';
import { inlineSummarizer } from '../src/ingest-summarizer.js';
import { syncSeedFolder } from '../src/sources/folder/sync.js';
import { captureLogger } from './news/log-capture.js';

const NOW = new Date('2024-05-02T00:00:00Z');
const open: Database.Database[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

function story(city: string, n: number): string {
  const line = `Officials in ${city} said construction of tram line ${n} would begin next spring, after the council approved it on Tuesday.`;
  return `${city} council approves plan ${n}\n\n${Array.from({ length: 40 }, () => line).join('\n')}\n`;
}

/** A store made by newsbrief, then a connection to it the test can starve of space. */
function storeAt() {
  const dir = mkdtempSync(join(tmpdir(), 'newsbrief-fault-'));
  const file = join(dir, 'newsbrief.db');
  openStore(file, { summaryVersion: 'test' }).close();
  const db = new Database(file);
  open.push(db);
  const seeds = join(dir, 'seeds');
  mkdirSync(seeds);
  for (const [i, city] of ['Lima', 'Osaka', 'Accra'].entries()) writeFileSync(join(seeds, `${i}.txt`), story(city, i));
  const cap = captureLogger('info');
  const documents = documentRepo(db, 'test');
  const ingest = createIngest({ documents, summarizer: inlineSummarizer(), logger: cap.logger, now: () => NOW, dbPath: file });
  const sync = () => syncSeedFolder({ root: seeds, ingest, seedFiles: seedFileRepo(db), maxFileBytes: 1_000_000, logger: cap.logger });
  return { db, file, documents, ingest, sync, cap };
}

describe('the store failing under a running bot', () => {
  it('says once that the disk is full, naming NEWSBRIEF_DB and the file, skips the batch, and stores it once there is room', async () => {
    const { db, file, documents, sync, cap } = storeAt();
    // The database may not grow by a single page: every document write fails with SQLITE_FULL.
    db.pragma(`max_page_count = ${Number(db.pragma('page_count', { simple: true }))}`);

    const full = await sync();
    expect(full).toMatchObject({ added: 0, skipped: 3 });
    const warnings = cap.warnings();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.msg).toContain(`NEWSBRIEF_DB=${file}`);
    expect(warnings[0]!.msg).toMatch(/the disk is full .*SQLITE_FULL/);
    expect(documents.count()).toBe(0);

    db.pragma('max_page_count = 1000000');
    const later = await sync();
    expect(later).toMatchObject({ parsed: 3, added: 3 });
    expect(documents.count()).toBe(3);
    expect(cap.lines.some((l) => l.msg.includes('the store takes writes again; 3 documents were not stored meanwhile'))).toBe(true);
    expect(cap.warnings()).toHaveLength(1);
  });

  it('says the database is read-only when it refuses writes, keeps what it had, and nothing crashes', async () => {
    const { db, file, sync } = storeAt();
    expect(await sync()).toMatchObject({ added: 3 });
    db.close();
    open.splice(0);
    const ro = new Database(file, { readonly: true });
    open.push(ro);
    const cap = captureLogger('info');
    const documents = documentRepo(ro, 'test');
    const ingest = createIngest({ documents, summarizer: inlineSummarizer(), logger: cap.logger, now: () => NOW, dbPath: file });
    const seeds = join(file, '..', 'seeds');
    writeFileSync(join(seeds, '0.txt'), story('Quito', 7));
    const r = await syncSeedFolder({ root: seeds, ingest, seedFiles: seedFileRepo(ro), maxFileBytes: 1_000_000, logger: cap.logger });
    expect(r).toMatchObject({ parsed: 1, added: 0, skipped: 1 });
    const escaped = file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    expect(cap.warnings().map((w) => w.msg)).toEqual([expect.stringMatching(new RegExp(`NEWSBRIEF_DB=${escaped}: the database file or its folder is read-only \\(SQLITE_READONLY`))]);
    // The old version of the edited file is still there, and removing fails the same way, quietly now.
    expect(documents.count()).toBe(3);
    expect(await ingest.removePaths(['1.txt'])).toBe(0);
    expect(documents.count()).toBe(3);
    expect(cap.warnings()).toHaveLength(1);
  });

  it('says once that the database file was deleted under it, and keeps working', async () => {
    const { file, sync, cap } = storeAt();
    expect(await sync()).toMatchObject({ added: 3 });
    rmSync(file);
    writeFileSync(join(file, '..', 'seeds', '3.txt'), story('Quito', 3));
    writeFileSync(join(file, '..', 'seeds', '4.txt'), story('Hanoi', 4));
    expect(await sync()).toMatchObject({ added: 2 });
    writeFileSync(join(file, '..', 'seeds', '5.txt'), story('Kigali', 5));
    expect(await sync()).toMatchObject({ added: 1 });
    expect(cap.warnings().map((w) => w.msg)).toEqual([expect.stringContaining(`NEWSBRIEF_DB=${file}: the database file was deleted while newsbrief runs`)]);
  });
});
