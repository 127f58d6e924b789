import type { NewsDocument, Summary } from './news/types.js';
import { summarize } from './news/summarize.js';
import { indexText, type IndexText } from './news/index-text.js';
import { topicEntries, type TopicEntry } from './news/topics.js';

/** What ingest works out for one document before storing it (in the worker, or inline). */
export interface Analysis {
  summary: Summary;
  index: IndexText;
  topics: TopicEntry[];
  ms: number;
}

export type AnalysisOutcome = { analysis: Analysis } | { skipped: string };

export interface WorkerRequest {
  docs: { seq: number; doc: NewsDocument }[];
  budgetMs: number;
}

export type WorkerReply = { seq: number } & AnalysisOutcome;

/** Summarizes one document; past the time budget it is skipped (it would be as slow to brief). */
export function analyzeForIngest(doc: NewsDocument, budgetMs: number): AnalysisOutcome {
  const started = performance.now();
  const summary = summarize(doc);
  const index = indexText(doc);
  const topics = topicEntries(doc, summary);
  const ms = performance.now() - started;
  if (ms > budgetMs) return { skipped: `took ${Math.round(ms)} ms to summarize, over the ${budgetMs} ms budget per document` };
  return { analysis: { summary, index, topics, ms } };
}
