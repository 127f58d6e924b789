import type { TopicQuery } from './query.js';
import { queryTermIds, type DocTerms, type SentenceTerms, type Vocabulary } from './terms.js';
import { normalizeToken, stem } from './sentences.js';
import { NO_ASSOCIATIONS, associationWeights, countAssociations, type Associations } from './associations.js';
import { aroundIds, insideName, type IdAround } from './metonyms.js';

/**
 * Which sentences of a document speak to a topic, scored on the term ids the library computed
 * when it was built (no tokenizing at query time).
 */

/** Sentences per story when a topic is given. */
export const TOPIC_SENTENCES = 2;
/** What holding the whole multi-word topic, adjacent, adds. */
const WHOLE_PHRASE_BONUS = 0.5;

interface IdAlternative {
  /** Term ids in order, adjacent; for an acronym, its one id, matched only where written as one. */
  ids: readonly number[];
  acronym: boolean;
  weight: number;
  /** Names a one-word alternative does not count inside ("house" in "White House"). */
  notIn: readonly IdAround[];
}

/** A topic in term ids: per slot its alternatives (those the vocabulary cannot hold are left out). */
export interface IdQuery {
  slots: IdAlternative[][];
  /** The whole topic as a phrase, when it has several slots and every word is known. */
  whole: readonly number[] | undefined;
  /**
   * Words that go with the topic across the library: the main words of the best-matching stories
   * (pseudo-relevance feedback), each with a weight up to 1. Empty without feedback stories.
   */
  feedback: ReadonlyMap<number, number>;
  /** Words that go with the topic across the matching stories, by document co-occurrence. */
  associations: Associations;
}

/** How many of the best-matching stories lend their words to the topic. */
export const FEEDBACK_DOCS = 10;
const FEEDBACK_TERMS = 40;

/**
 * Scratch arrays by term id for feedbackTerms, grown with the vocabulary and cleared after each
 * use through the list of ids touched: Maps here were a tenth of a briefing's CPU time.
 */
let fbSum = new Float64Array(0);
let fbTf = new Int32Array(0);

function feedbackTerms(from: readonly DocTerms[], vocab: Vocabulary, queryIds: ReadonlySet<number>): Map<number, number> {
  if (fbSum.length < vocab.size) {
    fbSum = new Float64Array(Math.max(vocab.size, fbSum.length * 2, 1024));
    fbTf = new Int32Array(fbSum.length);
  }
  const sum = fbSum;
  const tf = fbTf;
  const touched: number[] = [];
  const inDoc: number[] = [];
  for (const t of from.slice(0, FEEDBACK_DOCS)) {
    inDoc.length = 0;
    let len = 0;
    // A huge document's feedback comes from its lead, so a query costs the same whatever its size.
    for (const id of queryTermIds(t)) {
      if (id < 0 || vocab.stop[id] || queryIds.has(id)) continue;
      if (tf[id] === 0) inDoc.push(id);
      tf[id]!++;
      len++;
    }
    for (const id of inDoc) {
      if (sum[id] === 0) touched.push(id);
      sum[id]! += tf[id]! / len;
      tf[id] = 0;
    }
  }
  // The FEEDBACK_TERMS best by share × rarity, ties in order of first sight.
  const top: [number, number][] = [];
  for (const id of touched) {
    const v = sum[id]! * vocab.idf(id);
    sum[id] = 0;
    if (top.length === FEEDBACK_TERMS && v <= top[top.length - 1]![1]) continue;
    let at = top.length;
    while (at > 0 && top[at - 1]![1] < v) at--;
    top.splice(at, 0, [id, v]);
    if (top.length > FEEDBACK_TERMS) top.pop();
  }
  const best = top[0]?.[1] ?? 1;
  return new Map(top.map(([id, v]) => [id, v / best]));
}

