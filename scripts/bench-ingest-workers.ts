/**
 * npx tsx scripts/bench-ingest-workers.ts [--workers 1,2] [--n N] [--corpus DIR] [--batch 256] [--full]
 *
 * The worker side of ingest, alone (no store, no index): the BBC articles read and parsed from
 * their files, then summarized, on the ingest worker pool, the way the seeds folder feeds it
 * (files in rounds, documents in batches). Reports documents/s for reading, for summarizing and
 * for both, the CPU time per document of every thread, and how long the main thread's event
 * loop was held up meanwhile (what a command ack would wait). Copies of the corpus (N > 2,127)
 * get a line of their own, so every document is new.
 *
 * --full: the whole seeds path instead (syncSeedFolder → ingest → a store file → the library),
 * as the bot runs it at start: documents/s end to end, and the main loop's delay meanwhile.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { workerPool } from '../src/ingest-summarizer.js';
import { silentLogger } from '../src/log.js';
import { createIngest } from '../src/ingest.js';
import { openStore } from '../src/store/store.js';
import { openArchiveLibrary, SUMMARY_VERSION } from '../src/news/index.js';
import { syncSeedFolder } from '../src/sources/folder/sync.js';

const here = path.dirname(fileURLToPath(import.meta.url));
function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const corpus = arg('corpus') ?? path.join(here, '..', '..', 'shared', 'corpus');
const sizes = (arg('workers') ?? '1,2').split(',').map(Number);
const n = Number(arg('n') ?? 5000);
const batch = Number(arg('batch') ?? 256);
const FILES_PER_ROUND = 500;
const full = process.argv.includes('--full');

function writeSeeds(dir: string): string[] {
  const articles = path.join(corpus, 'bbc', 'articles');
  const sources: { rel: string; text: string }[] = [];
  for (const cat of readdirSync(articles).sort()) for (const f of readdirSync(path.join(articles, cat)).sort()) sources.push({ rel: `${cat}/${f}`, text: readFileSync(path.join(articles, cat, f), 'utf8') });
  const files: string[] = [];
  for (let k = 0; k < n; k++) {
    const s = sources[k % sources.length]!;
    const copy = Math.floor(k / sources.length);
    const abs = path.join(dir, `copy${copy}`, s.rel);
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, copy === 0 ? s.text : `${s.text.trimEnd()}\nCopy ${copy + 1} of this story.\n`);
    files.push(abs);
  }
  return files;
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'newsbrief-bench-workers-'));
try {
  const files = writeSeeds(dir);
  console.log(`\n${files.length} files (BBC articles), load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}\n`);
  if (full) {
    console.log('| workers | seeds → stored docs/s | CPU ms/doc (all threads) | main loop delay p50 / p99 / max ms |');
    console.log('|---:|---:|---:|---:|');
  } else {
    console.log('| workers | read docs/s | summarize docs/s | read + summarize docs/s | CPU ms/doc (all threads) | main loop delay p99 / max ms |');
    console.log('|---:|---:|---:|---:|---:|---:|');
  }
  for (const size of sizes) {
    if (full) {
      await fullPath(size);
      continue;
    }
    const pool = workerPool(size, { logger: silentLogger });
    // Warm: the workers start and compile before the clock runs.
    await pool.read(dir, files.slice(0, 20), 2_000_000);
    await pool.run((await pool.read(dir, files.slice(0, 20), 2_000_000)).flatMap((r) => r.docs));
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const cpu0 = process.cpuUsage();
    let readMs = 0;
    let sumMs = 0;
    let docs = 0;
    const t0 = performance.now();
    for (let i = 0; i < files.length; i += FILES_PER_ROUND) {
      const r0 = performance.now();
      const read = await pool.read(dir, files.slice(i, i + FILES_PER_ROUND), 2_000_000);
      const got = read.flatMap((r) => r.docs);
      const r1 = performance.now();
      // As ingest does: the next batch is summarized while this one would be stored.
      const runs: Promise<unknown>[] = [];
      for (let j = 0; j < got.length; j += batch) runs.push(pool.run(got.slice(j, j + batch)));
      await Promise.all(runs);
      readMs += r1 - r0;
      sumMs += performance.now() - r1;
      docs += got.length;
    }
    const ms = performance.now() - t0;
    delay.disable();
    const cpu = process.cpuUsage(cpu0);
    await pool.close();
    const rate = (d: number, t: number) => Math.round(d / (t / 1000));
    console.log(
      `| ${size} | ${rate(docs, readMs)} | ${rate(docs, sumMs)} | ${rate(docs, ms)} | ${((cpu.user + cpu.system) / 1000 / docs).toFixed(2)} | ${(delay.percentile(99) / 1e6).toFixed(1)} / ${(delay.max / 1e6).toFixed(1)} |`,
    );
  }
  console.log(`\nload average after: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

async function fullPath(size: number): Promise<void> {
  const db = path.join(mkdtempSync(path.join(os.tmpdir(), 'newsbrief-bench-workers-db-')), 'nb.db');
  const store = openStore(db, { summaryVersion: SUMMARY_VERSION });
  const library = openArchiveLibrary(store.documents, { recentDays: 0, recentMax: 20_000 }, {});
  const pool = workerPool(size, { logger: silentLogger });
  // The workers start and compile before the clock runs.
  await pool.run([]);
  await pool.read(dir, [], 2_000_000);
  await new Promise((r) => setTimeout(r, 3000));
  const ingest = createIngest({ documents: store.documents, summarizer: pool, listener: library, logger: silentLogger, dbPath: db });
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const r = await syncSeedFolder({ root: dir, ingest, seedFiles: store.seedFiles, maxFileBytes: 2_000_000, logger: silentLogger });
  const ms = performance.now() - t0;
  delay.disable();
  const cpu = process.cpuUsage(cpu0);
  await ingest.close();
  await pool.close();
  store.close();
  rmSync(path.dirname(db), { recursive: true, force: true });
  const q = (p: number) => (delay.percentile(p) / 1e6).toFixed(1);
  console.log(`| ${size} | ${Math.round(r.added / (ms / 1000))} (${r.added} in ${Math.round(ms)} ms) | ${((cpu.user + cpu.system) / 1000 / r.added).toFixed(2)} | ${q(50)} / ${q(99)} / ${(delay.max / 1e6).toFixed(1)} |`);
}
