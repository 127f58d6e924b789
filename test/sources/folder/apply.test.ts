import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createReloader } from '../../../src/sources/folder/apply.js';
import { createLogger } from '../../../src/log.js';
import { loadFiles } from '../../../src/news/load.js';
import type { NewsDocument } from '../../../src/news/types.js';

/** A stand-in library: documents by path, replaced whole on each change. */
type Docs = ReadonlyMap<string, NewsDocument>;

function setup() {
  const root = mkdtempSync(join(tmpdir(), 'newsbrief-apply-'));
  const lines: { msg: string; [k: string]: unknown }[] = [];
  const logger = createLogger('info', {
    pretty: false,
    destination: new Writable({ write: (c: Buffer, _e, done) => (lines.push(JSON.parse(c.toString())), done()) }),
  });
  let library: Docs = new Map();
  const swaps: { documents: number; skipped: number }[] = [];
  const reload = createReloader<Docs>({
    root,
    load: (paths) => loadFiles(root, paths, { maxFileBytes: 10_000, logger }),
    current: () => library,
    withChanges: (lib, { upsert, removePaths }) => {
      const next = new Map(lib);
      for (const p of removePaths) next.delete(p);
      for (const d of upsert) next.set(d.path, d);
      return next;
    },
    replace: (next, stats) => {
      library = next;
      swaps.push(stats);
    },
    size: (lib) => lib.size,
    logger,
  });
  return { root, reload, library: () => library, swaps, lines };
}

const story = (title: string) => `${title}\n\n${title} happened today in the capital, officials said on Monday. It was the first time in years.\n`;

describe('applying a batch of seed changes', () => {
  it('adds new documents with seeds-relative paths and logs one line with the counts', async () => {
    const { root, reload, library, swaps, lines } = setup();
    mkdirSync(join(root, 'world'));
    writeFileSync(join(root, 'world', 'a.txt'), story('Floods in Valencia'));
    writeFileSync(join(root, 'b.md'), story('Elections in Ghana'));
    await reload({ added: [join(root, 'world', 'a.txt'), join(root, 'b.md')], changed: [], removed: [] });
    expect([...library().keys()].sort()).toEqual(['b.md', 'world/a.txt']);
    expect(swaps).toEqual([{ documents: 2, skipped: 0, ms: expect.any(Number) }]);
    const reloaded = lines.filter((l) => l.msg === 'seeds reloaded');
    expect(reloaded).toHaveLength(1);
    expect(reloaded[0]).toMatchObject({ added: 2, changed: 0, removed: 0, loaded: 2, skipped: 0, documents: 2 });
  });

  it('removes deleted files and replaces changed ones', async () => {
    const { root, reload, library } = setup();
    writeFileSync(join(root, 'a.txt'), story('Floods in Valencia'));
    writeFileSync(join(root, 'b.txt'), story('Elections in Ghana'));
    await reload({ added: [join(root, 'a.txt'), join(root, 'b.txt')], changed: [], removed: [] });
    writeFileSync(join(root, 'a.txt'), story('Drought in Catalonia'));
    await reload({ added: [], changed: [join(root, 'a.txt')], removed: [join(root, 'b.txt')] });
    expect([...library().keys()]).toEqual(['a.txt']);
    expect(library().get('a.txt')?.text).toMatch(/Drought/);
  });

  it('skips a bad file with its warning and drops a document whose file turned bad', async () => {
    const { root, reload, library, swaps, lines } = setup();
    writeFileSync(join(root, 'a.txt'), story('Floods in Valencia'));
    await reload({ added: [join(root, 'a.txt')], changed: [], removed: [] });
    writeFileSync(join(root, 'a.txt'), Buffer.from([0, 1, 2, 3, 0, 0, 255, 254, 0, 7]));
    writeFileSync(join(root, 'big.txt'), 'x'.repeat(20_000));
    await reload({ added: [join(root, 'big.txt')], changed: [join(root, 'a.txt')], removed: [] });
    expect(library().size).toBe(0);
    expect(swaps.at(-1)).toMatchObject({ documents: 0, skipped: 2 });
    const warnings = lines.filter((l) => String(l.msg).startsWith('skipped '));
    expect(warnings.map((w) => w.path).sort()).toEqual(['a.txt', 'big.txt']);
  });
});
