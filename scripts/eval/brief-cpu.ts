/**
 * npx tsx scripts/eval/brief-cpu.ts [--dir ARTICLES] [--topics N] [--rounds R]
 *
 * CPU time of /brief alone: the bench's varied topics (scripts/eval/bench-topics.ts) asked of an
 * in-memory library of the folder (default the BBC articles), R rounds after one warm-up round,
 * timed with process.cpuUsage around the query loop only. Steadier than wall-clock latency on a
 * shared machine; prints the CPU milliseconds per round per 1,000 briefs.
 */
import path from 'node:path';
import { loadFolder, openLibrary } from '../../src/news/index.js';
import { parseArgs } from './args.js';
import { benchTopics } from './bench-topics.js';
import { readQueries } from './queries.js';

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), { flags: [], values: ['dir', 'topics', 'rounds'] });
  const dir = path.resolve(args.values.get('dir') ?? '../shared/corpus/bbc/articles');
  const n = Number(args.values.get('topics') ?? 1000);
  const rounds = Number(args.values.get('rounds') ?? 3);
  const { documents } = await loadFolder(dir, { maxFileBytes: 8 * 1024 * 1024 });
  const library = openLibrary(documents);
  const here = path.dirname(new URL(import.meta.url).pathname);
  const queries = readQueries(path.join(here, 'queries-bbc.json')).map((q) => q.query);
  const topics = benchTopics(documents, queries, n);
  const now = new Date();
  const perRound: number[] = [];
  for (let r = 0; r <= rounds; r++) {
    const start = process.cpuUsage();
    for (const t of topics) library.brief(t, { limit: 5, now });
    const used = process.cpuUsage(start);
    if (r > 0) perRound.push(Math.round(((used.user + used.system) / 1000) * (1000 / topics.length)));
  }
  console.log(JSON.stringify({ documents: documents.length, topics: topics.length, cpuMsPer1000: perRound, min: Math.min(...perRound) }));
}

main().catch((err: unknown) => {
  process.stderr.write(`brief-cpu: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exit(1);
});
