/**
 * npm run bench -- --feeds N [--items M] [--hosts H] [--readers R] [--corpus DIR]
 *
 * N feeds of M items (default 1,000 × 50) on a local feed server (its own process, on H
 * loopback addresses so per-host limits apply as they would across publishers), polled twice by
 * the real poller over a store on disk: the first poll downloads and ingests everything, the
 * second (after the interval) should be all 304s. Reports time, bytes and requests of both
 * polls and the bench process's peak RSS.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { feedsConfigSchema } from '../../src/config.js';
import { silentLogger } from '../../src/log.js';
import type { NewsDocument } from '../../src/news/index.js';
import { addressPolicy } from '../../src/sources/feeds/address.js';
import { feedHttpClient } from '../../src/sources/feeds/index.js';
import { createFeedPoller, type PollReport } from '../../src/sources/feeds/poller.js';
import { createReadPool } from '../../src/sources/feeds/read-pool.js';
import { openStore } from '../../src/store/store.js';
import { ArgError, parseArgs } from './args.js';
import { fixed, table } from './table.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const tsxLoader = path.join(here, '..', '..', 'node_modules', 'tsx', 'dist', 'loader.mjs');

function startServer(feeds: number, items: number, hosts: number, corpus: string) {
  const child = spawn(process.execPath, ['--import', tsxLoader, path.join(here, 'feed-server.ts'), '--feeds', String(feeds), '--items', String(items), '--hosts', String(hosts), '--corpus', corpus], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const ready = new Promise<number>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => resolve((JSON.parse(line) as { port: number }).port));
    child.once('exit', (code) => reject(new Error(`feed server exited ${code}`)));
  });
  return { ready, stop: () => child.stdin.end() };
}

const rssMB = () => Math.round(process.resourceUsage().maxRSS / 1024);

export async function benchFeeds(argv: string[]): Promise<number> {
  const args = parseArgs(argv, { flags: [], values: ['feeds', 'items', 'hosts', 'corpus', 'readers'] });
  const feeds = Number(args.values.get('feeds') ?? 1000);
  const items = Number(args.values.get('items') ?? 50);
  const hosts = Number(args.values.get('hosts') ?? 50);
  if (!Number.isInteger(feeds) || feeds < 1 || feeds > 100_000) throw new ArgError('--feeds is a whole number from 1 to 100000');
  if (!Number.isInteger(items) || items < 1 || items > 1000) throw new ArgError('--items is a whole number from 1 to 1000');
  if (!Number.isInteger(hosts) || hosts < 1 || hosts > 250) throw new ArgError('--hosts is a whole number from 1 to 250');
  const readers = Number(args.values.get('readers') ?? 1);
  if (!Number.isInteger(readers) || readers < 0 || readers > 8) throw new ArgError('--readers is a whole number from 0 to 8');
  const corpus = path.resolve(args.values.get('corpus') ?? '../shared/corpus/bbc');

  const server = startServer(feeds, items, hosts, corpus);
  const work = mkdtempSync(path.join(os.tmpdir(), 'newsbrief-feeds-bench-'));
  const store = openStore(process.env.BENCH_MEM ? ':memory:' : path.join(work, 'store.db'));
  const config = feedsConfigSchema.parse({ allowPrivateNetworks: ['127.0.0.0/8'], every: '10m', fullTextBelow: 0 });
  const policy = addressPolicy(config.allowPrivateNetworks);
  const http = feedHttpClient(config, 'bench', policy);
  let now = Date.parse('2026-12-01T12:00:00Z');
  const clock = { now: () => new Date(now) };
  let ingested = 0;
  const sink = { add: async (docs: NewsDocument[]) => void (ingested += docs.length) };
  const reader = createReadPool({ size: readers, stuckMs: config.timeout, logger: silentLogger });
  const poller = createFeedPoller({ feeds: store.feeds, http, reader, ingest: sink, clock, logger: silentLogger, config, policy });
  try {
    const port = await server.ready;
    for (let n = 0; n < feeds; n++) {
      store.feeds.add({ url: `http://127.0.0.${1 + (n % hosts)}:${port}/feed/${n}.xml`, tags: ['bench'], source: 'config', createdAt: clock.now() });
    }
    const polls: { label: string; report: PollReport; ms: number; cpuMs: number; rss: number; docs: number; errors: Map<string, number> }[] = [];
    for (const label of ['first poll (all new)', 'second poll (conditional GET)']) {
      const before = ingested;
      const cpu = process.cpuUsage();
      const t0 = performance.now();
      const report = await poller.pollDue();
      const ms = performance.now() - t0;
      const used = process.cpuUsage(cpu);
      const errors = new Map<string, number>();
      for (const f of store.feeds.list()) if (f.lastError && f.failures > 0) errors.set(f.lastError, (errors.get(f.lastError) ?? 0) + 1);
      polls.push({ label, report, ms, cpuMs: (used.user + used.system) / 1000, rss: rssMB(), docs: ingested - before, errors });
      process.stderr.write(`bench: ${label}: ${Math.round(ms)} ms\n`);
      now += 11 * 60_000;
    }
    console.log(`Feeds: ${feeds} feeds × ${items} items on ${hosts} loopback hosts, perHost ${config.perHost}, concurrency ${config.concurrency}, ${readers} reader thread(s)\n`);
    console.log(
      table(
        ['poll', 'wall s', 'CPU s', 'fetched (200)', '304', 'failed', 'new items', 'documents ingested', 'MB received', 'peak RSS MB'],
        polls.map((p) => [p.label, fixed(p.ms / 1000, 1), fixed(p.cpuMs / 1000, 1), p.report.fetched, p.report.notModified, p.report.failed, p.report.new, p.docs, fixed(p.report.bytes / 1024 / 1024, 1), p.rss]),
      ),
    );
    for (const p of polls) for (const [error, n] of p.errors) console.log(`${p.label}: ${n} failed with: ${error}`);
    console.log(`\nmachine: ${os.cpus().length} cores, Node ${process.version}; load average ${fixed(os.loadavg()[0]!, 1)}`);
    return polls.every((p) => p.report.failed === 0) ? 0 : 1;
  } finally {
    await poller.stop();
    await http.close();
    await reader.close();
    store.close();
    server.stop();
    rmSync(work, { recursive: true, force: true });
  }
}
