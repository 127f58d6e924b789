import { BREAK, type DocTerms } from './terms.js';

/**
 * Near-duplicate detection: word 3-gram shingles of the title and lead, compared by Jaccard
 * similarity. Two wire copies of one story share most of their opening, whatever the edits.
 * Shingles are hashed to numbers when the library is built, so a briefing only merges sorted
 * arrays instead of tokenizing documents again.
 */

const LEAD_WORDS = 80;
export const DUPLICATE_JACCARD = 0.5;

function mix(h: number, id: number): number {
  return Math.imul(h ^ id, 0x9e3779b1) ^ (h >>> 15);
}

/** Hashes of the 3-grams of term ids among the first words of title and body, sorted, distinct. */
export function shingleHashes(terms: DocTerms): Uint32Array {
  const words: number[] = [];
  for (let p = 0; p < terms.ids.length && words.length < LEAD_WORDS; p++) {
    const id = terms.ids[p]!;
    if (id !== BREAK) words.push(id);
  }
  const out: number[] = [];
  for (let i = 0; i + 3 <= words.length; i++) out.push(mix(mix(mix(0x811c9dc5, words[i]!), words[i + 1]!), words[i + 2]!) >>> 0);
  // Too short for a 3-gram: the whole text is its one shingle.
  if (out.length === 0 && words.length > 0) out.push(words.reduce(mix, 0x811c9dc5) >>> 0);
  const sorted = Uint32Array.from(out).sort();
  let n = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[n - 1]) sorted[n++] = sorted[i]!;
  return sorted.slice(0, n);
}

/** Jaccard similarity of two sorted, distinct hash arrays. */
export function jaccard(a: Uint32Array, b: Uint32Array): number {
  if (a.length === 0 && b.length === 0) return 1;
  let i = 0;
  let j = 0;
  let shared = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) {
      shared++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return shared / (a.length + b.length - shared);
}

export interface Cluster {
  head: number;
  members: number[];
}

/**
 * Groups ranked documents into stories: each document joins the first story whose lead
 * document it nearly duplicates, else starts one. Stops at `limit` stories, but looks a little
 * further down the list for late duplicates of the stories it has.
 */
export function clusterRanked(
  ranked: readonly number[],
  limit: number,
  shinglesOf: (doc: number) => Uint32Array,
  lookahead = Math.max(10, limit * 3),
): Cluster[] {
  const clusters: Cluster[] = [];
  let extra = 0;
  for (const d of ranked) {
    const own = shinglesOf(d);
    const home = clusters.find((c) => jaccard(own, shinglesOf(c.head)) >= DUPLICATE_JACCARD);
    if (home) home.members.push(d);
    else if (clusters.length < limit) clusters.push({ head: d, members: [] });
    if (clusters.length >= limit && ++extra > lookahead) break;
  }
  return clusters;
}
