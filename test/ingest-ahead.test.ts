import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Store } from '../src/store/store.js';
import { openArchiveLibrary } from '../src/news/library.js';
import { createIngest } from '../src/ingest.js';
import { inlineSummarizer, type Summarizer } from '../src/ingest-summarizer.js';
import { createDocument, type NewsDocument } from '../src/news/index.js';
import { captureLogger } from './news/log-capture.js';

const NOW = new Date('2024-05-02T00:00:00Z');
const open: Store[] = [];
afterEach(() => {
  for (const s of open.splice(0)) s.close();
});

function story(city: string): NewsDocument {
  return createDocument({ title: `${city} council approves tram plan`, text: `The city council of ${city} approved the tram plan on Tuesday.\nWork in ${city} begins next spring.`, path: `${city}.txt`, publishedAt: NOW });
}

/**
 * A summarizer that records what it is asked to summarize, and holds the first run until told:
 * so a test can hand in a second batch while the first is still in progress.
 */
function gatedSummarizer(): { summarizer: Summarizer; asked: string[][]; release: () => void } {
  const inner = inlineSummarizer();
  const asked: string[][] = [];
  let release = (): void => {};
  const gate = new Promise<void>((resolve) => (release = resolve));
  const summarizer: Summarizer = {
    restarts: 0,
    async run(docs) {
      asked.push(docs.map((d) => d.path));
      if (asked.length === 1) await gate;
      return inner.run(docs);
    },
    close: () => inner.close(),
  };
  return { summarizer, asked, release: () => release() };
}

function setUp(summarizer: Summarizer) {
  const store = openStore(join(mkdtempSync(join(tmpdir(), 'newsbrief-ahead-')), 'n.db'), { summaryVersion: 'test' });
  open.push(store);
  const cap = captureLogger('info');
  const library = openArchiveLibrary(store.documents, { recentDays: 0, recentMax: 1000 }, { clock: { now: () => NOW }, logger: cap.logger });
  const ingest = createIngest({ documents: store.documents, summarizer, listener: library, logger: cap.logger, now: () => NOW });
  return { store, library, ingest };
}

const started = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('ingest with more handed in while a batch is in progress', () => {
  it('summarizes the next batch while the first is still in progress, each document once', async () => {
    const { summarizer, asked, release } = gatedSummarizer();
    const { ingest, library } = setUp(summarizer);
    const first = ingest.add([story('Lima'), story('Osaka')]);
    await started();
    const second = ingest.add([story('Accra'), story('Quito')]);
    // The second batch went to the summarizer before the first was stored.
    expect(asked).toEqual([['Lima.txt', 'Osaka.txt'], ['Accra.txt', 'Quito.txt']]);
    release();
    expect(await first).toMatchObject({ added: 2 });
    expect(await second).toMatchObject({ added: 2 });
    expect(asked.flat()).toHaveLength(4);
    expect(ingest.counters()).toMatchObject({ summarized: 4, stored: 4 });
    const r = library.brief('quito', { now: NOW });
    expect(r.kind === 'ok' ? r.briefing.stories.map((s) => s.doc.path) : []).toEqual(['Quito.txt']);
  });

  it('stores a document summarized ahead only once when the batch before it brought it too', async () => {
    const { summarizer, asked, release } = gatedSummarizer();
    const { ingest, store } = setUp(summarizer);
    const first = ingest.add([story('Lima')]);
    await started();
    const again = ingest.add([story('Lima')]);
    expect(asked).toHaveLength(2);
    release();
    await first;
    expect(await again).toMatchObject({ added: 0, unchanged: 1 });
    expect(store.documents.count()).toBe(1);
  });

  it('does not summarize ahead a second batch handed in before the first has begun', async () => {
    const inner = inlineSummarizer();
    const asked: string[][] = [];
    const { ingest } = setUp({ restarts: 0, run: (docs) => (asked.push(docs.map((d) => d.path)), inner.run(docs)), close: () => inner.close() });
    const both = [ingest.add([story('Lima')]), ingest.add([story('Osaka')])];
    await Promise.all(both);
    expect(asked).toEqual([['Lima.txt'], ['Osaka.txt']]);
  });
});
