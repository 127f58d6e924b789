import type { Logger } from '../log.js';
import type { BriefResult, DigestQuery, Library } from './library-api.js';
import type { ArchiveReader, StoredDocument } from './archive-api.js';
import type { Clock, NewsDocument, Story, Summary, SummaryCache, TopicCount } from './types.js';
import { systemClock } from './types.js';
import { sentencesOf, summarize } from './summarize.js';
import { analyze, createVocabulary, leadParagraphs, sentenceTerms, type DocTerms } from './terms.js';
import { PoolRenumbering } from './pool-index.js';
import { parseTopic, type TopicQuery } from './query.js';
import { TopicCatalog } from './topics.js';
import { clusterRanked } from './duplicates.js';
import { ASSOCIATION_DOCS } from './associations.js';
import { FEEDBACK_DOCS, compileTopic, topicSentenceIndices, type IdQuery } from './topic-sentences.js';
import { composeDigest, makeBriefing, makeStory, type StorySource } from './briefing.js';
import { entryOf, makeEntry, RecentWindow, time, type Entry } from './library-window.js';

export interface LibraryOptions {
  cache?: SummaryCache;
  clock?: Clock;
  storiesPerBriefing?: number;
  logger?: Logger;
}

/** Where the store-backed library draws the line between memory and the archive. */
export interface WindowOptions {
  /** Documents published within this many days are kept in memory (0: no age limit). */
  recentDays: number;
  /** At most this many documents in memory, the newest. */
  recentMax: number;
}

/** A library that takes changes as they are stored (the ingest path calls it). */
export interface LiveLibrary extends Library {
  /** Stored documents in, removed ones (by id) out of every answer from now on. */
  apply(changes: { added: readonly StoredDocument[]; removed: readonly string[] }): void;
  /** Resolves once the recent documents are in memory; until then answers come from the archive alone. */
  readonly ready: Promise<void>;
  /** Documents in memory now. */
  readonly inMemory: number;
}

const DEFAULT_STORIES = 5;
/** Suggestions offered when a topic matches nothing. */
const NO_MATCH_SUGGESTIONS = 5;
/** Archive candidates re-ranked with the in-memory hits for one topic. */
const ARCHIVE_CANDIDATES = 40;
/** In-memory hits that compete with archive candidates in that re-ranking. */
const WINDOW_CANDIDATES = 60;
/**
 * Archive documents kept as entries between briefings (the same candidates come up again and
 * again). A miss costs a row read and a pass over its stored analysis, so a small cache does.
 */
const ANALYZED_CACHE = 1000;
/** Topics the store-backed catalog holds in memory for /topics and autocomplete. */
const CATALOG_TOPICS = 20_000;
/** The catalog is refreshed from the store's counts at most this often while documents arrive. */
const CATALOG_REFRESH_MS = 2_000;
const WARM_PAGE = 500;

/** A library over a list of documents, all in memory (no store): summarized, analyzed and indexed once. */
export function buildLibrary(input: NewsDocument[], opts: LibraryOptions = {}): Library {
  const started = performance.now();
  const byId = new Map<string, NewsDocument>();
  for (const d of input) if (!byId.has(d.id)) byId.set(d.id, d);
  const docs = [...byId.values()];
  const summaries: Summary[] = [];
  const fresh: Summary[] = [];
  let fromCache = 0;
  for (const doc of docs) {
    let summary = opts.cache?.get(doc.id);
    if (summary) fromCache++;
    else {
      summary = summarize(doc, sentencesOf(doc));
      fresh.push(summary);
    }
    summaries.push(summary);
  }
  const summarized = performance.now();
  const vocab = createVocabulary();
  // A loop of its own: the vocabulary's tables stay warm in the CPU cache across documents.
  const terms: DocTerms[] = docs.map((doc) => analyze(doc, vocab));
  const analyzed = performance.now();
  if (fresh.length > 0 && opts.cache) {
    try {
      opts.cache.putMany(fresh);
    } catch (err) {
      // A cache that cannot write costs a re-summarize on the next start, nothing more.
      opts.logger?.warn({ err: err instanceof Error ? err.message : String(err) }, 'could not store summaries in the cache');
    }
  }
  const entries = docs.map((doc, i) => makeEntry(doc, summaries[i]!, vocab, terms[i]!));
  const window = new RecentWindow(vocab, Infinity, entries);
  const indexed = performance.now();
  const catalog = new TopicCatalog(docs, (id) => window.get(id)?.summary);
  const done = performance.now();
  opts.logger?.info(
    {
      documents: docs.length,
      summarized: fresh.length,
      fromCache,
      topics: catalog.size,
      ms: Math.round(done - started),
      phasesMs: {
        summarize: Math.round(summarized - started),
        analyze: Math.round(analyzed - summarized),
        index: Math.round(indexed - analyzed),
        topics: Math.round(done - indexed),
      },
    },
    `library ready: ${docs.length} documents (${fresh.length} summarized, ${fromCache} from cache), ${catalog.size} topics`,
  );
  return new NewsLibrary(window, opts, { catalog: () => catalog, size: () => window.size });
}