export function compileTopic(
  q: TopicQuery,
  vocab: Vocabulary,
  feedbackFrom: readonly DocTerms[] = [],
  associationFrom: readonly DocTerms[] = [],
  w: Pick<TopicSentenceWeights, 'feedback' | 'association'> = topicWeights,
): IdQuery {
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
      const notIn = alt.kind === 'phrase' ? aroundIds(alt.notIn, (s) => vocab.find(s)) : [];
      if (ids && ids.length > 0) alts.push({ ids, acronym: alt.kind === 'acronym', weight: alt.weight, notIn });
    }
    return alts;
  });
  const whole = q.slots.length > 1 && q.phrase.length > 1 ? idsOf(q.phrase) : undefined;
  const queryIds = new Set<number>();
  for (const slot of slots) for (const alt of slot) for (const id of alt.ids) queryIds.add(id);
  return {
    slots,
    whole,
    feedback: feedbackFrom.length > 0 && w.feedback !== 0 ? feedbackTerms(feedbackFrom, vocab, queryIds) : new Map(),
    // Counted only when they count: a pass over the best stories' words is most of compiling.
    associations: associationFrom.length > 0 && w.association !== 0 ? countAssociations(associationFrom, vocab, queryIds) : NO_ASSOCIATIONS,
  };
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

/**
 * How often `seq` occurs in ids[from, to): only where written as an acronym, for an acronym, and
 * not inside the names `notIn`.
 */
function countIn(t: DocTerms, st: SentenceTerms, from: number, to: number, seq: readonly number[], acronym: boolean, notIn: readonly IdAround[] = []): number {
  const ids = t.ids;
  let n = 0;
  outer: for (let p = from; p + seq.length <= to; p++) {
    if (ids[p] !== seq[0]) continue;
    for (let k = 1; k < seq.length; k++) if (ids[p + k] !== seq[k]) continue outer;
    if (acronym && !isAcronymAt(st.acronymAt, p)) continue;
    if (notIn.length > 0 && insideName(ids, p, notIn)) continue;
    n++;
  }
  return n;
}

function occursIn(t: DocTerms, st: SentenceTerms, from: number, to: number, seq: readonly number[], acronym: boolean): boolean {
  return countIn(t, st, from, to, seq, acronym) > 0;
}

/**
 * How the sentences shown for a topic are chosen. A sentence that names the topic is where the
 * answer starts, but in a story that names it six times those six tie; what tells them apart is
 * what this article says *with* the topic: the other words of the sentences that name it,
 * weighted by how rare they are across the library (words every story uses say nothing). Every
 * sentence is then scored by those words too, so the second sentence may be one that carries on
 * about the topic without repeating its name. What tells a story's sentences about the topic from
 * those about its other themes best is the words that go with the topic across the library
 * (associations.ts); naming the topic, the lead and the story's main words predict a summary of
 * either theme about as well. The weights are a least-squares fit of each sentence's ROUGE-2
 * against the asked topic's summary minus 0.9 × against the other topic's, over the NEWTS articles
 * at even places, without the story's main words (which the fit weighs below zero: they are in a
 * summary of either theme, but a story about one thing is about its main words) or the feedback
 * words (which the fit weighs at about nothing): `npx tsx scripts/eval/fit-topic.ts --without
 * centroid,feedback --fit 0.9`. 0.9 is the most focused fit that keeps ROUGE-2 against the asked
 * topic's summary on that half, in both the eval's libraries.
 */
export interface TopicSentenceWeights {
  /** Naming the topic (its slots, each at its best alias's weight). */
  direct: number;
  /** What each further mention in the sentence adds to naming it (two at most). */
  repeat: number;
  /** The topic's companion words in this article, weighted by rarity. */
  context: number;
  /** The topic's companion words across the library's best-matching stories. */
  feedback: number;
  /** The words that go with the topic across the library's matching stories (lift over chance). */
  association: number;
  /** The article's own main words (frequency × rarity), which a summary of any topic shares. */
  centroid: number;
  /** 1/√(1 + position): news puts the essentials first. */
  lead: number;
  /** A sentence with more than this share of its words in one already shown is skipped. */
  redundancy: number;
  /** A sentence not naming the topic needs this many content words to fill in ("Watch the video." does not). */
  minContentWords: number;
  /** How far the companion words of a naming sentence reach: its neighbours count this much. */
  neighbour: number;
  /** Sentences shown per story. */
  sentences: number;
  /** Whether every sentence naming the topic outranks every sentence that does not. */
  preferNaming: boolean;
  /** Whether the best sentence naming the topic is always shown. */
  firstNames: boolean;
  /** No further sentence once the shown ones pass this many characters. */
  charBudget: number;
}

