import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadFiles, loadFolder, summarize, type NewsDocument } from '../../src/news/index.js';

/** newsbrief's own pipeline over an eval corpus: the core's loader and summarizer, unchanged. */

const MAX_FILE_BYTES = 8 * 1024 * 1024;

/** The articles as the bot loads them; `path` is "<category>/<n>.txt", as in the corpus. */
export async function loadArticles(corpusDir: string): Promise<NewsDocument[]> {
  const res = await loadFolder(path.join(corpusDir, 'articles'), { maxFileBytes: MAX_FILE_BYTES });
  return res.documents;
}

/**
 * The documents retrieval is judged on: docs.jsonl when the corpus has one (real dates, so
 * recency ranking behaves as in production), else the articles.
 */
export async function loadForRetrieval(corpusDir: string): Promise<{ docs: NewsDocument[]; source: string }> {
  const jsonl = path.join(corpusDir, 'docs.jsonl');
  if (existsSync(jsonl)) {
    const res = await loadFiles(corpusDir, [jsonl], { maxFileBytes: 64 * 1024 * 1024 });
    if (res.documents.length > 0) return { docs: res.documents, source: 'docs.jsonl' };
  }
  return { docs: await loadArticles(corpusDir), source: 'articles/' };
}

/** The bot's key points per article path. */
export function keyPointsByPath(docs: NewsDocument[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const doc of docs) out.set(doc.path, summarize(doc).keyPoints);
  return out;
}
