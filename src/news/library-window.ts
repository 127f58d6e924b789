import type { NewsDocument, Summary } from './types.js';
import type { StoredDocument } from './archive-api.js';
import { analyze, type DocTerms, type Vocabulary } from './terms.js';
import { unpackTerms } from './packed-terms.js';
import { SearchIndex, type Hit } from './search.js';
import { shingleHashes } from './duplicates.js';
import type { TopicQuery } from './query.js';

/**
 * The documents a library keeps in memory, indexed for /brief and digests, maintained one
 * document at a time: adding appends to the index, removing takes a document out of answers at
 * once and leaves its postings behind until enough have piled up to rebuild (amortized, from the
 * analyses already made, never by re-reading or re-summarizing anything).
 */

export interface Entry {
  doc: NewsDocument;
  summary: Summary;
  terms: DocTerms;
  shingles: Uint32Array;
}

export function makeEntry(doc: NewsDocument, summary: Summary, vocab: Vocabulary, terms: DocTerms = analyze(doc, vocab)): Entry {
  return { doc, summary, terms, shingles: shingleHashes(terms) };
}

/** The entry of a stored document: from its stored analysis, or (stored without one) by analyzing its text. */
export function entryOf(s: StoredDocument, vocab: Vocabulary): Entry {
  return makeEntry(s.doc, s.summary, vocab, s.terms ? unpackTerms(s.terms, vocab) : analyze(s.doc, vocab));
}

/** Removed documents tolerated in the index before it is rebuilt from the live ones. */
const MIN_DEAD_BEFORE_REBUILD = 1000;

export class RecentWindow {
  private entries: (Entry | undefined)[] = [];
  private byId = new Map<string, number>();
  private index: SearchIndex;
  private newestFirst: number[] | undefined;
  private dead = 0;
  /**
   * Document numbers as a binary heap, the oldest on top (the one latest() lists last), so a
   * full window finds what to drop without sorting itself on every document that comes in.
   * Removed documents stay in it (ordered by the time they had) until they reach the top or the
   * window is rebuilt.
   */
  private heap: number[] = [];
  /** Publication time per document number, kept after removal for the heap's order. */
  private times: number[] = [];

  constructor(
    readonly vocab: Vocabulary,
    /** Most documents kept; past it the oldest leave (they stay in the archive). */
    private readonly cap = Infinity,
    initial: readonly Entry[] = [],
  ) {
    this.index = new SearchIndex(
      initial.map((e) => e.doc),
      initial.map((e) => e.terms),
      vocab,
    );
    initial.forEach((e, d) => {
      this.entries.push(e);
      this.byId.set(e.doc.id, d);
    });
    this.reheap();
  }

  get size(): number {
    return this.byId.size;
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  get(id: string): Entry | undefined {
    const d = this.byId.get(id);
    return d === undefined ? undefined : this.entries[d];
  }

  entry(d: number): Entry {
    return this.entries[d]!;
  }

  /** The oldest publication time kept when the window is full (documents older would not stay). */
  private floor(): number {
    if (this.byId.size < this.cap) return -Infinity;
    const d = this.oldest();
    return d === undefined ? -Infinity : time(this.entries[d]!.doc);
  }

  /** Oldest first; among equals, the one added last (latest() breaks ties by order of adding). */
  private before(a: number, b: number): boolean {
    const ta = this.times[a]!;
    const tb = this.times[b]!;
    return ta < tb || (ta === tb && a > b);
  }

  /** The oldest document in the window (its number), after dropping removed ones off the top. */
  private oldest(): number | undefined {
    const h = this.heap;
    while (h.length > 0 && this.entries[h[0]!] === undefined) this.pop();
    return h[0];
  }

  private push(d: number): void {
    const h = this.heap;
    let i = h.push(d) - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(h[i]!, h[parent]!)) break;
      [h[i], h[parent]] = [h[parent]!, h[i]!];
      i = parent;
    }
  }

  private pop(): void {
    const h = this.heap;
    const last = h.pop()!;
    if (h.length === 0) return;
    h[0] = last;
    for (let i = 0; ; ) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && this.before(h[l]!, h[m]!)) m = l;
      if (r < h.length && this.before(h[r]!, h[m]!)) m = r;
      if (m === i) break;
      [h[i], h[m]] = [h[m]!, h[i]!];
      i = m;
    }
  }

  private reheap(): void {
    this.heap = [];
    this.times = this.entries.map((e) => (e ? time(e.doc) : 0));
    this.entries.forEach((e, d) => {
      if (e) this.push(d);
    });
  }

  /** Adds a document (a known id is left as it is); false when it is too old for a full window. */
  add(e: Entry): boolean {
    if (this.byId.has(e.doc.id)) return true;
    if (time(e.doc) < this.floor()) return false;
    const d = this.index.add(e.doc, e.terms);
    this.entries[d] = e;
    this.byId.set(e.doc.id, d);
    this.times[d] = time(e.doc);
    this.push(d);
    this.newestFirst = undefined;
    if (this.byId.size > this.cap) this.evictOldest(this.byId.size - this.cap);
    return true;
  }

  remove(id: string): boolean {
    const d = this.byId.get(id);
    if (d === undefined) return false;
    this.byId.delete(id);
    this.index.remove(d);
    this.entries[d] = undefined;
    this.newestFirst = undefined;
    this.dead++;
    // A quarter of the live ones: removed documents' postings are memory the window does not bound otherwise.
    if (this.dead > Math.max(MIN_DEAD_BEFORE_REBUILD, this.byId.size / 4)) this.rebuild();
    return true;
  }

  /** Drops documents published before `ms` (they stay in the archive); returns how many. */
  dropOlderThan(ms: number): number {
    let n = 0;
    for (let d = this.oldest(); d !== undefined && time(this.entries[d]!.doc) < ms; d = this.oldest()) {
      this.remove(this.entries[d]!.doc.id);
      n++;
    }
    return n;
  }

  private evictOldest(n: number): void {
    for (let k = 0; k < n; k++) {
      const d = this.oldest();
      if (d === undefined) return;
      this.remove(this.entries[d]!.doc.id);
    }
  }

  private rebuild(): void {
    const live = this.entries.filter((e): e is Entry => e !== undefined);
    this.index = new SearchIndex(
      live.map((e) => e.doc),
      live.map((e) => e.terms),
      this.vocab,
    );
    this.entries = live;
    this.byId = new Map(live.map((e, d) => [e.doc.id, d]));
    this.newestFirst = undefined;
    this.dead = 0;
    this.reheap();
  }

  search(q: TopicQuery, now: Date): Hit[] {
    return this.index.search(q, now);
  }

  /** Document numbers, newest first (kept until the next change). */
  latest(): number[] {
    this.newestFirst ??= this.index.latest();
    return this.newestFirst;
  }

  /** The documents in the window. */
  documents(): NewsDocument[] {
    return this.latest().map((d) => this.entries[d]!.doc);
  }
}

/** Publication time in ms; undated documents count as the oldest there are. */
export function time(doc: NewsDocument): number {
  return doc.publishedAt?.getTime() ?? 0;
}
