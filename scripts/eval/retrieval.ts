import type { BriefResult, NewsDocument } from '../../src/news/index.js';
import { Judge, type JudgedDoc } from './judge.js';
import type { EvalQuery } from './queries.js';

/** Topic retrieval quality: precision at 5 of the library's briefing for each query. */

export interface QueryResult {
  query: string;
  kind: EvalQuery['kind'];
  /** Relevant among the first five stories, over five (a short or no-match answer scores the gap as misses). */
  p5: number;
  returned: number;
  noMatch: boolean;
  /** Headlines of the irrelevant documents returned, for reading the worst queries. */
  misses: string[];
}

export interface RetrievalReport {
  queries: number;
  meanP5: number;
  byKind: Record<string, number>;
  /** Mean P@5 of the queries at even places in the file (the half ranking was tuned on) and at odd places (held out). */
  halves: { tuning: number; heldOut: number };
  worst: QueryResult[];
  results: QueryResult[];
}

/** The category of a loaded document: its first tag, else the first folder of its path. */
export function judgedDoc(doc: NewsDocument): JudgedDoc {
  const category = doc.path.includes('/') ? doc.path.split('/')[0]! : (doc.tags[0] ?? '');
  return { category, title: doc.title, paragraphs: doc.text.split('\n').filter((p) => p.trim() !== '') };
}

export function evaluateRetrieval(
  queries: EvalQuery[],
  brief: (topic: string) => BriefResult,
  toJudged: (doc: NewsDocument) => JudgedDoc = judgedDoc,
): RetrievalReport {
  const results: QueryResult[] = queries.map((q) => {
    const judge = new Judge(q);
    const res = brief(q.query);
    if (res.kind !== 'ok') return { query: q.query, kind: q.kind, p5: 0, returned: 0, noMatch: true, misses: [] };
    const docs = res.briefing.stories.slice(0, 5).map((s) => s.doc);
    const misses: string[] = [];
    let relevant = 0;
    for (const d of docs) {
      if (judge.isRelevant(toJudged(d))) relevant++;
      else misses.push(d.title);
    }
    return { query: q.query, kind: q.kind, p5: relevant / 5, returned: docs.length, noMatch: false, misses };
  });
  const mean = (rs: QueryResult[]) => (rs.length === 0 ? 0 : round(rs.reduce((a, r) => a + r.p5, 0) / rs.length));
  const byKind: Record<string, number> = {};
  for (const kind of new Set(results.map((r) => r.kind))) byKind[kind] = mean(results.filter((r) => r.kind === kind));
  const worst = [...results].sort((a, b) => a.p5 - b.p5 || a.query.localeCompare(b.query)).slice(0, 5);
  const halves = { tuning: mean(results.filter((_, k) => k % 2 === 0)), heldOut: mean(results.filter((_, k) => k % 2 === 1)) };
  return { queries: results.length, meanP5: mean(results), byKind, halves, worst, results };
}

function round(v: number): number {
  return Math.round(v * 1000) / 1000;
}
