import { queryTermIds, type DocTerms, type Vocabulary } from './terms.js';

/**
 * Which words go with a topic across the library: document-level co-occurrence of every word
 * with the topic, against what its frequency alone predicts (lift, shrunk towards none).
 *
 * Measured on the stories that match the topic (the best-ranked ASSOCIATION_DOCS), at query time:
 * no table is kept, so there is nothing to maintain as documents arrive and leave, and memory is
 * bounded by the sample. The background rate comes from the vocabulary's document frequencies.
 * A one-word topic ("music") then brings its usual company ("album", "song", "singer"), which is
 * what tells a story's sentences about the topic from its sentences about something else.
 */

/** How many of the best-matching stories the associations are counted over. */
export const ASSOCIATION_DOCS = 50;
/** Shrinkage: counts this small say little (lift of (co + α) / (expected + α)). */
const ALPHA = 1;
/** A word must go with the topic in at least this many stories (besides the one being shown). */
const MIN_CO = 3;

export interface Associations {
  /** Per term id: in how many of the sample's stories it occurs (ids occurring in fewer than MIN_CO left out). */
  readonly co: ReadonlyMap<number, number>;
  /** The sample's stories. */
  readonly from: ReadonlySet<DocTerms>;
}

export const NO_ASSOCIATIONS: Associations = { co: new Map(), from: new Set() };

/** Scratch by term id: the sample story that last counted it (stamps, so nothing is cleared). */
let lastSeen = new Int32Array(0);
let stamp = 0;
let counts = new Int32Array(0);

export function countAssociations(from: readonly DocTerms[], vocab: Vocabulary, skip: ReadonlySet<number>): Associations {
  const sample = from.slice(0, ASSOCIATION_DOCS);
  if (sample.length === 0) return NO_ASSOCIATIONS;
  if (lastSeen.length < vocab.size) {
    lastSeen = new Int32Array(Math.max(vocab.size, lastSeen.length * 2, 1024));
    counts = new Int32Array(lastSeen.length);
    stamp = 0;
  }
  const touched: number[] = [];
  const stop = vocab.stop;
  for (const t of sample) {
    // Stamps are per story and never reused within a run of counts, then all reset together.
    if (++stamp >= 0x7fffffff) {
      lastSeen.fill(0);
      stamp = 1;
    }
    // The topic's own words are stamped up front: one check per token skips them and repeats.
    for (const id of skip) if (id >= 0 && id < lastSeen.length) lastSeen[id] = stamp;
    const ids = queryTermIds(t);
    for (let p = 0; p < ids.length; p++) {
      const id = ids[p]!;
      if (id < 0 || lastSeen[id] === stamp || stop[id]) continue;
      lastSeen[id] = stamp;
      if (counts[id] === 0) touched.push(id);
      counts[id]!++;
    }
  }
  const co = new Map<number, number>();
  for (const id of touched) {
    if (counts[id]! >= MIN_CO) co.set(id, counts[id]!);
    counts[id] = 0;
  }
  return { co, from: new Set(sample) };
}

/**
 * Weight of each word of story `t`, for scoring its sentences: ln((co + α) / (expected + α)), over
 * 0 only. When `t` is in the sample it is left out of it (its own words would otherwise look
 * associated with the topic because it holds them).
 */
export function associationWeights(a: Associations, t: DocTerms, vocab: Vocabulary): (id: number) => number {
  const self = a.from.has(t) ? 1 : 0;
  const h = a.from.size - self;
  const n = Math.max(1, vocab.analyzedDocs);
  if (h <= 0) return () => 0;
  return (id) => {
    const c = a.co.get(id);
    if (c === undefined) return 0;
    const co = c - self;
    if (co < MIN_CO) return 0;
    const expected = (h * (vocab.df[id] ?? 0)) / n;
    const lift = Math.log((co + ALPHA) / (expected + ALPHA));
    return lift > 0 ? lift : 0;
  };
}
