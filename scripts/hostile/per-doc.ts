/** Per-document ingest cost of the hostile files: parse, summarize, analyze, the first /brief. */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { decodeText } from '../../src/news/decode.js';
import { parseFile } from '../../src/news/formats.js';
import { sentencesOf, summarize } from '../../src/news/summarize.js';
import { analyze, createVocabulary } from '../../src/news/terms.js';
import { buildLibrary } from '../../src/news/library.js';

export interface DocCost {
  name: string;
  bytes: number;
  documents: number;
  parseMs: number;
  summarizeMs: number;
  analyzeMs: number;
  briefMs: number;
  totalMs: number;
}

export function measureFile(abs: string): DocCost {
  const t0 = performance.now();
  const bytes = readFileSync(abs);
  const decoded = decodeText(bytes);
  const skip = (): void => {};
  const docs = decoded.ok
    ? parseFile(decoded.text, path.extname(abs).toLowerCase(), { relPath: path.basename(abs), mtime: statSync(abs).mtime, skip })
    : [];
  const t1 = performance.now();
  for (const d of docs) summarize(d, sentencesOf(d));
  const t2 = performance.now();
  const vocab = createVocabulary();
  for (const d of docs) analyze(d, vocab);
  const t3 = performance.now();
  // The first /brief on a word the file holds, so its sentences are worked out (query time).
  const lib = buildLibrary(docs);
  const t4 = performance.now();
  lib.brief('the');
  lib.brief('markets');
  lib.brief(undefined);
  const t5 = performance.now();
  return {
    name: path.basename(abs),
    bytes: bytes.length,
    documents: docs.length,
    parseMs: t1 - t0,
    summarizeMs: t2 - t1,
    analyzeMs: t3 - t2,
    briefMs: t5 - t4,
    // What ingesting costs: parse + summarize + analyze (buildLibrary repeats the last two).
    totalMs: t3 - t0,
  };
}
