import type { EvalQuery } from './queries.js';
import { leadSentences } from './lead.js';

/**
 * The relevance rule for topic retrieval, written down so P@5 means one thing:
 *   a document is relevant to a query when
 *   - the query is a category query and the document is in that category (its folder), or
 *   - its headline or its lead (the first two sentences of the body) names the query's subject:
 *     one of the query's `match` names (or the query itself) as whole words, ignoring case.
 * Mentions deeper in the body do not count: a briefing should lead with stories about the topic.
 */

export interface JudgedDoc {
  category: string;
  title: string;
  /** The body as paragraphs (or one paragraph per line). */
  paragraphs: string[];
}

export function leadOf(doc: JudgedDoc): string {
  return leadSentences(doc.paragraphs).slice(0, 2).join(' ');
}

function namePattern(names: string[]): RegExp {
  const alts = names.map((n) => n.trim().replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/[\s-]+/g, '[\\s-]+'));
  // Word edges that treat letters and digits as word characters, apostrophes as edges.
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${alts.join('|')})(?![\\p{L}\\p{N}])`, 'iu');
}

export class Judge {
  private readonly pattern: RegExp | undefined;

  constructor(private readonly query: EvalQuery) {
    const names = query.match ?? (query.kind === 'category' ? [] : [query.query]);
    this.pattern = names.length > 0 ? namePattern(names) : undefined;
  }

  isRelevant(doc: JudgedDoc): boolean {
    if (this.query.category !== undefined && doc.category === this.query.category) return true;
    if (!this.pattern) return false;
    return this.pattern.test(doc.title) || this.pattern.test(leadOf(doc));
  }
}