export const topicWeights: TopicSentenceWeights = {
  direct: 0.268,
  repeat: 0.3,
  context: 0.529,
  feedback: 0,
  association: 1,
  centroid: 0,
  lead: 0.161,
  redundancy: 0.6,
  minContentWords: 4,
  neighbour: 0,
  sentences: TOPIC_SENTENCES,
  preferNaming: false,
  firstNames: true,
  charBudget: 600,
};

/** Per body sentence: how strongly it names the topic (0: not at all). */
function directScores(t: DocTerms, st: SentenceTerms, q: IdQuery, repeat: number): Float64Array {
  const n = st.starts.length;
  const out = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const from = st.starts[k]!;
    const to = st.ends[k]!;
    let score = 0;
    for (const slot of q.slots) {
      let best = 0;
      let times = 0;
      for (const alt of slot) {
        if (alt.weight <= best) continue;
        const c = countIn(t, st, from, to, alt.ids, alt.acronym, alt.notIn);
        if (c > 0) {
          best = alt.weight;
          times = c;
        }
      }
      // Saying it again says a little more (a sentence about it, not one that mentions it).
      score += best * (1 + repeat * Math.min(2, times - 1));
    }
    if (score > 0 && q.whole && occursIn(t, st, from, to, q.whole, false)) score += WHOLE_PHRASE_BONUS;
    out[k] = score;
  }
  return out;
}

function maxOf(xs: Float64Array): number {
  let m = 1e-9;
  for (const x of xs) if (x > m) m = x;
  return m;
}

/**
 * What topicSentenceIndices scores each body sentence on, each scaled to at most 1 over the
 * story's sentences (`lead` is 1/√(1 + position)), and each sentence's distinct content words.
 * Undefined when no sentence names the topic.
 */
export interface SentenceFeatures {
  direct: Float64Array;
  context: Float64Array;
  feedback: Float64Array;
  association: Float64Array;
  centroid: Float64Array;
  lead: Float64Array;
  words: Set<number>[];
}

export function topicSentenceFeatures(
  t: DocTerms,
  st: SentenceTerms,
  q: IdQuery,
  vocab: Vocabulary,
  w: Pick<TopicSentenceWeights, 'repeat' | 'neighbour'> = topicWeights,
): SentenceFeatures | undefined {
  const n = st.starts.length;
  if (n === 0) return undefined;
  const direct = directScores(t, st, q, w.repeat);
  if (!direct.some((d) => d > 0)) return undefined;
  const ids = t.ids;
  const queryIds = new Set<number>();
  for (const slot of q.slots) for (const alt of slot) for (const id of alt.ids) queryIds.add(id);
  const content = (id: number): boolean => id >= 0 && !vocab.stop[id] && !queryIds.has(id);

  // The companion words: the content words near each mention, by how strongly it names the topic.
  const companion = new Map<number, number>();
  const docTf = new Map<number, number>();
  const addWords = (k: number, weight: number): void => {
    const seen = new Set<number>();
    for (let p = st.starts[k]!; p < st.ends[k]!; p++) {
      const id = ids[p]!;
      if (!content(id) || seen.has(id)) continue;
      seen.add(id);
      companion.set(id, (companion.get(id) ?? 0) + weight);
    }
  };
  for (let k = 0; k < n; k++) {
    for (let p = st.starts[k]!; p < st.ends[k]!; p++) {
      const id = ids[p]!;
      if (content(id)) docTf.set(id, (docTf.get(id) ?? 0) + 1);
    }
    if (direct[k]! === 0) continue;
    addWords(k, direct[k]!);
    if (w.neighbour > 0) {
      if (k > 0) addWords(k - 1, w.neighbour * direct[k]!);
      if (k + 1 < n) addWords(k + 1, w.neighbour * direct[k]!);
    }
  }

  const ctx = new Float64Array(n);
  const cen = new Float64Array(n);
  const fb = new Float64Array(n);
  const as = new Float64Array(n);
  const lead = new Float64Array(n);
  const lift = associationWeights(q.associations, t, vocab);
  const words: Set<number>[] = [];
  for (let k = 0; k < n; k++) {
    const distinct = new Set<number>();
    for (let p = st.starts[k]!; p < st.ends[k]!; p++) if (content(ids[p]!)) distinct.add(ids[p]!);
    words.push(distinct);
    let c = 0;
    let f = 0;
    let g = 0;
    let l = 0;
    for (const id of distinct) {
      g += q.feedback.get(id) ?? 0;
      l += lift(id);
      const idf = vocab.idf(id);
      c += (companion.get(id) ?? 0) * idf;
      // A word said once in the article is no main word of it.
      const tf = docTf.get(id) ?? 0;
      if (tf > 1) f += Math.log(tf) * idf;
    }
    // Per √words, so a long sentence does not win on length alone.
    const norm = Math.sqrt(Math.max(1, distinct.size));
    ctx[k] = c / norm;
    cen[k] = f / norm;
    fb[k] = g / norm;
    as[k] = l / norm;
    lead[k] = 1 / Math.sqrt(1 + k);
  }
  for (const xs of [direct, ctx, cen, fb, as]) {
    const m = maxOf(xs);
    for (let k = 0; k < n; k++) xs[k] = xs[k]! / m;
  }
  return { direct, context: ctx, feedback: fb, association: as, centroid: cen, lead, words };
}

