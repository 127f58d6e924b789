import type { NewsDocument, Summary } from './types.js';
import { analyze, type DocTerms, type Vocabulary } from './terms.js';
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

/** Removed documents tolerated in the index before it is rebuilt from the live ones. */
const MIN_DEAD_BEFORE_REBUILD = 1000;

export class RecentWindow {
  private entries: (Entry | undefined)[] = [];
  private byId = new Map<string, number>();
  private index: SearchIndex;
  private newestFirst: number[] | undefined;
  private dead = 0;

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
    const order = this.latest();
    return time(this.entries[order[order.length - 1]!]!.doc);
  }

  /** Adds a document (a known id is left as it is); false when it is too old for a full window. */
  add(e: Entry): boolean {
    if (this.byId.has(e.doc.id)) return true;
    if (time(e.doc) < this.floor()) return false;
    const d = this.index.add(e.doc, e.terms);
    this.entries[d] = e;
    this.byId.set(e.doc.id, d);
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
    if (this.dead > Math.max(MIN_DEAD_BEFORE_REBUILD, this.byId.size)) this.rebuild();
    return true;
  }

  /** Drops documents published before `ms` (they stay in the archive); returns how many. */
  dropOlderThan(ms: number): number {
    const old = [...this.byId.values()].filter((d) => time(this.entries[d]!.doc) < ms);
    for (const d of old) this.remove(this.entries[d]!.doc.id);
    return old.length;
  }

  private evictOldest(n: number): void {
    const order = this.latest();
    for (const d of order.slice(order.length - n)) this.remove(this.entries[d]!.doc.id);
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
