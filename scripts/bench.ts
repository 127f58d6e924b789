/**
 * npm run bench [-- --quick] [--json FILE] [--corpus DIR] [--scale N]
 *
 * The BBC corpus as it is (1x) and scaled (10x, copies with their own ids and dates written to
 * a temp folder): cold load (load + summarize + index), warm start from the store's summary
 * cache, /brief latency over 1,000 varied topics, digest composition, peak RSS. Every
 * measurement runs in a fresh process (scripts/eval/bench-run.ts) so none inherits another's
 * memory or warm caches. `--feeds N` runs the feeds bench instead (scripts/eval/bench-feeds.ts). --max-old-space MB runs them with that V8 heap cap. --quick: 1x, and 2x cold only, 200 topics: about a minute.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ArgError, parseArgs } from './eval/args.js';
import { writeScaledCorpus } from './eval/bench-corpus.js';
import type { BenchRun } from './eval/bench-run.js';
import { fixed, table } from './eval/table.js';
import { runArchiveBench } from './bench-archive.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const runner = path.join(here, 'eval', 'bench-run.ts');
const tsxLoader = path.join(here, '..', 'node_modules', 'tsx', 'dist', 'loader.mjs');

interface ScaleResult {
  scale: number;
  cold: BenchRun;
  /** Cold load while writing summaries to an empty store (what a first start costs). */
  firstStart?: BenchRun;
  /** Load with every summary in the store's cache. */
  warmStart?: BenchRun;
}

/** Extra Node flags for every measured process (--max-old-space MB sets --max-old-space-size). */
const nodeFlags: string[] = [];

function runChild(args: string[]): Promise<BenchRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeFlags, '--import', tsxLoader, runner, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`bench-run ${args.join(' ')} exited ${code}: ${err.trim()}`));
      try {
        resolve(JSON.parse(out.trim().split('\n').pop() ?? '') as BenchRun);
      } catch {
        reject(new Error(`bench-run printed no result: ${out.slice(0, 200)} ${err.slice(0, 500)}`));
      }
    });
  });
}

async function benchScale(scale: number, articles: string, work: string, topics: number, queries: string, withStore: boolean): Promise<ScaleResult> {
  let dir = articles;
  if (scale > 1) {
    dir = path.join(work, `x${scale}`);
    const n = writeScaledCorpus(articles, dir, scale, new Date());
    process.stderr.write(`bench: wrote ${n} documents for ${scale}x\n`);
  }
  process.stderr.write(`bench: ${scale}x cold...\n`);
  const cold = await runChild(['--dir', dir, '--topics', String(topics), '--queries', queries]);
  if (!withStore) return { scale, cold };
  const db = path.join(work, `store-x${scale}.db`);
  process.stderr.write(`bench: ${scale}x first start (filling the store)...\n`);
  const firstStart = await runChild(['--dir', dir, '--store', db, '--topics', '0']);
  process.stderr.write(`bench: ${scale}x warm start...\n`);
  const warmStart = await runChild(['--dir', dir, '--store', db, '--topics', '0']);
  return { scale, cold, firstStart, warmStart };
}

function printResults(results: ScaleResult[]): void {
  console.log('Load (wall time; fresh process each)\n');
  console.log(
    table(
      ['run', 'docs', 'load ms', 'summarize+index ms', 'total ms', 'CPU ms', 'docs/s', 'peak RSS MB: built', 'after queries'],
      results.flatMap((r) =>
        (
          [
            ['cold', r.cold],
            ['first start (writes the cache)', r.firstStart],
            ['warm start (from the cache)', r.warmStart],
          ] as const
        )
          .filter(([, run]) => run !== undefined)
          .map(([label, run]) => [`${r.scale}x ${label}`, run!.documents, run!.loadMs, run!.buildMs, run!.coldMs, run!.coldCpuMs, run!.docsPerSecond, run!.peakRssAfterBuildMB, run!.briefs ? run!.peakRssMB : '-']),
      ),
    ),
  );
  console.log('\n/brief latency (ms) and digest composition (ms, median of 5)\n');
  console.log(
    table(
      ['scale', 'topics', 'no match', 'p50', 'p95', 'p99', 'max', 'digest: top stories', 'digest: 3 topics'],
      results.map((r) => {
        const b = r.cold.briefs!;
        const d = r.cold.digest!;
        return [`${r.scale}x`, b.topics, b.noMatch, fixed(b.p50), fixed(b.p95), fixed(b.p99), fixed(b.max), fixed(d.topStoriesMs), fixed(d.threeTopicsMs)];
      }),
    ),
  );
}

