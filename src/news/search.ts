import type { NewsDocument } from './types.js';
import { BREAK, queryTermIds, type DocTerms, type TermLookup } from './terms.js';
import { stem, tokenize } from './sentences.js';
import type { Alternative, TopicQuery } from './query.js';
import { clippedForms } from './forms.js';
import { aroundIds, insideName, type IdAround } from './metonyms.js';

/**
 * The topic index: BM25 over stems of the body, lead occurrences weighing more, the headline as a
 * field of its own, phrases checked by adjacency, tags as a match of their own, and recency as a
 * mild tie-breaker. Everything a query needs is precomputed here, so a query only walks posting
 * lists.
 */

const K1 = 1.2;
const B = 0.75;
const LEAD_WEIGHT = 3;
/**
 * What naming a word in the headline adds to its body score (whose BM25 part saturates at
 * K1 + 1 = 2.2): a story that repeats a word fifteen times in its body does not tie with one
 * whose headline is about it.
 */
const HEADLINE_SCORE = 2;
/**
 * What naming a word in the lead (the body's first LEAD_TOKENS) adds: a story is about what its
 * opening says, more than about what its body repeats ("religious" in the first sentence beats
 * "religion" twice in passing).
 */
const LEAD_SCORE = 1.2;
/** Tagged documents rank before any text match ("/brief sport" lists sport first). */
const TAG_BONUS = 1000;
/**
 * A multi-word topic ranks the words as a phrase ("george zimmerman", adjacent) first, then all
 * the words apart, then stories with only the rarer words ("Zimmerman verdict"), by weighing
 * the relevance: hard tiers would put a phrase said once deep in a body above a headline naming
 * the subject ("Bush" over "George Bush" in passing). A story with only some of the words scores
 * what those words score, no less: "surveillance" in a headline and lead says more about "NSA
 * surveillance" than both words deep in a body.
 */
const PHRASE_BOOST = 1.5;
/** A story with only some of the words must hold this share of the topic's rarity (idf). */
const PARTIAL_SHARE = 0.4;
/** At most this much is added for recency (a story from today vs. one from long ago). */
const RECENCY_SHARE = 0.1;
const RECENCY_HALF_LIFE_DAYS = 7;

/** How tags and topics are compared: words, folded and stemmed. */
export function tagKey(text: string): string {
  return tokenize(text).map(stem).join(' ');
}

/**
 * The tag keys a topic may name, the likeliest first: itself, then itself without a trailing
 * "news", since categories are called "X news" as often as "X" ("US news" is the category "us").
 */
export function topicTagKeys(topic: string): string[] {
  const key = tagKey(topic);
  if (key === '') return [];
  const bare = key.endsWith(' new') ? key.slice(0, -' new'.length) : '';
  return bare === '' ? [key] : [key, bare];
}

export interface Hit {
  doc: number;
  score: number;
}

export class SearchIndex {
  private readonly postingDocs: number[][] = [];
  private readonly postingTf: number[][] = [];
  /** Per term id: the documents whose headline holds it, ascending. */
  private readonly titleDocs: number[][] = [];
  /** Per term id: the documents whose lead holds it, ascending. */
  private readonly leadDocs: number[][] = [];
  private readonly acronymPostings = new Map<string, { docs: number[]; tf: number[] }>();
  private readonly tagDocs = new Map<string, number[]>();
  private readonly lengths: number[] = [];
  private totalLength = 0;
  private readonly times: number[] = [];
  private readonly docs: (NewsDocument | undefined)[] = [];
  private readonly terms: (DocTerms | undefined)[] = [];
  /** 1 for a document in the index, 0 for one removed (its postings stay until the owner rebuilds). */
  private alive = new Uint8Array(0);
  private live = 0;
  /** Per term id: the last document that added it (so a document posts each term once). */
  private lastDoc = new Int32Array(0);
  /**
   * Per-document scratch arrays for search(), allocated once (and grown): a query at 21,000
   * documents would otherwise leave half a megabyte of garbage behind. search() is synchronous,
   * so one set serves.
   */
  private scratch = { total: new Float64Array(0), slot: new Float64Array(0), matched: new Uint8Array(0), tagged: new Uint8Array(0), rarity: new Float64Array(0) };

