import { describe, it, expect, afterEach } from 'vitest';
import { mkdtempSync, writeFileSync, rmSync, mkdirSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { watchSeeds, isIgnoredName, type SeedChanges, type SeedWatcher } from '../../../src/sources/folder/watch.js';
import { silentLogger } from '../../../src/log.js';
import { captureLogger } from '../../news/log-capture.js';

let watcher: SeedWatcher | undefined;
afterEach(async () => {
  await watcher?.close();
  watcher = undefined;
});

async function start(debounceMs = 300) {
  const dir = mkdtempSync(join(tmpdir(), 'newsbrief-watch-'));
  const batches: SeedChanges[] = [];
  watcher = watchSeeds(dir, {
    debounceMs,
    logger: silentLogger,
    apply: async (c) => {
      batches.push(c);
    },
  });
  await watcher.ready;
  return { dir, batches };
}

const waitFor = (check: () => void) => expect.poll(() => { try { check(); return true; } catch { return false; } }, { timeout: 8_000, interval: 50 }).toBe(true);

describe('watching the seeds folder', () => {
  it('reports an added file, a change to it, and its deletion as separate batches', async () => {
    const { dir, batches } = await start();
    const file = join(dir, 'a.txt');
    writeFileSync(file, 'first');
    await waitFor(() => expect(batches).toHaveLength(1));
    expect(batches[0]).toEqual({ added: [file], changed: [], removed: [] });

    writeFileSync(file, 'second version');
    await waitFor(() => expect(batches).toHaveLength(2));
    expect(batches[1]).toEqual({ added: [], changed: [file], removed: [] });

    rmSync(file);
    await waitFor(() => expect(batches).toHaveLength(3));
    expect(batches[2]).toEqual({ added: [], changed: [], removed: [file] });
  });

  it('takes a burst of a thousand new files, in subfolders too, in one batch', async () => {
    // The debounce is the quiet that ends a burst; 2 s is more than a loaded machine pauses mid-burst.
    const { dir, batches } = await start(2000);
    mkdirSync(join(dir, 'sport'));
    for (let i = 0; i < 1000; i++) writeFileSync(join(dir, i % 2 ? 'sport' : '.', `${String(i).padStart(4, '0')}.txt`), `document ${i}`);
    await waitFor(() => expect(batches.flatMap((b) => b.added)).toHaveLength(1000));
    expect(batches).toHaveLength(1);
  });

  it('takes a thousand files copied in by another process (cp) in one batch', async () => {
    const staging = mkdtempSync(join(tmpdir(), 'newsbrief-staging-'));
    for (let i = 0; i < 1000; i++) writeFileSync(join(staging, `${i}.txt`), `document ${i}`);
    const { dir, batches } = await start(2000);
    await promisify(execFile)('cp', ['-r', `${staging}/.`, dir]);
    await waitFor(() => expect(batches.flatMap((b) => b.added)).toHaveLength(1000));
    expect(batches).toHaveLength(1);
  });

  it('still applies a folder that never goes quiet, every maxWaitMs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'newsbrief-watch-'));
    const batches: SeedChanges[] = [];
    watcher = watchSeeds(dir, { debounceMs: 300, maxWaitMs: 600, logger: silentLogger, apply: async (c) => void batches.push(c) });
    await watcher.ready;
    for (let i = 0; i < 20; i++) {
      writeFileSync(join(dir, `tick-${i}.txt`), 'x');
      await new Promise((r) => setTimeout(r, 100));
    }
    // Twenty writes 100 ms apart never leave 300 ms of quiet, yet batches went out meanwhile.
    expect(batches.length).toBeGreaterThanOrEqual(1);
    await waitFor(() => expect(batches.flatMap((b) => b.added)).toHaveLength(20));
    expect(batches.length).toBeGreaterThanOrEqual(2);
  });

  it('reports every file of a deleted subfolder as removed', async () => {
    const { dir, batches } = await start();
    mkdirSync(join(dir, 'sport'));
    writeFileSync(join(dir, 'sport', 'a.txt'), 'x');
    writeFileSync(join(dir, 'sport', 'b.txt'), 'x');
    await waitFor(() => expect(batches).toHaveLength(1));
    rmSync(join(dir, 'sport'), { recursive: true });
    await waitFor(() => expect(batches).toHaveLength(2));
    expect(batches[1]!.removed.sort()).toEqual([join(dir, 'sport', 'a.txt'), join(dir, 'sport', 'b.txt')]);
  });

  it('ignores dotfiles and editor swap files', async () => {
    const { dir, batches } = await start();
    writeFileSync(join(dir, '.hidden.txt'), 'x');
    writeFileSync(join(dir, 'story.txt.swp'), 'x');
    writeFileSync(join(dir, 'story.txt~'), 'x');
    writeFileSync(join(dir, 'real.txt'), 'x');
    await waitFor(() => expect(batches).toHaveLength(1));
    expect(batches[0]!.added).toEqual([join(dir, 'real.txt')]);
  });

  it('drops a file that came and went within one batch', async () => {
    const { dir, batches } = await start(800);
    writeFileSync(join(dir, 'brief.txt'), 'x');
    writeFileSync(join(dir, 'keep.txt'), 'x');
    await new Promise((r) => setTimeout(r, 150));
    rmSync(join(dir, 'brief.txt'));
    await waitFor(() => expect(batches).toHaveLength(1));
    expect(batches[0]).toEqual({ added: [join(dir, 'keep.txt')], changed: [], removed: [] });
  });

  it('never runs two batches at once: changes during a slow apply wait for the next batch', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'newsbrief-watch-'));
    let active = 0;
    let maxActive = 0;
    const batches: SeedChanges[] = [];
    watcher = watchSeeds(dir, {
      debounceMs: 100,
      logger: silentLogger,
      apply: async (c) => {
        active++;
        maxActive = Math.max(maxActive, active);
        batches.push(c);
        await new Promise((r) => setTimeout(r, 700));
        active--;
      },
    });
    await watcher.ready;
    writeFileSync(join(dir, 'one.txt'), 'x');
    await waitFor(() => expect(batches).toHaveLength(1));
    writeFileSync(join(dir, 'two.txt'), 'x');
    await waitFor(() => expect(batches).toHaveLength(2));
    expect(maxActive).toBe(1);
    expect(batches[1]!.added).toEqual([join(dir, 'two.txt')]);
  });

  it('keeps going when applying a batch fails', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'newsbrief-watch-'));
    const seen: string[][] = [];
    watcher = watchSeeds(dir, {
      debounceMs: 100,
      logger: silentLogger,
      apply: async (c) => {
        seen.push(c.added);
        if (seen.length === 1) throw new Error('disk hiccup');
      },
    });
    await watcher.ready;
    writeFileSync(join(dir, 'one.txt'), 'x');
    await waitFor(() => expect(seen).toHaveLength(1));
    writeFileSync(join(dir, 'two.txt'), 'x');
    await waitFor(() => expect(seen).toHaveLength(2));
  });
});

