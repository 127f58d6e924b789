import type { Alternative, TopicQuery } from '../news/query.js';
import { normalizeToken, stem } from '../news/sentences.js';
import { topicTagKeys } from '../news/search.js';

/**
 * A topic as an FTS5 match expression over the archive's stem columns: every slot must match
 * (any of its alternatives: "china" OR "chines" OR "beij" …), all but one when there are three or
 * more, as the in-memory index asks; or the topic is one of the document's tags. The expression
 * only finds candidates: the core ranks them again with its own rules.
 */

/** Past this many slots, the "all but one" rule is left to the core's re-ranking (it multiplies out). */
const MAX_SLOTS_FOR_ALL_BUT_ONE = 5;

function phrase(stems: readonly string[]): string {
  return `"${stems.join(' ').replace(/"/g, '""')}"`;
}

function alternative(alt: Alternative): string | undefined {
  if (alt.kind === 'acronym') {
    const s = stem(normalizeToken(alt.text));
    return s === '' ? undefined : phrase([s]);
  }
  const stems = alt.stems.filter((s) => s !== '');
  return stems.length === 0 ? undefined : phrase(stems);
}

/** The topic's words as one expression (any column), and its tags as another (the tags column). */
export interface FtsParts {
  text?: string;
  tags?: string;
}

export function ftsParts(q: TopicQuery): FtsParts {
  const slots = q.slots
    .map((s) => [...new Set(s.alternatives.map(alternative).filter((a): a is string => a !== undefined))])
    .filter((alts) => alts.length > 0)
    .map((alts) => (alts.length === 1 ? alts[0]! : `(${alts.join(' OR ')})`));
  let text: string | undefined;
  if (slots.length > 0) {
    if (slots.length >= 3 && slots.length <= MAX_SLOTS_FOR_ALL_BUT_ONE) {
      text = slots.map((_, skip) => `(${slots.filter((__, i) => i !== skip).join(' AND ')})`).join(' OR ');
    } else {
      text = slots.join(' AND ');
    }
  }
  const tags = topicTagKeys(q.folded).map((k) => `tags : ${phrase(k.split(' '))}`);
  const out: FtsParts = {};
  if (text) out.text = text;
  if (tags.length > 0) out.tags = tags.join(' OR ');
  return out;
}

/**
 * The searches that find a topic's candidates, the most telling first: the words in the headline
 * or the topic as a tag, then the words anywhere. Each is read newest first and stops at the
 * number wanted, so a common word costs what a rare one does. Two, not more: each search looks
 * every spelling of the topic up in every segment of the index, whether it is there or not.
 */
export function ftsPasses(q: TopicQuery): string[] {
  const { text, tags } = ftsParts(q);
  const first = [...(text ? [`headline : (${text})`] : []), ...(tags ? [tags] : [])].join(' OR ');
  return [...(first ? [first] : []), ...(text ? [`(${text})`] : [])];
}