  constructor(
    docs: readonly NewsDocument[],
    terms: readonly DocTerms[],
    private readonly vocab: TermLookup,
  ) {
    this.reserve(docs.length);
    for (let d = 0; d < docs.length; d++) this.add(docs[d]!, terms[d]!);
  }

  private reserve(n: number): void {
    if (n <= this.alive.length) return;
    const size = Math.max(n, this.alive.length * 2, 16);
    const alive = new Uint8Array(size);
    alive.set(this.alive);
    this.alive = alive;
    this.scratch = {
      total: new Float64Array(size),
      slot: new Float64Array(size),
      matched: new Uint8Array(size),
      tagged: new Uint8Array(size),
      rarity: new Float64Array(size),
    };
  }

  /** Adds a document; returns its number in this index (documents are numbered in order of adding). */
  add(doc: NewsDocument, t: DocTerms): number {
    const d = this.docs.length;
    this.reserve(d + 1);
    if (this.lastDoc.length < this.vocab.size) {
      const grown = new Int32Array(Math.max(this.vocab.size, this.lastDoc.length * 2)).fill(-1);
      grown.set(this.lastDoc);
      this.lastDoc = grown;
    }
    const lastDoc = this.lastDoc;
    const vocab = this.vocab;
    this.docs.push(doc);
    this.terms.push(t);
    // Undated documents count as old: recency must never favour a document whose date is unknown.
    this.times.push(doc.publishedAt?.getTime() ?? 0);
    let len = 0;
    for (let p = 0; p < t.ids.length; p++) {
      const id = t.ids[p]!;
      if (id === BREAK || vocab.stop[id]) continue;
      if (p < t.titleEnd) {
        const list = (this.titleDocs[id] ??= []);
        if (list[list.length - 1] !== d) list.push(d);
        // The headline is its own field: it also counts once in the body's frequencies, so
        // a story whose body barely names its headline's subject still matches it.
      } else if (p < t.leadEnd) {
        const list = (this.leadDocs[id] ??= []);
        if (list[list.length - 1] !== d) list.push(d);
      }
      const w = p < t.titleEnd ? 1 : p < t.leadEnd ? LEAD_WEIGHT : 1;
      len += w;
      if (lastDoc[id] !== d) {
        lastDoc[id] = d;
        (this.postingDocs[id] ??= []).push(d);
        (this.postingTf[id] ??= []).push(w);
      } else {
        const tf = this.postingTf[id]!;
        tf[tf.length - 1]! += w;
      }
    }
    this.lengths.push(len);
    this.totalLength += len;
    for (const [a, count] of t.acronyms) {
      let post = this.acronymPostings.get(a);
      if (!post) this.acronymPostings.set(a, (post = { docs: [], tf: [] }));
      post.docs.push(d);
      post.tf.push(count);
    }
    for (const tag of doc.tags) {
      const key = tagKey(tag);
      if (key === '') continue;
      let list = this.tagDocs.get(key);
      if (!list) this.tagDocs.set(key, (list = []));
      if (list[list.length - 1] !== d) list.push(d);
    }
    this.alive[d] = 1;
    this.live++;
    return d;
  }

  /** Takes document d out of every answer at once; its postings are skipped until a rebuild. */
  remove(d: number): void {
    if (!this.alive[d]) return;
    this.alive[d] = 0;
    this.live--;
    this.totalLength -= this.lengths[d]!;
    this.docs[d] = undefined;
    this.terms[d] = undefined;
  }

  private get avgLength(): number {
    return this.live > 0 ? this.totalLength / this.live : 1;
  }

  get size(): number {
    return this.live;
  }

  /**
   * Documents tagged with this topic, compared word by word and stemmed ("world news" finds
   * "world-news", "sports" finds "sport"); with no such tag, "US news" finds the tag "us".
   */
  tagged(topic: string): readonly number[] {
    const keys = topicTagKeys(topic);
    for (const key of keys) {
      const docs = this.tagDocs.get(key);
      if (docs) return this.live === this.docs.length ? docs : docs.filter((d) => this.alive[d]);
    }
    // A tag may be the word cut short ("tech" for "technology").
    const word = keys[0];
    if (word === undefined || word.includes(' ')) return [];
    for (const key of clippedForms(word)) {
      const docs = this.tagDocs.get(key);
      if (docs) return this.live === this.docs.length ? docs : docs.filter((d) => this.alive[d]);
    }
    return [];
  }

