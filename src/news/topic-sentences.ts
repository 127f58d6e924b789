import type { TopicQuery } from './query.js';
import type { DocTerms, SentenceTerms, Vocabulary } from './terms.js';
import { normalizeToken, stem } from './sentences.js';

/**
 * Which sentences of a document speak to a topic, scored on the term ids the library computed
 * when it was built (no tokenizing at query time).
 */

/** Sentences per story when a topic is given. */
export const TOPIC_SENTENCES = 2;
/** What being the first sentence adds to a sentence's topic score (decaying with position). */
const LEAD_PRIOR = 0.4;
/** What holding the whole multi-word topic, adjacent, adds. */
const WHOLE_PHRASE_BONUS = 0.5;

interface IdAlternative {
  /** Term ids in order, adjacent; for an acronym, its one id, matched only where written as one. */
  ids: readonly number[];
  acronym: boolean;
  weight: number;
}

/** A topic in term ids: per slot its alternatives (those the vocabulary cannot hold are left out). */
export interface IdQuery {
  slots: IdAlternative[][];
  /** The whole topic as a phrase, when it has several slots and every word is known. */
  whole: readonly number[] | undefined;
}

export function compileTopic(q: TopicQuery, vocab: Vocabulary): IdQuery {
  const idsOf = (stems: readonly string[]): number[] | undefined => {
    const out: number[] = [];
    for (const s of stems) {
      const id = vocab.find(s);
      if (id === undefined) return undefined;
      out.push(id);
    }
    return out;
  };
  const slots = q.slots.map((slot) => {
    const alts: IdAlternative[] = [];
    for (const alt of slot.alternatives) {
      const ids = alt.kind === 'acronym' ? idsOf([stem(normalizeToken(alt.text))]) : idsOf(alt.stems);
      if (ids && ids.length > 0) alts.push({ ids, acronym: alt.kind === 'acronym', weight: alt.weight });
    }
    return alts;
  });
  const whole = q.slots.length > 1 && q.phrase.length > 1 ? idsOf(q.phrase) : undefined;
  return { slots, whole };
}

function isAcronymAt(at: Uint32Array, p: number): boolean {
  // Binary search: a document holds few acronyms.
  let lo = 0;
  let hi = at.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (at[mid]! < p) lo = mid + 1;
    else hi = mid;
  }
  return lo < at.length && at[lo] === p;
}

function occursIn(t: DocTerms, st: SentenceTerms, from: number, to: number, seq: readonly number[], acronym: boolean): boolean {
  const ids = t.ids;
  outer: for (let p = from; p + seq.length <= to; p++) {
    if (ids[p] !== seq[0]) continue;
    for (let k = 1; k < seq.length; k++) if (ids[p + k] !== seq[k]) continue outer;
    if (acronym && !isAcronymAt(st.acronymAt, p)) continue;
    return true;
  }
  return false;
}

/** How much body sentence k says about the topic: the slots it mentions (best alias weight each); 0 for none. */
export function sentenceScore(t: DocTerms, st: SentenceTerms, k: number, q: IdQuery, vocab: Vocabulary): number {
  const from = st.starts[k]!;
  const to = st.ends[k]!;
  let score = 0;
  for (const slot of q.slots) {
    let best = 0;
    for (const alt of slot) {
      if (alt.weight > best && occursIn(t, st, from, to, alt.ids, alt.acronym)) best = alt.weight;
    }
    score += best;
  }
  if (score === 0) return 0;
  if (q.whole && occursIn(t, st, from, to, q.whole, false)) score += WHOLE_PHRASE_BONUS;
  // Sentences that are mostly the topic word and little else say less.
  let content = 0;
  for (let p = from; p < to; p++) if (!vocab.stop[t.ids[p]!]) content++;
  return score + Math.min(content, 20) / 100;
}

/** Indices of the one or two body sentences that say most about the topic, in document order; none if none mention it. */
export function topicSentenceIndices(t: DocTerms, st: SentenceTerms, q: IdQuery, vocab: Vocabulary, max = TOPIC_SENTENCES): number[] {
  const scored: { i: number; score: number }[] = [];
  for (let i = 0; i < st.starts.length; i++) {
    const s = sentenceScore(t, st, i, q, vocab);
    // News leads carry the essentials: among equal mentions, the earlier sentence wins.
    if (s > 0) scored.push({ i, score: s + LEAD_PRIOR / (1 + i) });
  }
  return scored
    .sort((a, b) => b.score - a.score || a.i - b.i)
    .slice(0, max)
    .map((x) => x.i)
    .sort((a, b) => a - b);
}
