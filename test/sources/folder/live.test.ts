import { describe, it, expect, afterEach } from 'vitest';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { startLiveSeeds } from '../../../src/sources/folder/reload.js';
import { syncSeedFolder } from '../../../src/sources/folder/sync.js';
import type { SeedWatcher } from '../../../src/sources/folder/watch.js';
import { createLogger } from '../../../src/log.js';
import { openArchiveLibrary, type LiveLibrary } from '../../../src/news/library.js';
import { openStore, type Store } from '../../../src/store/store.js';
import { createIngest, type Ingest } from '../../../src/ingest.js';
import { inlineSummarizer } from '../../../src/ingest-summarizer.js';

let watcher: SeedWatcher | undefined;
let store: Store | undefined;
afterEach(async () => {
  await watcher?.close();
  watcher = undefined;
  store?.close();
  store = undefined;
});

const CITIES = ['Valencia', 'Nairobi', 'Osaka', 'Lima', 'Tbilisi', 'Accra', 'Hanoi', 'Quito'];

function story(city: string, n: number): string {
  return `${city} council approves plan ${n}\n\nThe city council of ${city} approved transport plan number ${n} on Tuesday after a long debate.\nOfficials in ${city} said construction of the new tram line would begin next spring.\nCritics in ${city} warned that the cost of plan ${n} could rise.\n`;
}

async function setup(watchDebounceMs = 400) {
  const dir = mkdtempSync(join(tmpdir(), 'newsbrief-live-'));
  writeFileSync(join(dir, 'lima.txt'), story('Lima', 0));
  const lines: { msg: string; [k: string]: unknown }[] = [];
  const logger = createLogger('info', {
    pretty: false,
    destination: new Writable({ write: (c: Buffer, _e, done) => (lines.push(JSON.parse(c.toString())), done()) }),
  });
  store = openStore(':memory:', { summaryVersion: 'test' });
  const library: LiveLibrary = openArchiveLibrary(store.documents, { recentDays: 0, recentMax: 10_000 }, { logger });
  const ingest: Ingest = createIngest({ documents: store.documents, summarizer: inlineSummarizer(), listener: library, logger });
  const deps = { root: dir, ingest, seedFiles: store.seedFiles, maxFileBytes: 100_000, logger };
  await syncSeedFolder(deps);
  watcher = startLiveSeeds({ ingest, seedFiles: store.seedFiles }, { seedsDir: dir, watchDebounceMs, limits: { maxFileBytes: 100_000 } }, logger);
  await watcher.ready;
  return { dir, library, ingest, lines };
}

const waitFor = (check: () => boolean, timeout = 10_000) => expect.poll(check, { timeout, interval: 50 }).toBe(true);
const headlines = (library: LiveLibrary, topic: string) => {
  const r = library.brief(topic);
  return r.kind === 'ok' ? r.briefing.stories.map((s) => s.doc.path) : [];
};

describe('live seeds', () => {
  it('answers about a new document, and forgets it once deleted, summarizing only the new one', async () => {
    const { dir, library, ingest } = await setup();
    expect(library.brief('valencia').kind).toBe('no_match');
    const before = ingest.counters();
    writeFileSync(join(dir, 'valencia.txt'), story('Valencia', 1));
    await waitFor(() => headlines(library, 'valencia').includes('valencia.txt'));
    expect(library.size).toBe(2);
    // One document summarized: nothing was rebuilt for the change.
    expect(ingest.counters().summarized - before.summarized).toBe(1);

    rmSync(join(dir, 'valencia.txt'));
    await waitFor(() => library.brief('valencia').kind === 'no_match');
    expect(library.size).toBe(1);
    expect(ingest.counters().removed - before.removed).toBe(1);
    expect(ingest.counters().summarized - before.summarized).toBe(1);
    expect(headlines(library, 'lima')).toEqual(['lima.txt']);
  });

  it('replaces a changed document with its new version', async () => {
    const { dir, library, ingest } = await setup();
    writeFileSync(join(dir, 'lima.txt'), story('Osaka', 7));
    await waitFor(() => headlines(library, 'osaka').includes('lima.txt'));
    expect(library.brief('lima').kind).toBe('no_match');
    expect(library.size).toBe(1);
    expect(ingest.counters()).toMatchObject({ summarized: 2, stored: 2, removed: 1 });
  });

  it('takes a thousand new files written at once in one batch with one log line of counts', async () => {
    // A burst ends after the debounce's quiet; 2 s is more than a loaded machine pauses mid-burst.
    const { dir, library, lines } = await setup(2000);
    for (let i = 0; i < 1000; i++) writeFileSync(join(dir, `doc-${String(i).padStart(4, '0')}.txt`), story(CITIES[i % CITIES.length]!, i));
    writeFileSync(join(dir, 'broken.json'), '{ not json');
    await waitFor(() => library.size === 1001, 60_000);
    await waitFor(() => lines.some((l) => l.msg === 'seeds reloaded'));
    const reloads = lines.filter((l) => l.msg === 'seeds reloaded');
    expect(reloads).toHaveLength(1);
    expect(reloads[0]).toMatchObject({ added: 1001, changed: 0, removed: 0, documentsAdded: 1000, skipped: 1 });
    // The bad file got its own warning, as at start.
    expect(lines.filter((l) => l.level === 40 && l.path === 'broken.json')).toHaveLength(1);
    expect(headlines(library, 'tbilisi').length).toBeGreaterThan(0);
  }, 90_000);
});
