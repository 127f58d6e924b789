import { describe, it, expect, afterEach } from 'vitest';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { startLiveSeeds, type LiveTarget } from '../../../src/sources/folder/reload.js';
import type { SeedWatcher } from '../../../src/sources/folder/watch.js';
import { createLogger } from '../../../src/log.js';
import { buildLibrary } from '../../../src/news/library.js';
import { loadFolder } from '../../../src/news/load.js';
import type { Library } from '../../../src/news/library-api.js';

let watcher: SeedWatcher | undefined;
afterEach(async () => {
  await watcher?.close();
  watcher = undefined;
});

const CITIES = ['Valencia', 'Nairobi', 'Osaka', 'Lima', 'Tbilisi', 'Accra', 'Hanoi', 'Quito'];

function story(city: string, n: number): string {
  return `${city} council approves plan ${n}\n\nThe city council of ${city} approved transport plan number ${n} on Tuesday after a long debate.\nOfficials in ${city} said construction of the new tram line would begin next spring.\nCritics in ${city} warned that the cost of plan ${n} could rise.\n`;
}

async function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'newsbrief-live-'));
  writeFileSync(join(dir, 'lima.txt'), story('Lima', 0));
  const lines: { msg: string; [k: string]: unknown }[] = [];
  const logger = createLogger('info', {
    pretty: false,
    destination: new Writable({ write: (c: Buffer, _e, done) => (lines.push(JSON.parse(c.toString())), done()) }),
  });
  const loaded = await loadFolder(dir, { maxFileBytes: 100_000, logger });
  let library: Library = buildLibrary(loaded.documents, { logger });
  const swaps: { skipped: number; ms: number }[] = [];
  const app: LiveTarget = {
    library: () => library,
    setLibrary(next, load) {
      library = next;
      swaps.push(load ?? { skipped: -1, ms: -1 });
    },
  };
  watcher = startLiveSeeds(app, { seedsDir: dir, watchDebounceMs: 400, limits: { maxFileBytes: 100_000 } }, logger);
  await watcher.ready;
  return { dir, app, lines, swaps };
}

const waitFor = (check: () => boolean, timeout = 10_000) => expect.poll(check, { timeout, interval: 50 }).toBe(true);
const headlines = (app: LiveTarget, topic: string) => {
  const r = app.library().brief(topic);
  return r.kind === 'ok' ? r.briefing.stories.map((s) => s.doc.path) : [];
};

describe('live seeds', () => {
  it('answers about a new document within seconds, and forgets it once deleted', async () => {
    const { dir, app } = await setup();
    expect(app.library().brief('valencia').kind).toBe('no_match');
    writeFileSync(join(dir, 'valencia.txt'), story('Valencia', 1));
    await waitFor(() => headlines(app, 'valencia').includes('valencia.txt'));
    expect(app.library().size).toBe(2);

    rmSync(join(dir, 'valencia.txt'));
    await waitFor(() => app.library().brief('valencia').kind === 'no_match');
    expect(app.library().size).toBe(1);
    expect(headlines(app, 'lima')).toEqual(['lima.txt']);
  });

  it('reflects a changed document', async () => {
    const { dir, app } = await setup();
    writeFileSync(join(dir, 'lima.txt'), story('Osaka', 7));
    await waitFor(() => headlines(app, 'osaka').includes('lima.txt'));
    expect(app.library().brief('lima').kind).toBe('no_match');
  });

  it('takes a thousand new files written at once in one reload with one log line of counts', async () => {
    const { dir, app, lines, swaps } = await setup();
    for (let i = 0; i < 1000; i++) writeFileSync(join(dir, `doc-${String(i).padStart(4, '0')}.txt`), story(CITIES[i % CITIES.length]!, i));
    writeFileSync(join(dir, 'broken.json'), '{ not json');
    await waitFor(() => app.library().size === 1001, 30_000);
    const reloads = lines.filter((l) => l.msg === 'seeds reloaded');
    expect(reloads).toHaveLength(1);
    expect(reloads[0]).toMatchObject({ added: 1001, changed: 0, removed: 0, loaded: 1000, skipped: 1, documents: 1001 });
    expect(swaps).toHaveLength(1);
    // The bad file got its own warning, as at start; the loader's summary line did not repeat.
    expect(lines.filter((l) => l.level === 40 && l.path === 'broken.json')).toHaveLength(1);
    expect(lines.filter((l) => String(l.msg).startsWith('loaded '))).toHaveLength(1); // the initial load only
    expect(headlines(app, 'tbilisi').length).toBeGreaterThan(0);
  }, 60_000);
});
