/**
 * npx tsx scripts/bench-summarize.ts [--rounds 5] [--corpus DIR]
 *
 * What the ingest worker spends per document, on one thread, warm: the BBC and CNN articles
 * analyzed as ingest analyzes them (summary, packed terms, full-text columns, topics), several
 * rounds, the first one not counted. Reports CPU ms per document for the whole and for each
 * step, so a change to the summarizer's speed can be judged without the pool, the store or the
 * noise of wall-clock time on a shared machine. Run it with `node --cpu-prof` for a profile.
 */
import { readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyzeForIngest } from '../src/ingest-analysis.js';
import { loadFiles, type NewsDocument } from '../src/news/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const corpus = arg('corpus') ?? path.join(here, '..', '..', 'shared', 'corpus');
const rounds = Number(arg('rounds') ?? 5);

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}
const bbc = path.join(corpus, 'bbc', 'articles');
const cnn = path.join(corpus, 'cnn');
const docs: NewsDocument[] = [
  ...(await loadFiles(bbc, filesUnder(bbc))).documents,
  ...(await loadFiles(cnn, [path.join(cnn, 'docs.jsonl')], { maxFileBytes: 1 << 26 })).documents,
];

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}
console.log(`${docs.length} documents (BBC + CNN), ${rounds} rounds after a warm-up round, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
const perRound: number[] = [];
for (let r = 0; r <= rounds; r++) {
  const c0 = cpuMs();
  for (const doc of docs) analyzeForIngest(doc, Infinity);
  const ms = (cpuMs() - c0) / docs.length;
  if (r > 0) perRound.push(ms);
}
perRound.sort((a, b) => a - b);
console.log(`analyzeForIngest: CPU ms/doc min ${perRound[0]!.toFixed(3)}, median ${perRound[Math.floor(perRound.length / 2)]!.toFixed(3)}`);
