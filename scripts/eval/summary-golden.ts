/**
 * npx tsx scripts/eval/summary-golden.ts OUT.json [--corpus DIR] [--hostile]
 *
 * Every field the ingest worker makes for a document (summary, packed terms, full-text columns,
 * topic entries), for every BBC, CNN and NEWTS document of the corpus, written to one JSON file.
 * Run it before and after a change to the summarizer's speed and compare the files byte for
 * byte (`cmp`): a faster summarizer must say exactly what the slower one said. --hostile adds the
 * generated hostile documents (2 MB texts, long lines), where the bounds on long texts apply.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyzeForIngest } from '../../src/ingest-analysis.js';
import { loadFiles, makeDocument, type NewsDocument } from '../../src/news/index.js';
import { readNewts } from './newts.js';
import { writeHostileFiles } from '../hostile/files.js';

const here = path.dirname(fileURLToPath(import.meta.url));
function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const out = process.argv[2];
if (out === undefined || out.startsWith('--')) {
  console.error('usage: npx tsx scripts/eval/summary-golden.ts OUT.json [--corpus DIR] [--hostile]');
  process.exit(2);
}
const corpus = arg('corpus') ?? path.join(here, '..', '..', '..', 'shared', 'corpus');

function filesUnder(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const abs = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...filesUnder(abs));
    else found.push(abs);
  }
  return found;
}

async function readAll(root: string, files: string[]): Promise<NewsDocument[]> {
  return (await loadFiles(root, files, { maxFileBytes: 64 * 1024 * 1024 })).documents;
}

const docs: { set: string; doc: NewsDocument }[] = [];
const bbc = path.join(corpus, 'bbc', 'articles');
for (const doc of await readAll(bbc, filesUnder(bbc))) docs.push({ set: 'bbc', doc });
const cnn = path.join(corpus, 'cnn');
for (const doc of await readAll(cnn, [path.join(cnn, 'docs.jsonl')])) docs.push({ set: 'cnn', doc });
for (const a of readNewts(path.join(corpus, 'newts', 'newts-even.jsonl'))) {
  const doc = makeDocument({ body: a.article, path: `newts/${a.i}`, tags: [] });
  if (doc) docs.push({ set: 'newts', doc });
}
let tmp: string | undefined;
if (process.argv.includes('--hostile')) {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'newsbrief-golden-'));
  writeHostileFiles(tmp, corpus);
  for (const doc of await readAll(tmp, filesUnder(tmp))) docs.push({ set: 'hostile', doc });
}

const rows: unknown[] = [];
let ms = 0;
for (const { set, doc } of docs) {
  const outcome = analyzeForIngest(doc, Infinity);
  if ('skipped' in outcome) {
    rows.push({ set, path: doc.path, skipped: outcome.skipped });
    continue;
  }
  const { summary, terms, index, topics } = outcome.analysis;
  ms += outcome.analysis.ms;
  rows.push({ set, path: doc.path, summary, terms: { ...terms, ids: Array.from(terms.ids) }, index, topics });
}
writeFileSync(out, `${JSON.stringify(rows, null, 1)}\n`);
if (tmp) rmSync(tmp, { recursive: true, force: true });
console.log(`${rows.length} documents → ${out} (${ms.toFixed(0)} ms analyzing, ${(ms / rows.length).toFixed(3)} ms each)`);