/**
 * A library over the store: the recent documents in memory (by `window`), the whole archive
 * searched through `archive`. Ready to answer at once; the recent documents are read in behind.
 */
export function openArchiveLibrary(archive: ArchiveReader, window: WindowOptions, opts: LibraryOptions = {}): LiveLibrary {
  const clock = opts.clock ?? systemClock;
  const vocab = createVocabulary();
  const recent = new RecentWindow(vocab, Math.max(0, window.recentMax));
  const since = (): number => (window.recentDays > 0 ? clock.now().getTime() - window.recentDays * 86_400_000 : -Infinity);
  let catalog: TopicCatalog | undefined;
  let catalogAt = 0;
  let catalogDirty = true;
  const currentCatalog = (): TopicCatalog => {
    const now = Date.now();
    if (!catalog || (catalogDirty && now - catalogAt >= CATALOG_REFRESH_MS)) {
      catalog = TopicCatalog.fromCounts(archive.topics(CATALOG_TOPICS), archive.count());
      catalogAt = now;
      catalogDirty = false;
    }
    return catalog;
  };
  let warm = false;
  const lib = new NewsLibrary(recent, opts, {
    catalog: currentCatalog,
    size: () => archive.count(),
    archive,
    warm: () => warm,
  });
  const fits = (doc: NewsDocument): boolean => window.recentMax > 0 && time(doc) >= since();

  const ready = (async () => {
    // Returns first: the library answers from the archive while memory fills.
    await new Promise<void>((resolve) => setImmediate(resolve));
    const started = performance.now();
    const from = since();
    try {
      for (let offset = 0; offset < window.recentMax; offset += WARM_PAGE) {
        const page = archive.recent(Number.isFinite(from) ? from : -8.64e15, offset, Math.min(WARM_PAGE, window.recentMax - offset));
        for (const s of page) recent.add(entryOf(s, vocab));
        if (page.length < WARM_PAGE) break;
        // Commands keep being answered (from the archive) while the window fills.
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    } catch (err) {
      // The store closed (shutdown) or failed: whatever is not in memory is still found on disk.
      opts.logger?.warn({ err: err instanceof Error ? err.message : String(err) }, 'library: stopped reading recent documents into memory');
    }
    warm = true;
    opts.logger?.info(
      { inMemory: recent.size, ms: Math.round(performance.now() - started) },
      `library ready: ${recent.size} recent documents in memory`,
    );
  })();

  return Object.assign(lib, {
    ready,
    apply(changes: { added: readonly StoredDocument[]; removed: readonly string[] }) {
      for (const id of changes.removed) {
        recent.remove(id);
        lib.forget(id);
      }
      for (const s of changes.added) if (fits(s.doc)) recent.add(entryOf(s, vocab));
      if (window.recentDays > 0) recent.dropOlderThan(since());
      catalogDirty = true;
    },
  }) as NewsLibrary & LiveLibrary;
}

interface Backing {
  catalog(): TopicCatalog;
  size(): number;
  archive?: ArchiveReader;
  /** False while the window is still being read in: the archive then answers alone. */
  warm?: () => boolean;
}

/** Entries ranked for one answer, and how to tell their topic sentences. */
interface Ranked {
  entries: (i: number) => Entry;
  order: number[];
}

class NewsLibrary implements Library {
  private readonly clock: Clock;
  private readonly storiesDefault: number;
  private lastQuery: { q: TopicQuery; ids: IdQuery } | undefined;
  /** Archive documents' entries for a recent answer, least recently used first. */
  private readonly analyzed = new Map<string, Entry>();
  private renumbering: PoolRenumbering | undefined;

  constructor(
    private readonly window: RecentWindow,
    opts: LibraryOptions,
    private readonly backing: Backing,
  ) {
    this.clock = opts.clock ?? systemClock;
    this.storiesDefault = opts.storiesPerBriefing ?? DEFAULT_STORIES;
  }

  get size(): number {
    return this.backing.size();
  }

  /** Documents held in memory. */
  get inMemory(): number {
    return this.window.size;
  }

  /** The documents in memory (all of them for a library over a list; the recent ones over a store). */
  documents(): readonly NewsDocument[] {
    return this.window.documents();
  }

  /** The summary of a document in memory. */
  summaryOf(id: string): Summary | undefined {
    return this.window.get(id)?.summary;
  }

  brief(topic: string | undefined, opts: { limit?: number; now?: Date } = {}): BriefResult {
    const now = opts.now ?? this.clock.now();
    const limit = Math.max(1, opts.limit ?? this.storiesDefault);
    const t = topic?.trim() ?? '';
    if (t === '') return { kind: 'ok', briefing: makeBriefing(this.stories(this.latest(), limit, undefined), undefined, now) };
    const q = parseTopic(t);
    const ranked = this.rank(q, now);
    if (ranked.order.length === 0) return this.noMatch(t);
    return { kind: 'ok', briefing: makeBriefing(this.stories(ranked, limit, q), t, now) };
  }

  topics(limit = 25): TopicCount[] {
    return this.backing.catalog().top(limit);
  }

  suggest(prefix: string, limit = 25): string[] {
    return this.backing.catalog().suggest(prefix, limit);
  }

  digest(query: DigestQuery): ReturnType<Library['digest']> {
    const keep = (doc: NewsDocument): boolean => {
      const published = doc.publishedAt !== undefined && (!query.since || doc.publishedAt.getTime() > query.since.getTime());
      if (query.since && !published && !(query.lateArrivals?.has(doc.id) ?? false)) return false;
      return !(query.exclude?.(doc) ?? false);
    };
    const filter = (r: Ranked): Ranked => ({ entries: r.entries, order: r.order.filter((i) => keep(r.entries(i).doc)) });
    const limit = Math.max(0, query.limit);
    const topics = query.topics.map((t) => t.trim()).filter((t) => t !== '');
    if (topics.length === 0) return composeDigest(query, { topics: [], candidates: [this.stories(filter(this.latest()), limit, undefined)] });
    const candidates = topics.map((t) => {
      const q = parseTopic(t);
      return this.stories(filter(this.rank(q, query.now)), limit, q);
    });
    return composeDigest(query, { topics, candidates });
  }

  private warm(): boolean {
    return this.backing.warm?.() ?? true;
  }

  private fromWindow(order: number[]): Ranked {
    return { entries: (d) => this.window.entry(d), order };
  }

  private latest(): Ranked {
    const archive = this.backing.archive;
    if (archive && (!this.warm() || this.window.size === 0)) {
      return this.fromEntries(archive.latest(WINDOW_CANDIDATES).map((s) => this.archiveEntry(s)));
    }
    return this.fromWindow(this.window.latest());
  }

  private archiveEntry(s: StoredDocument): Entry {
    let e = this.analyzed.get(s.doc.id);
    if (e) this.analyzed.delete(s.doc.id);
    else e = entryOf(s, this.window.vocab);
    this.analyzed.set(s.doc.id, e);
    if (this.analyzed.size > ANALYZED_CACHE) this.analyzed.delete(this.analyzed.keys().next().value!);
    return e;
  }

  /** Entries of archive documents by id, in that order: from the cache, the rest read in one go. */
  private archiveEntries(archive: ArchiveReader, ids: readonly string[]): Entry[] {
    const found = new Map<string, Entry>();
    const missing: string[] = [];
    for (const id of ids) {
      const e = this.analyzed.get(id);
      if (e) found.set(id, e);
      else missing.push(id);
    }
    for (const s of archive.read(missing)) found.set(s.doc.id, this.archiveEntry(s));
    return ids.flatMap((id) => {
      const e = found.get(id);
      if (!e) return [];
      // Used again: to the back of the LRU order.
      this.analyzed.delete(id);
      this.analyzed.set(id, e);
      return [e];
    });
  }

  /** A document left the archive: it must not come back from the cache. */
  forget(id: string): void {
    this.analyzed.delete(id);
  }

  private fromEntries(entries: Entry[]): Ranked {
    return { entries: (i) => entries[i]!, order: entries.map((_, i) => i) };
  }

  /**
   * The documents matching a topic, best first. In memory alone: the window's own ranking. With
   * an archive: its best full-text candidates that are not in memory join the best in-memory hits,
   * and the lot is ranked again by the same index rules (relevance, tags, recency) over them.
   */
  private rank(q: TopicQuery, now: Date): Ranked {
    const archive = this.backing.archive;
    const warm = this.warm();
    const hits = warm ? this.window.search(q, now).map((h) => h.doc) : [];
    if (!archive) return this.fromWindow(hits);
    const older = archive.search(q, ARCHIVE_CANDIDATES).filter((id) => !(warm && this.window.has(id)));
    if (older.length === 0) return this.fromWindow(hits);
    const pool: Entry[] = hits.slice(0, WINDOW_CANDIDATES).map((d) => this.window.entry(d));
    pool.push(...this.archiveEntries(archive, older));
    this.renumbering ??= new PoolRenumbering(this.window.vocab);
    const index = this.renumbering.index(
      pool.map((e) => e.doc),
      pool.map((e) => e.terms),
    );
    return { entries: (i) => pool[i]!, order: index.search(q, now).map((h) => h.doc) };
  }

  private stories(ranked: Ranked, limit: number, q: TopicQuery | undefined): Story[] {
    const { entries } = ranked;
    const vocab = this.window.vocab;
    const src: StorySource = {
      doc: (i) => entries(i).doc,
      summary: (i) => entries(i).summary,
      topicSentences: (i, tq) => {
        // A briefing asks for several stories' topic sentences with one query: compile it once.
        if (this.lastQuery?.q !== tq) this.lastQuery = { q: tq, ids: compileTopic(tq, vocab) };
        const { doc, terms: t } = entries(i);
        // Sentence positions are worked out the first time a document heads a story, then kept;
        // only its lead is looked at, so a huge document costs a briefing no more than a short one.
        t.sentences ??= sentenceTerms(t, doc.text, leadParagraphs(doc.text), vocab);
        const st = t.sentences;
        const picked = topicSentenceIndices(t, st, this.lastQuery.ids, vocab);
        if (picked.length === 0) return [];
        if (picked.every((k) => st.textStarts[k]! >= 0)) return picked.map((k) => doc.text.slice(st.textStarts[k], st.textEnds[k]));
        const sentences = leadParagraphs(doc.text).flat();
        return picked.map((k) => sentences[k]!);
      },
    };
    // The best-matching stories lend their words to the topic (which sentences speak to it).
    if (q) {
      const best = ranked.order.slice(0, Math.max(FEEDBACK_DOCS, ASSOCIATION_DOCS)).map((i) => entries(i).terms);
      this.lastQuery = { q, ids: compileTopic(q, vocab, best.slice(0, FEEDBACK_DOCS), best) };
    }
    return clusterRanked(ranked.order, limit, (i) => entries(i).shingles).map((c) => makeStory(src, c.head, c.members, q));
  }

  private noMatch(topic: string): BriefResult {
    const catalog = this.backing.catalog();
    let suggestions = catalog.suggest(topic, NO_MATCH_SUGGESTIONS);
    if (suggestions.length === 0) suggestions = catalog.top(NO_MATCH_SUGGESTIONS).map((t) => t.name);
    return { kind: 'no_match', topic, suggestions };
  }
}