describe('isIgnoredName', () => {
  it('ignores hidden, backup and partial files but not documents', () => {
    expect(['.DS_Store', 'a.txt~', '#a.txt#', 'a.swp', 'x.part'].every(isIgnoredName)).toBe(true);
    expect(['a.txt', 'b.md', 'c.jsonl', 'sport/012.txt'].some(isIgnoredName)).toBe(false);
  });
});

describe('the seeds folder itself replaced', () => {
  async function startWatching() {
    const parent = mkdtempSync(join(tmpdir(), 'newsbrief-reattach-'));
    const dir = join(parent, 'seeds');
    mkdirSync(dir);
    writeFileSync(join(dir, 'old.txt'), 'old story');
    const batches: SeedChanges[] = [];
    const cap = captureLogger();
    watcher = watchSeeds(dir, { debounceMs: 200, rootCheckMs: 100, logger: cap.logger, apply: async (c) => void batches.push(c) });
    await watcher.ready;
    // Let the first identity check settle.
    await new Promise((r) => setTimeout(r, 300));
    return { parent, dir, batches, cap };
  }
  const all = (batches: SeedChanges[], kind: keyof SeedChanges) => batches.flatMap((b) => b[kind]);

  it('notices a folder deleted and made again, re-attaches, logs it, and loads the new files', async () => {
    const { dir, batches, cap } = await startWatching();
    rmSync(dir, { recursive: true });
    await waitFor(() => expect(cap.warnings().some((w) => /is gone/.test(w.msg))).toBe(true));
    mkdirSync(dir);
    writeFileSync(join(dir, 'new.txt'), 'new story');
    await waitFor(() => expect(all(batches, 'added').concat(all(batches, 'changed'))).toContain(join(dir, 'new.txt')));
    expect(all(batches, 'removed')).toContain(join(dir, 'old.txt'));
    expect(cap.warnings().some((w) => /new folder/.test(w.msg))).toBe(true);
    // And it watches the new folder from now on.
    writeFileSync(join(dir, 'later.txt'), 'later story');
    await waitFor(() => expect(all(batches, 'added')).toContain(join(dir, 'later.txt')));
  });

  it('notices a folder swapped by rename (mv new seeds), with no file event at all', async () => {
    const { parent, dir, batches, cap } = await startWatching();
    const next = join(parent, 'seeds.new');
    mkdirSync(next);
    writeFileSync(join(next, 'fresh.txt'), 'fresh story');
    renameSync(dir, join(parent, 'seeds.old'));
    renameSync(next, dir);
    await waitFor(() => expect(all(batches, 'added')).toContain(join(dir, 'fresh.txt')));
    expect(all(batches, 'removed')).toContain(join(dir, 'old.txt'));
    expect(cap.warnings().filter((w) => /new folder/.test(w.msg))).toHaveLength(1);
  });
});
