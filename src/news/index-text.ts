import type { NewsDocument } from './types.js';
import { packTerms, type PackedTerms } from './packed-terms.js';
import { tagKey } from './search.js';

/**
 * A document as the archive's full-text index holds it: the core's own stems, space-separated,
 * per column (headline, lead, body, tags). The full-text engine then only splits on spaces, so
 * the archive matches words exactly as the in-memory index does (one word model, not two).
 */
export interface IndexText {
  headline: string;
  lead: string;
  body: string;
  tags: string;
}

/**
 * The version of the rules that make the full-text columns from an analysis. The archive keeps
 * the version its rows were made by, and a change rewrites every row with a current summary in
 * the background (a stale summary's row is rewritten with it): bump it whenever indexTextOf's
 * output changes for the same analysis.
 * 2: cut at the in-memory index's titleEnd and leadEnd, the dateline's place at the end of the body.
 */
export const INDEX_TEXT_VERSION = '2';

/**
 * The archive's full-text columns from a packed analysis, cut where the in-memory index cuts
 * (its titleEnd and leadEnd): the same stems in the same column, the dateline left out of the
 * text and its place at the end of the body, even in a story shorter than a lead, so the archive
 * never takes a story for one about the place it was filed from.
 */
export function indexTextOf(p: PackedTerms, tags: readonly string[]): IndexText {
  const headline: string[] = [];
  const lead: string[] = [];
  const body: string[] = [];
  for (let k = 0; k < p.ids.length; k++) {
    const l = p.ids[k]!;
    if (l < 0) continue;
    (k < p.titleEnd ? headline : k < p.leadEnd ? lead : body).push(p.lexicon[l]!);
  }
  return {
    headline: headline.join(' '),
    lead: lead.join(' '),
    body: body.join(' '),
    tags: tagsColumn(tags),
  };
}

/** The full-text columns of a document, from the analysis ingest makes of it. */
export function indexText(doc: Pick<NewsDocument, 'title' | 'text' | 'tags'>): IndexText {
  return indexTextOf(packTerms(doc), doc.tags);
}

/** The tags column: each tag's key, with a separator between tags so no phrase runs from one into the next. */
export function tagsColumn(tags: readonly string[]): string {
  return tags.map(tagKey).filter((k) => k !== '').join(' , ');
}
