import { describe, it, expect, afterEach } from 'vitest';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../src/store/store.js';
import { openArchiveLibrary } from '../src/news/library.js';
import { createIngest } from '../src/ingest.js';
import { inlineSummarizer, workerPool, type IngestWorkers } from '../src/ingest-summarizer.js';
import { syncSeedFolder } from '../src/sources/folder/sync.js';
import { createDocument } from '../src/news/index.js';
import { captureLogger } from './news/log-capture.js';

const NOW = new Date('2024-05-02T00:00:00Z');
const closing: { close(): unknown }[] = [];
afterEach(async () => {
  for (const c of closing.splice(0)) await c.close();
});

function story(city: string, n: number): string {
  return `${city} council approves plan ${n}\n\nThe city council of ${city} approved transport plan number ${n} on Tuesday after a long debate.\nOfficials in ${city} said construction of the new tram line would begin next spring.\n`;
}

/** A seeds folder with good files of every format and the bad ones README promises to skip. */
function hostileFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'newsbrief-workers-'));
  const seeds = join(dir, 'seeds');
  mkdirSync(join(seeds, 'world'), { recursive: true });
  writeFileSync(join(dir, 'secret.env'), 'SLACK_BOT_TOKEN=xoxb-never-read\n');
  writeFileSync(join(seeds, 'world', 'lima.txt'), story('Lima', 1));
  writeFileSync(join(seeds, 'osaka.md'), `---\ntitle: Osaka opens a tram line\ndate: 2024-04-01\n---\n${story('Osaka', 2)}`);
  writeFileSync(
    join(seeds, 'accra.html'),
    `<html><head><title>Accra harbour reopens</title><meta property="article:published_time" content="2024-04-03T10:00:00Z"></head><body><article><p>${story('Accra', 3).replace(/\n/g, '</p><p>')}</p></article></body></html>`,
  );
  writeFileSync(join(seeds, 'items.jsonl'), [JSON.stringify({ title: 'Quito floods', text: 'Rivers in Quito rose overnight, officials said.' }), '{not json', JSON.stringify({ title: 'Hanoi metro', text: 'The Hanoi metro opened a second line on Friday.' })].join('\n'));
  writeFileSync(join(seeds, 'many-bad.json'), JSON.stringify([{ title: 'Kept one', text: 'A good item among many bad ones, officials said.' }, ...Array.from({ length: 500 }, (_, i) => ({ title: i }))]));
  writeFileSync(join(seeds, 'binary.txt'), Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0, 0x14, 0]));
  writeFileSync(join(seeds, 'empty.txt'), '');
  writeFileSync(join(seeds, 'big.txt'), `Big one\n${'Words and more words. '.repeat(6000)}`);
  symlinkSync(join(dir, 'secret.env'), join(seeds, 'notes.txt'));
  return seeds;
}

async function syncWith(seeds: string, workers: IngestWorkers) {
  const cap = captureLogger('info');
  const store = openStore(':memory:', { summaryVersion: 'test' });
  closing.push(store);
  const library = openArchiveLibrary(store.documents, { recentDays: 0, recentMax: 1000 }, { clock: { now: () => NOW }, logger: cap.logger });
  const ingest = createIngest({ documents: store.documents, summarizer: workers, listener: library, logger: cap.logger, now: () => NOW });
  const result = await syncSeedFolder({ root: seeds, ingest, seedFiles: store.seedFiles, maxFileBytes: 100_000, logger: cap.logger });
  const docs = store.documents.refsByPaths(['world/lima.txt', 'osaka.md', 'accra.html', 'items.jsonl', 'many-bad.json']).map((r) => r.path).sort();
  const warnings = cap
    .warnings()
    .map((w) => w.msg)
    .sort();
  return { result, docs, warnings, library };
}

