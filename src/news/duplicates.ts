import type { NewsDocument } from './types.js';
import { tokenize } from './sentences.js';

/**
 * Near-duplicate detection: word 3-gram shingles of the title and lead, compared by Jaccard
 * similarity. Two wire copies of one story share most of their opening, whatever the edits.
 */

const LEAD_WORDS = 80;
export const DUPLICATE_JACCARD = 0.5;

export function shingles(doc: NewsDocument): Set<string> {
  const words = tokenize(`${doc.title}\n${doc.text.slice(0, 1200)}`).slice(0, LEAD_WORDS);
  const out = new Set<string>();
  for (let i = 0; i + 3 <= words.length; i++) out.add(`${words[i]} ${words[i + 1]} ${words[i + 2]}`);
  if (out.size === 0 && words.length > 0) out.add(words.join(' '));
  return out;
}

export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  const [small, big] = a.size < b.size ? [a, b] : [b, a];
  let shared = 0;
  for (const s of small) if (big.has(s)) shared++;
  return shared / (a.size + b.size - shared);
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
  shinglesOf: (doc: number) => ReadonlySet<string>,
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
