import path from 'node:path';
import type { NewsDocument, Summary } from './news/types.js';
import { summarizeTokens, tokensOf } from './news/summarize.js';
import { leadText } from './news/terms.js';
import { indexTextOf, type IndexText } from './news/index-text.js';
import { packTermsOf, type PackedTerms } from './news/packed-terms.js';
import { topicEntries, type TopicEntry } from './news/topics.js';
import { readDocumentFile, type FileRead } from './news/load.js';

/** What ingest works out for one document before storing it (in the worker, or inline). */
export interface Analysis {
  summary: Summary;
  index: IndexText;
  /** The analysis the library ranks by, kept with the document so nothing analyzes it again. */
  terms: PackedTerms;
  topics: TopicEntry[];
  ms: number;
}

export type AnalysisOutcome = { analysis: Analysis } | { skipped: string };

/** The work ingest hands its threads: summarize a document, or read and parse a seed file. */
export type Job = { kind: 'analyze'; doc: NewsDocument } | { kind: 'read'; root: string; abs: string; maxFileBytes: number };

export type JobOutcome = AnalysisOutcome | FileRead;

export interface WorkerRequest {
  items: { seq: number; job: Job }[];
  budgetMs: number;
}

/** Replies come several at a time (fewer messages); `seq` says which item each answers. */
export interface WorkerReplies {
  replies: { seq: number; outcome: JobOutcome }[];
}

/** Summarizes one document; past the time budget it is skipped (it would be as slow to brief). */
export function analyzeForIngest(doc: NewsDocument, budgetMs: number): AnalysisOutcome {
  const started = performance.now();
  // One split and one tokenization, read by the summary and the packed terms alike.
  const lead = leadText(doc.text);
  const sentences = lead.paragraphs.flat();
  const tokens = tokensOf(doc, sentences);
  const summary = summarizeTokens(doc, sentences, tokens);
  const terms = packTermsOf(doc, tokens, lead);
  const index = indexTextOf(terms, doc.tags);
  const topics = topicEntries(doc, summary);
  const ms = performance.now() - started;
  if (ms > budgetMs) return { skipped: `took ${Math.round(ms)} ms to summarize, over the ${budgetMs} ms budget per document` };
  return { analysis: { summary, index, terms, topics, ms } };
}

/**
 * Reads one seed file. The budget is per document, so a JSON Lines file of a thousand items may
 * take what a thousand documents may; a file over it is skipped whole, with one reason.
 */
export function readForIngest(job: Extract<Job, { kind: 'read' }>, budgetMs: number): FileRead {
  const started = performance.now();
  const read = readDocumentFile(job.root, job.abs, job.maxFileBytes);
  const ms = performance.now() - started;
  const allowed = budgetMs * Math.max(1, read.docs.length);
  if (ms <= allowed) return read;
  const budget = read.docs.length > 1 ? `${budgetMs} ms budget per document (${read.docs.length} documents)` : `${budgetMs} ms budget per document`;
  return { docs: [], skipped: [{ path: relativePath(job.root, job.abs), reason: `took ${Math.round(ms)} ms to read, over the ${budget}` }] };
}

export function runJob(job: Job, budgetMs: number): JobOutcome {
  if (job.kind === 'read') return readForIngest(job, budgetMs);
  try {
    return analyzeForIngest(job.doc, budgetMs);
  } catch (err) {
    return { skipped: `could not be summarized (${err instanceof Error ? err.message : String(err)})` };
  }
}

/** What a job that never finished (the worker stopped or died on it) comes back as. */
export function abandoned(job: Job, why: string): JobOutcome {
  if (job.kind === 'analyze') return { skipped: `summarizing ${why}` };
  return { docs: [], skipped: [{ path: relativePath(job.root, job.abs), reason: `reading ${why}` }] };
}

export function relativePath(root: string, abs: string): string {
  return path.relative(root, abs).split(path.sep).join('/');
}
