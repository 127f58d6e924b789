import type { NewsDocument } from './types.js';
import { TOKEN, normalizeToken, stem } from './sentences.js';
import { LEAD_TOKENS } from './terms.js';
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

const WORD = new RegExp(TOKEN.source, TOKEN.flags);

function stemsOf(text: string, out: string[]): void {
  WORD.lastIndex = 0;
  for (let m = WORD.exec(text); m !== null; m = WORD.exec(text)) {
    const w = normalizeToken(m[0]);
    if (w !== '') out.push(stem(w));
  }
}

export function indexText(doc: Pick<NewsDocument, 'title' | 'text' | 'tags'>): IndexText {
  const headline: string[] = [];
  stemsOf(doc.title, headline);
  const body: string[] = [];
  stemsOf(doc.text, body);
  return {
    headline: headline.join(' '),
    lead: body.slice(0, LEAD_TOKENS).join(' '),
    body: body.slice(LEAD_TOKENS).join(' '),
    tags: tagsColumn(doc.tags),
  };
}

/** The tags column: each tag's key, with a separator between tags so no phrase runs from one into the next. */
export function tagsColumn(tags: readonly string[]): string {
  return tags.map(tagKey).filter((k) => k !== '').join(' , ');
}