describe('reading seed files on the ingest workers', () => {
  it('gives the same documents and the same one warning per bad file as reading in this thread', async () => {
    const seeds = hostileFolder();
    const inline = await syncWith(seeds, inlineSummarizer());
    const pool = workerPool(2, { logger: captureLogger('info').logger });
    closing.push(pool);
    const threaded = await syncWith(seeds, pool);

    expect(threaded.result).toMatchObject({ files: inline.result.files, added: inline.result.added, skipped: inline.result.skipped });
    expect(threaded.docs).toEqual(inline.docs);
    expect(threaded.warnings).toEqual(inline.warnings);
    expect(threaded.docs).toEqual(['accra.html', 'items.jsonl', 'items.jsonl', 'many-bad.json', 'osaka.md', 'world/lima.txt']);
    const about = (name: string) => threaded.warnings.filter((w) => w.includes(name));
    expect(about('notes.txt')).toEqual([expect.stringContaining('links outside the seeds folder')]);
    expect(about('binary.txt')).toHaveLength(1);
    expect(about('empty.txt')).toHaveLength(1);
    expect(about('big.txt')).toEqual([expect.stringContaining('too large')]);
    expect(about('items.jsonl')).toEqual([expect.stringContaining('line 2: malformed JSON')]);
    expect(about('many-bad.json')).toEqual([expect.stringContaining('500 of 501')]);
    // The linked secret was never briefed.
    const r = threaded.library.brief(undefined, { now: NOW });
    expect(JSON.stringify(r)).not.toContain('xoxb-never-read');
  }, 60_000);

  it('skips a file the worker gets stuck reading with one warning naming it, and reads the others', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'newsbrief-workers-'));
    writeFileSync(join(dir, 'lima.txt'), story('Lima', 1));
    // Tens of thousands of JSON lines: about a second of parsing on any machine.
    const line = (i: number) => JSON.stringify({ title: `Item ${i} of the long feed`, text: `Item ${i} says the council approved plan ${i} in the city on Monday, officials said.` });
    writeFileSync(join(dir, 'endless.jsonl'), Array.from({ length: 40_000 }, (_, i) => line(i)).join('\n'));
    writeFileSync(join(dir, 'osaka.txt'), story('Osaka', 2));
    const pool = workerPool(1, { logger: captureLogger('info').logger, budgetMs: 60_000, stuckMs: 400 });
    closing.push(pool);
    const cap = captureLogger('info');
    const store = openStore(':memory:', { summaryVersion: 'test' });
    closing.push(store);
    const ingest = createIngest({ documents: store.documents, summarizer: pool, logger: cap.logger, now: () => NOW });
    const r = await syncSeedFolder({ root: dir, ingest, seedFiles: store.seedFiles, maxFileBytes: 10_000_000, logger: cap.logger });
    expect(r).toMatchObject({ added: 2, skipped: 1 });
    expect(cap.warnings().map((w) => w.msg)).toEqual([expect.stringMatching(/^skipped endless\.jsonl: reading took longer than 400 ms \(the worker was stopped\)/)]);
    expect(pool.restarts).toBeGreaterThanOrEqual(1);
  }, 60_000);

  it('skips a file whose reading runs its worker out of memory, with one warning, and reads the others', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'newsbrief-workers-'));
    writeFileSync(join(dir, 'lima.txt'), story('Lima', 1));
    // A quarter of a million JSON items: far more than a 64 MB heap holds as documents.
    const line = (i: number) => JSON.stringify({ title: `Item ${i} of the long feed`, text: `Item ${i} says the council approved plan ${i} in the city on Monday, officials said.` });
    writeFileSync(join(dir, 'huge.jsonl'), Array.from({ length: 250_000 }, (_, i) => line(i)).join('\n'));
    writeFileSync(join(dir, 'osaka.txt'), story('Osaka', 2));
    const pool = workerPool(1, { logger: captureLogger('info').logger, heapMb: 64, budgetMs: 60_000, stuckMs: 60_000 });
    closing.push(pool);
    const cap = captureLogger('info');
    const store = openStore(':memory:', { summaryVersion: 'test' });
    closing.push(store);
    const ingest = createIngest({ documents: store.documents, summarizer: pool, logger: cap.logger, now: () => NOW });
    const r = await syncSeedFolder({ root: dir, ingest, seedFiles: store.seedFiles, maxFileBytes: 100_000_000, logger: cap.logger });
    expect(r).toMatchObject({ added: 2, skipped: 1 });
    expect(cap.warnings().map((w) => w.msg)).toEqual([expect.stringMatching(/^skipped huge\.jsonl: reading stopped the worker \(.*memory/)]);
    expect(pool.restarts).toBe(1);
  }, 120_000);

  it('keeps every outcome in order when two workers share a batch', async () => {
    const docs = Array.from({ length: 150 }, (_, i) => createDocument({ title: `Council plan ${i} approved`, text: story(['Lima', 'Osaka', 'Accra'][i % 3]!, i), path: `d${i}.txt` }));
    const pool = workerPool(2, { logger: captureLogger('info').logger });
    closing.push(pool);
    const [threaded, inline] = await Promise.all([pool.run(docs), inlineSummarizer().run(docs)]);
    const headlines = (out: typeof inline) => out.map((o) => ('analysis' in o ? o.analysis.summary.keyPoints.join('|') : o.skipped));
    expect(headlines(threaded)).toEqual(headlines(inline));
    expect(pool.restarts).toBe(0);
  }, 60_000);
});
