import { openLibrary } from '../../src/news/index.js';
import { loadForRetrieval } from './pipeline.js';
import type { EvalQuery } from './queries.js';
import { evaluateRetrieval, type RetrievalReport } from './retrieval.js';

/**
 * P@5 of the core's library over a corpus. "now" is the newest document's date, so recency
 * ranks as it would the day after the corpus ends, not years later.
 */
export async function runRetrieval(dir: string, queries: EvalQuery[]): Promise<RetrievalReport & { source: string; documents: number }> {
  const { docs, source } = await loadForRetrieval(dir);
  const newest = docs.reduce((t, d) => Math.max(t, d.publishedAt?.getTime() ?? 0), 0);
  const now = new Date(newest);
  const library = openLibrary(docs, { clock: { now: () => now } });
  const report = evaluateRetrieval(queries, (q) => library.brief(q, { limit: 5, now }));
  return { ...report, source, documents: library.size };
}