/**
 * Indices of the body sentences to show for the topic (up to `max`, in document order): the best
 * sentence naming it first, then the best of the rest that does not repeat it. None when no
 * sentence names the topic (the story then shows its key points).
 */
export function topicSentenceIndices(
  t: DocTerms,
  st: SentenceTerms,
  q: IdQuery,
  vocab: Vocabulary,
  w: TopicSentenceWeights = topicWeights,
): number[] {
  if (w.sentences <= 0) return [];
  const f = topicSentenceFeatures(t, st, q, vocab, w);
  return f ? pickSentences(f, st, w) : [];
}

/** The sentences to show, by the weights, from the features. */
export function pickSentences(f: SentenceFeatures, st: SentenceTerms, w: TopicSentenceWeights = topicWeights): number[] {
  const { direct, words } = f;
  const n = direct.length;
  const scores: { i: number; score: number }[] = [];
  for (let k = 0; k < n; k++) {
    if (direct[k]! === 0 && words[k]!.size < w.minContentWords) continue;
    const score =
      w.direct * direct[k]! +
      w.context * f.context[k]! +
      w.centroid * f.centroid[k]! +
      w.feedback * f.feedback[k]! +
      w.association * f.association[k]! +
      w.lead * f.lead[k]!;
    scores.push({ i: k, score });
  }
  // Sentences naming the topic come first; the others fill in when too few do.
  const naming = (k: number): number => (w.preferNaming && direct[k]! > 0 ? 1 : 0);
  scores.sort((a, b) => naming(b.i) - naming(a.i) || b.score - a.score || a.i - b.i);

  const picked: number[] = [];
  const repeats = (k: number): boolean =>
    picked.some((j) => {
      const mine = words[k]!;
      if (mine.size === 0) return true;
      let shared = 0;
      for (const id of mine) if (words[j]!.has(id)) shared++;
      return shared / mine.size > w.redundancy;
    });
  // The first sentence picked names the topic, unless the weights say the best one goes first;
  // the picks are shown in the article's order.
  const first = (w.firstNames ? scores.find((s) => direct[s.i]! > 0) : scores[0]) ?? { i: direct.findIndex((d) => d > 0) };
  picked.push(first.i);
  const length = (k: number): number => st.ends[k]! - st.starts[k]!;
  let used = length(first.i);
  for (const s of scores) {
    if (picked.length >= w.sentences) break;
    if (picked.includes(s.i) || repeats(s.i)) continue;
    // Budgeted in tokens (about six characters each): the text is not at hand here.
    if ((used + length(s.i)) * 6 > w.charBudget) continue;
    picked.push(s.i);
    used += length(s.i);
  }
  return picked.sort((a, b) => a - b);
}