  private idf(df: number): number {
    const n = this.live;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  private norm(tf: number, d: number): number {
    return (tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * this.lengths[d]!) / this.avgLength));
  }

  /**
   * Raises `acc` (per document) to this alternative's weighted score where higher: the
   * length-normalized body frequency plus HEADLINE_SCORE when the headline holds it. A slot
   * counts its best alternative, so "People's Republic of China" does not count twice for
   * "china". The slot's idf is applied afterwards, once, for all its alternatives.
   */
  private scoreAlternative(alt: Alternative, acc: Float64Array): void {
    if (alt.kind === 'acronym') {
      const post = this.acronymPostings.get(alt.text);
      if (!post) return;
      post.docs.forEach((d, k) => (acc[d] = Math.max(acc[d]!, alt.weight * this.norm(post.tf[k]!, d))));
      return;
    }
    const ids = alt.stems.map((s) => this.vocab.find(s));
    if (ids.some((id) => id === undefined)) return;
    const termIds = ids as number[];
    const content = termIds.filter((id) => !this.vocab.stop[id]);
    if (termIds.length === 1 || content.length === 0) {
      const id = termIds[0]!;
      const docs = this.postingDocs[id];
      if (!docs) return;
      const tfs = this.postingTf[id]!;
      const inTitle = this.titleDocs[id] ?? [];
      const inLead = this.leadDocs[id] ?? [];
      const notIn = termIds.length === 1 ? aroundIds(alt.notIn, (s) => this.vocab.find(s)) : [];
      const mayName = notIn.length > 0 ? this.docsHoldingNames(notIn) : undefined;
      let t = 0;
      let l = 0;
      docs.forEach((d, k) => {
        while (t < inTitle.length && inTitle[t]! < d) t++;
        while (l < inLead.length && inLead[l]! < d) l++;
        if (mayName?.has(d)) {
          // Counted again without the occurrences inside the names ("White House" for house).
          const c = this.phraseCounts(d, termIds, notIn);
          if (c.title + c.body > 0) acc[d] = Math.max(acc[d]!, alt.weight * (this.norm(c.title + c.body, d) + (c.title > 0 ? HEADLINE_SCORE : 0) + (c.lead > 0 ? LEAD_SCORE : 0)));
          return;
        }
        const headline = t < inTitle.length && inTitle[t] === d ? HEADLINE_SCORE : 0;
        const lead = l < inLead.length && inLead[l] === d ? LEAD_SCORE : 0;
        acc[d] = Math.max(acc[d]!, alt.weight * (this.norm(tfs[k]!, d) + headline + lead));
      });
      return;
    }
    // A phrase: walk the rarest word's documents and count the adjacent occurrences.
    let rarest = content[0]!;
    for (const id of content) if ((this.postingDocs[id]?.length ?? 0) < (this.postingDocs[rarest]?.length ?? 0)) rarest = id;
    for (const d of this.postingDocs[rarest] ?? []) {
      const { title, body, lead } = this.phraseCounts(d, termIds);
      if (title + body > 0) acc[d] = Math.max(acc[d]!, alt.weight * (this.norm(title + body, d) + (title > 0 ? HEADLINE_SCORE : 0) + (lead > 0 ? LEAD_SCORE : 0)));
    }
  }

  /** The documents that may hold one of these names: those holding its rarest other word. */
  private docsHoldingNames(names: readonly IdAround[]): Set<number> {
    const out = new Set<number>();
    for (const { before, after } of names) {
      let rarest: number[] | undefined;
      for (const id of [...before, ...after]) {
        // Stop words have no postings: such a name is looked for in every document of the word.
        const docs = this.vocab.stop[id] ? undefined : (this.postingDocs[id] ?? []);
        if (docs && (!rarest || docs.length < rarest.length)) rarest = docs;
      }
      if (!rarest) return new Set(this.docs.keys());
      for (const d of rarest) out.add(d);
    }
    return out;
  }

  /**
   * Adjacent occurrences of `seq` in document `d`, not counting those inside the names `notIn`:
   * in its headline, and weighted in its body.
   */
  phraseCounts(d: number, seq: readonly number[], notIn: readonly IdAround[] = []): { title: number; body: number; lead: number } {
    const t = this.terms[d];
    if (!t) return { title: 0, body: 0, lead: 0 };
    // Bounded like every query-time read of a document, so a 2 MB text costs what an article does.
    const ids = queryTermIds(t);
    let title = 0;
    let body = 0;
    let lead = 0;
    outer: for (let p = 0; p + seq.length <= ids.length; p++) {
      if (ids[p] !== seq[0]) continue;
      for (let k = 1; k < seq.length; k++) if (ids[p + k] !== seq[k]) continue outer;
      if (notIn.length > 0 && insideName(ids, p, notIn)) continue;
      if (p < t.titleEnd) title++;
      else if (p < t.leadEnd) {
        body += LEAD_WEIGHT;
        lead++;
      } else body++;
    }
    return { title, body, lead };
  }

  /** Weighted count of adjacent occurrences of `seq` in document `d`. */
  phraseTf(d: number, seq: readonly number[]): number {
    const { title, body } = this.phraseCounts(d, seq);
    return title + body;
  }

  /**
   * Ranked matches, tagged documents first. A multi-word topic then ranks in tiers: the whole
   * phrase, all its words (all but one when there are three or more), then stories with only the
   * rarer words; within a tier, relevance, with recency as a mild multiplier.
   */
  search(q: TopicQuery, now: Date): Hit[] {
    const n = this.docs.length;
    const alive = this.alive;
    const { total, slot, matched: slotsMatched, tagged: isTagged, rarity } = this.scratch;
    total.fill(0, 0, n);
    slotsMatched.fill(0, 0, n);
    isTagged.fill(0, 0, n);
    rarity.fill(0, 0, n);
    let totalIdf = 0;
    for (const s of q.slots) {
      slot.fill(0, 0, n);
      for (const alt of s.alternatives) this.scoreAlternative(alt, slot);
      for (let d = 0; d < n; d++) if (!alive[d]) slot[d] = 0;
      // One idf for the slot: how rare the concept is (China in any of its names), not how rare
      // its rarest spelling is, so "USA" in a few documents does not outrank "United States".
      let df = 0;
      for (let d = 0; d < n; d++) if (slot[d]! > 0) df++;
      if (df === 0) continue;
      const idf = this.idf(df);
      totalIdf += idf;
      for (let d = 0; d < n; d++) {
        if (slot[d]! > 0) {
          total[d]! += idf * slot[d]!;
          slotsMatched[d]!++;
          rarity[d]! += idf;
        }
      }
    }
    // A word no document holds at all asks nothing of the ranking ("zimmerman verdcit").
    const need = q.slots.length >= 3 ? q.slots.length - 1 : q.slots.length;
    const tagged = q.folded === '' ? [] : this.tagged(q.folded);
    for (const d of tagged) isTagged[d] = 1;

    const phraseIds = q.phrase.map((s) => this.vocab.find(s));
    const checkPhrase = q.slots.length >= 2 && phraseIds.every((id) => id !== undefined);

    const hits: Hit[] = [];
    const nowMs = now.getTime();
    for (let d = 0; d < n; d++) {
      const all = need > 0 && slotsMatched[d]! >= need;
      const partial = !all && q.slots.length >= 2 && slotsMatched[d]! > 0 && rarity[d]! >= PARTIAL_SHARE * totalIdf;
      if ((!all && !partial && !isTagged[d]) || !alive[d]) continue;
      let score = all || partial ? total[d]! : 0;
      const ageDays = Math.max(0, (nowMs - this.times[d]!) / 86_400_000);
      score *= 1 + RECENCY_SHARE * Math.pow(0.5, ageDays / RECENCY_HALF_LIFE_DAYS);
      if (all && checkPhrase && this.phraseTf(d, phraseIds as number[]) > 0) score *= PHRASE_BOOST;
      if (isTagged[d]) score += TAG_BONUS;
      hits.push({ doc: d, score });
    }
    hits.sort((a, b) => b.score - a.score || this.times[b.doc]! - this.times[a.doc]!);
    return hits;
  }

  /** Every document, newest first. */
  latest(): number[] {
    const out: number[] = [];
    for (let d = 0; d < this.docs.length; d++) if (this.alive[d]) out.push(d);
    return out.sort((a, b) => this.times[b]! - this.times[a]! || a - b);
  }
}