async function main(): Promise<number> {
  // Feeds are their own bench: a local feed server and the poller (scripts/eval/bench-feeds.ts).
  if (process.argv.slice(2).some((a) => a === '--feeds' || a.startsWith('--feeds='))) {
    const { benchFeeds } = await import('./eval/bench-feeds.js');
    return benchFeeds(process.argv.slice(2));
  }
  const args = parseArgs(process.argv.slice(2), {
    flags: ['quick', 'help', 'query-only', 'reuse-summaries'],
    values: ['json', 'corpus', 'scale', 'max-old-space', 'archive', 'db', 'topics', 'workers'],
  });
  if (args.flags.has('help')) {
    console.log('usage: npm run bench -- [--quick] [--json FILE] [--corpus DIR (BBC layout)] [--scale N (default 10)] [--max-old-space MB]');
    console.log('       npm run bench -- --archive N [--db FILE] [--query-only] [--topics 1000] [--workers 1] [--reuse-summaries] [--json FILE]');
    return 0;
  }
  const archive = args.values.get('archive');
  if (archive !== undefined) {
    return runArchiveBench({
      n: Number(archive),
      db: args.values.get('db'),
      topics: Number(args.values.get('topics') ?? 1000),
      workers: Number(args.values.get('workers') ?? 1),
      queryOnly: args.flags.has('query-only'),
      reuse: args.flags.has('reuse-summaries'),
      json: args.values.get('json'),
    });
  }
  const heap = args.values.get('max-old-space');
  if (heap !== undefined) {
    if (!/^\d+$/.test(heap) || Number(heap) < 64) throw new ArgError('--max-old-space is a heap size in MB, at least 64');
    nodeFlags.push(`--max-old-space-size=${heap}`);
  }
  const quick = args.flags.has('quick');
  const corpus = path.resolve(args.values.get('corpus') ?? '../shared/corpus/bbc');
  const articles = path.join(corpus, 'articles');
  const big = Number(args.values.get('scale') ?? (quick ? 2 : 10));
  if (!Number.isInteger(big) || big < 1 || big > 50) throw new ArgError('--scale must be a whole number from 1 to 50');
  const topics = quick ? 200 : 1000;
  const queries = path.join(here, 'eval', 'queries-bbc.json');
  const work = mkdtempSync(path.join(os.tmpdir(), 'newsbrief-bench-'));
  const load = os.loadavg();
  const results: ScaleResult[] = [];
  try {
    results.push(await benchScale(1, articles, work, topics, queries, true));
    if (big > 1) results.push(await benchScale(big, articles, work, topics, queries, !quick));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  printResults(results);
  const loadAfter = os.loadavg();
  const flags = nodeFlags.length > 0 ? `; node ${nodeFlags.join(' ')}` : '';
  console.log(`\nmachine: ${os.cpus().length} cores, Node ${process.version}${flags}; load average ${fixed(load[0]!, 1)} before, ${fixed(loadAfter[0]!, 1)} after`);
  const jsonFile = path.resolve(args.values.get('json') ?? path.join(os.tmpdir(), 'newsbrief-bench', 'bench-results.json'));
  mkdirSync(path.dirname(jsonFile), { recursive: true });
  const out = {
    generatedAt: new Date().toISOString(),
    quick,
    nodeFlags,
    machine: { cpus: os.cpus().length, node: process.version, platform: `${os.platform()} ${os.arch()}`, loadAverageBefore: load, loadAverageAfter: loadAfter },
    corpus,
    topics,
    results,
  };
  writeFileSync(jsonFile, `${JSON.stringify(out, null, 2)}\n`);
  console.log(`wrote ${jsonFile}`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`bench: ${err instanceof ArgError ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
