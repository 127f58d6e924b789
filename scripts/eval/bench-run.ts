/**
 * One bench measurement in a fresh process (so load times and peak RSS are its own):
 *   tsx scripts/eval/bench-run.ts --dir ARTICLES [--store DB] [--topics N] [--queries FILE]
 * Prints one JSON line (BenchRun) on stdout.
 */
import { openLibrary, loadFolder, SUMMARY_VERSION } from '../../src/news/index.js';
import { openStore } from '../../src/store/store.js';
import { parseArgs } from './args.js';
import { benchTopics, latencies } from './bench-topics.js';
import { readQueries } from './queries.js';

export interface BenchRun {
  documents: number;
  skipped: number;
  loadMs: number;
  /** buildLibrary: summarize (or read the cache) + index. */
  buildMs: number;
  coldMs: number;
  /** CPU time of load + build (all threads): steadier than wall time on a shared machine. */
  coldCpuMs: number;
  docsPerSecond: number;
  /** Summaries found in the store's cache when the library was built. */
  cachedBefore?: number;
  briefs?: { topics: number; noMatch: number; p50: number; p95: number; p99: number; max: number; mean: number };
  digest?: { topStoriesMs: number; threeTopicsMs: number };
  /** Peak RSS once the library is built, before any query. */
  peakRssAfterBuildMB: number;
  peakRssMB: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), { flags: ['no-queries'], values: ['dir', 'store', 'topics', 'queries'] });
  const dir = args.values.get('dir');
  if (!dir) throw new Error('--dir is required');
  const nTopics = Number(args.values.get('topics') ?? 1000);
  const store = args.values.has('store') ? openStore(args.values.get('store')!, { summaryVersion: SUMMARY_VERSION }) : undefined;
  const cachedBefore = store?.summaryCache.count();

  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const loaded = await loadFolder(dir, { maxFileBytes: 2 * 1024 * 1024 });
  const t1 = performance.now();
  const newest = loaded.documents.reduce((t, d) => Math.max(t, d.publishedAt?.getTime() ?? 0), 0);
  const now = new Date(newest);
  const library = openLibrary(loaded.documents, { cache: store?.summaryCache, clock: { now: () => now } });
  const t2 = performance.now();
  const cpu = process.cpuUsage(cpu0);

  const run: BenchRun = {
    documents: library.size,
    skipped: loaded.skipped.length,
    loadMs: Math.round(t1 - t0),
    buildMs: Math.round(t2 - t1),
    coldMs: Math.round(t2 - t0),
    coldCpuMs: Math.round((cpu.user + cpu.system) / 1000),
    docsPerSecond: Math.round(library.size / ((t2 - t0) / 1000)),
    peakRssAfterBuildMB: Math.round(process.resourceUsage().maxRSS / 1024),
    peakRssMB: 0,
  };
  if (cachedBefore !== undefined) run.cachedBefore = cachedBefore;

  if (nTopics > 0) {
    const queries = args.values.has('queries') ? readQueries(args.values.get('queries')!).map((q) => q.query) : [];
    const topics = benchTopics(library.documents(), queries, nTopics);
    // Warm-up: the first queries pay for lazy work (JIT, memos) no steady-state query pays.
    for (const t of topics.slice(0, 20)) library.brief(t, { now });
    const times: number[] = [];
    let noMatch = 0;
    for (const t of topics) {
      const s = performance.now();
      const res = library.brief(t, { now });
      times.push(performance.now() - s);
      if (res.kind === 'no_match') noMatch++;
    }
    times.sort((a, b) => a - b);
    const r2 = (v: number) => Math.round(v * 100) / 100;
    run.briefs = {
      topics: times.length,
      noMatch,
      ...latencies(times),
      mean: r2(times.reduce((a, b) => a + b, 0) / times.length),
    };
    const timeDigest = (topicList: string[]) =>
      median(
        Array.from({ length: 5 }, () => {
          const s = performance.now();
          library.digest({ topics: topicList, limit: 5, now, since: new Date(now.getTime() - 7 * 24 * 3600 * 1000) });
          return performance.now() - s;
        }),
      );
    run.digest = { topStoriesMs: r2(timeDigest([])), threeTopicsMs: r2(timeDigest(['politics', 'China', 'oil prices'])) };
  }
  store?.close();
  run.peakRssMB = Math.round(process.resourceUsage().maxRSS / 1024);
  process.stdout.write(`${JSON.stringify(run)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench-run: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
