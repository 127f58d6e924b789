/**
 * npm run bench -- --archive N [--db FILE] [--keep] [--topics 1000] [--workers 1] [--query-only]
 *
 * The archive at scale: builds a store of N documents (the BBC articles, copied with their
 * copy number in the headline and dates spread over a year, as the 10x bench does) through the
 * bot's own ingest path (parse → summarize on a worker → store → index), then, in a fresh
 * process as after a restart: time until the first /brief answer, until the recent documents are
 * in memory, /brief latency over 1,000 topics, a new document until /brief finds it, peak RSS and
 * database size. Each phase runs in its own process (scripts/eval/bench-archive-run.ts).
 * --db keeps the store at FILE (resumable: an existing store is filled up to N); --query-only
 * measures an existing store again.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ArgError } from './eval/args.js';
import type { ArchiveIngestRun, ArchiveQueryRun } from './eval/bench-archive-run.js';
import { fixed, table } from './eval/table.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const runner = path.join(here, 'eval', 'bench-archive-run.ts');
const tsxLoader = path.join(here, '..', 'node_modules', 'tsx', 'dist', 'loader.mjs');

function runChild<T>(args: string[]): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', tsxLoader, runner, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
      process.stderr.write(d);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`bench-archive-run exited ${code}: ${err.slice(-2000)}`));
      try {
        resolve(JSON.parse(out.trim().split('\n').pop() ?? '') as T);
      } catch {
        reject(new Error(`bench-archive-run printed no result: ${out.slice(0, 200)}`));
      }
    });
  });
}

export interface ArchiveBenchOptions {
  n: number;
  db?: string;
  topics: number;
  workers: number;
  queryOnly: boolean;
  /** Build the store reusing each article's summary for its copies (see bench-archive-run.ts). */
  reuse: boolean;
  json?: string;
}

export async function runArchiveBench(o: ArchiveBenchOptions): Promise<number> {
  if (!Number.isInteger(o.n) || o.n < 1000) throw new ArgError('--archive takes a number of documents, at least 1000');
  const articles = path.resolve('../shared/corpus/bbc/articles');
  const queries = path.join(here, 'eval', 'queries-bbc.json');
  const work = o.db ? undefined : mkdtempSync(path.join(os.tmpdir(), 'newsbrief-archive-'));
  const db = o.db ? path.resolve(o.db) : path.join(work!, 'archive.db');
  // One "now" for both phases, so the recent window holds the same documents in each.
  const now = String(Date.now());
  const load = os.loadavg();
  try {
    let ingest: ArchiveIngestRun | undefined;
    if (!o.queryOnly) {
      process.stderr.write(`bench: ingesting ${o.n} documents into ${db}...\n`);
      ingest = await runChild<ArchiveIngestRun>(['--phase', 'ingest', '--db', db, '--articles', articles, '--n', String(o.n), '--now', now, '--workers', String(o.workers), ...(o.reuse ? ['--reuse'] : [])]);
    }
    process.stderr.write('bench: restart and query...\n');
    const query = await runChild<ArchiveQueryRun>(['--phase', 'query', '--db', db, '--articles', articles, '--topics', String(o.topics), '--queries', queries, '--now', now]);
    const loadAfter = os.loadavg();
    const rows: (string | number)[][] = [];
    if (ingest) {
      rows.push([ingest.reuse ? 'ingest (parse + store + index; summaries reused across copies)' : 'ingest (parse + summarize + store + index)', `${ingest.docsPerSecond} documents/s (${ingest.documents} in ${fixed(ingest.ms / 1000, 0)} s; ${fixed(ingest.cpuMsPerDoc, 2)} ms CPU per document)`]);
      rows.push(['then the maintenance pass (full-text index merged)', `${fixed(ingest.maintenanceMs / 1000, 1)} s (${ingest.indexMergeSteps} steps)`]);
      rows.push(['peak RSS while ingesting', `${ingest.peakRssMB} MB`]);
    }
    rows.push(['restart until the first /brief answer', `${query.firstAnswerMs} ms`]);
    rows.push(['restart until the recent documents are in memory', `${query.warmMs} ms (${query.inMemory} documents)`]);
    rows.push(['a new document until /brief finds it', `${query.newDocFoundMs} ms`]);
    rows.push([`/brief over ${query.briefs.topics} topics (${query.briefs.noMatch} no match)`, `p50 ${fixed(query.briefs.p50)} ms, p95 ${fixed(query.briefs.p95)} ms, p99 ${fixed(query.briefs.p99)} ms, max ${fixed(query.briefs.max)} ms`]);
    rows.push(['/brief in CPU time (the machine\'s other load left out)', `p50 ${fixed(query.briefsCpu.p50)} ms, p95 ${fixed(query.briefsCpu.p95)} ms, p99 ${fixed(query.briefsCpu.p99)} ms`]);
    rows.push(['peak RSS of the bot (restart + queries + one ingest)', `${query.peakRssMB} MB`]);
    rows.push(['database size', `${query.dbMB} MB (${query.documents} documents)`]);
    console.log(`Archive of ${query.documents} documents\n`);
    console.log(table(['measure', 'result'], rows));
    console.log(`\nmachine: ${os.cpus().length} cores, Node ${process.version}; load average ${fixed(load[0]!, 1)} before, ${fixed(loadAfter[0]!, 1)} after`);
    const jsonFile = path.resolve(o.json ?? path.join(os.tmpdir(), 'newsbrief-bench', `archive-${o.n}.json`));
    mkdirSync(path.dirname(jsonFile), { recursive: true });
    writeFileSync(jsonFile, `${JSON.stringify({ generatedAt: new Date().toISOString(), n: o.n, db, loadAverageBefore: load, loadAverageAfter: loadAfter, ingest, query }, null, 2)}\n`);
    console.log(`wrote ${jsonFile}`);
  } finally {
    if (work) rmSync(work, { recursive: true, force: true });
  }
  return 0;
}
