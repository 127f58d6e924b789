import type { Logger } from '../log.js';
import type { BriefResult, DigestQuery, Library } from './library-api.js';
import type { Clock, NewsDocument, Story, Summary, SummaryCache, TopicCount } from './types.js';
import { systemClock } from './types.js';
import { sentencesOf, summarize } from './summarize.js';
import { analyze, createVocabulary, leadParagraphs, sentenceTerms, type DocTerms, type Vocabulary } from './terms.js';
import { SearchIndex } from './search.js';
import { parseTopic, type TopicQuery } from './query.js';
import { TopicCatalog } from './topics.js';
import { clusterRanked, shingleHashes } from './duplicates.js';
import { FEEDBACK_DOCS, compileTopic, topicSentenceIndices, type IdQuery } from './topic-sentences.js';
import { composeDigest, makeBriefing, makeStory, type StorySource } from './briefing.js';

export interface LibraryOptions {
  cache?: SummaryCache;
  clock?: Clock;
  storiesPerBriefing?: number;
  logger?: Logger;
}

export interface LibraryChanges {
  /** New or changed documents; a document replaces every older one loaded from the same path. */
  upsert: NewsDocument[];
  /** Files gone: their documents leave the library. */
  removePaths: string[];
}

/** A Library that can derive a changed copy cheaply (live seeds). */
export interface ReloadableLibrary extends Library {
  /** A new library with these changes; unchanged documents keep their summaries and analysis. */
  withChanges(changes: LibraryChanges): ReloadableLibrary;
}

/** What a library keeps per document id, reused by the libraries derived from it. */
interface Shared {
  vocab: Vocabulary;
  summaries: Map<string, Summary>;
  terms: Map<string, DocTerms>;
}

const DEFAULT_STORIES = 5;
/** Suggestions offered when a topic matches nothing. */
const NO_MATCH_SUGGESTIONS = 5;

export function buildLibrary(docs: NewsDocument[], opts: LibraryOptions = {}): ReloadableLibrary {
  return build(docs, opts, { vocab: createVocabulary(), summaries: new Map(), terms: new Map() });
}

function build(input: NewsDocument[], opts: LibraryOptions, prev: Shared): ReloadableLibrary {
  const started = performance.now();
  const clock = opts.clock ?? systemClock;
  const storiesDefault = opts.storiesPerBriefing ?? DEFAULT_STORIES;

  const byId = new Map<string, NewsDocument>();
  for (const d of input) if (!byId.has(d.id)) byId.set(d.id, d);
  const docs = [...byId.values()];

  const shared: Shared = { vocab: prev.vocab, summaries: new Map(), terms: new Map() };
  const fresh: Summary[] = [];
  let fromCache = 0;
  const terms: DocTerms[] = [];
  for (const doc of docs) {
    let summary = prev.summaries.get(doc.id);
    if (!summary) {
      summary = opts.cache?.get(doc.id);
      if (summary) fromCache++;
    }
    if (!summary) {
      summary = summarize(doc, sentencesOf(doc));
      fresh.push(summary);
    }
    shared.summaries.set(doc.id, summary);
  }
  const summarized = performance.now();
  // A loop of its own: the vocabulary's tables stay warm in the CPU cache across documents.
  for (const doc of docs) {
    const t = prev.terms.get(doc.id) ?? analyze(doc, shared.vocab);
    shared.terms.set(doc.id, t);
    terms.push(t);
  }
  const analyzed = performance.now();
  if (fresh.length > 0 && opts.cache) {
    try {
      opts.cache.putMany(fresh);
    } catch (err) {
      // A cache that cannot write costs a re-summarize on the next start, nothing more.
      opts.logger?.warn({ err: err instanceof Error ? err.message : String(err) }, 'could not store summaries in the cache');
    }
  }

  const index = new SearchIndex(docs, terms, shared.vocab);
  const indexed = performance.now();
  const catalog = new TopicCatalog(docs, (id) => shared.summaries.get(id));
  const latest = index.latest();
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

  const shingles = terms.map(shingleHashes);
  // A briefing asks for several stories' topic sentences with one query: compile it once.
  let lastQuery: { q: TopicQuery; ids: IdQuery } | undefined;
  const src: StorySource = {
    doc: (i) => docs[i]!,
    summary: (i) => shared.summaries.get(docs[i]!.id)!,
    topicSentences: (i, q) => {
      if (lastQuery?.q !== q) lastQuery = { q, ids: compileTopic(q, shared.vocab) };
      const t = terms[i]!;
      const doc = docs[i]!;
      // Sentence positions are worked out the first time a document heads a story, then kept;
      // only its lead is looked at, so a huge document costs a briefing no more than a short one.
      t.sentences ??= sentenceTerms(t, doc.text, leadParagraphs(doc.text), shared.vocab);
      const st = t.sentences;
      const picked = topicSentenceIndices(t, st, lastQuery.ids, shared.vocab);
      if (picked.length === 0) return [];
      if (picked.every((k) => st.textStarts[k]! >= 0)) return picked.map((k) => doc.text.slice(st.textStarts[k], st.textEnds[k]));
      const sentences = leadParagraphs(doc.text).flat();
      return picked.map((k) => sentences[k]!);
    },
  };
  const shinglesOf = (i: number): Uint32Array => shingles[i]!;

  const stories = (ranked: readonly number[], limit: number, q: TopicQuery | undefined): Story[] => {
    // The best-matching stories lend their words to the topic (which sentences speak to it).
    if (q) lastQuery = { q, ids: compileTopic(q, shared.vocab, ranked.slice(0, FEEDBACK_DOCS).map((d) => terms[d]!)) };
    return clusterRanked(ranked, limit, shinglesOf).map((c) => makeStory(src, c.head, c.members, q));
  };

  const noMatch = (topic: string): BriefResult => {
    let suggestions = catalog.suggest(topic, NO_MATCH_SUGGESTIONS);
    if (suggestions.length === 0) suggestions = catalog.top(NO_MATCH_SUGGESTIONS).map((t) => t.name);
    return { kind: 'no_match', topic, suggestions };
  };

  const library: ReloadableLibrary = {
    get size() {
      return docs.length;
    },
    documents: () => docs,
    summaryOf: (id) => shared.summaries.get(id),
    brief(topic, briefOpts = {}) {
      const now = briefOpts.now ?? clock.now();
      const limit = Math.max(1, briefOpts.limit ?? storiesDefault);
      const t = topic?.trim() ?? '';
      if (t === '') return { kind: 'ok', briefing: makeBriefing(stories(latest, limit, undefined), undefined, now) };
      const q = parseTopic(t);
      const hits = index.search(q, now);
      if (hits.length === 0) return noMatch(t);
      const ranked = hits.map((h) => h.doc);
      return { kind: 'ok', briefing: makeBriefing(stories(ranked, limit, q), t, now) };
    },
    topics: (limit = 25): TopicCount[] => catalog.top(limit),
    suggest: (prefix, limit = 25) => catalog.suggest(prefix, limit),
    digest(query: DigestQuery) {
      const keep = (d: number): boolean => {
        const doc = docs[d]!;
        if (query.since && doc.publishedAt.getTime() <= query.since.getTime()) return false;
        return !(query.exclude?.(doc) ?? false);
      };
      const limit = Math.max(0, query.limit);
      const topics = query.topics.map((t) => t.trim()).filter((t) => t !== '');
      if (topics.length === 0) {
        return composeDigest(query, { topics: [], candidates: [stories(latest.filter(keep), limit, undefined)] });
      }
      const candidates = topics.map((t) => {
        const q = parseTopic(t);
        const ranked = index.search(q, query.now).map((h) => h.doc).filter(keep);
        return stories(ranked, limit, q);
      });
      return composeDigest(query, { topics, candidates });
    },
    withChanges(changes) {
      const gone = new Set([...changes.removePaths, ...changes.upsert.map((d) => d.path)]);
      const kept = docs.filter((d) => !gone.has(d.path));
      return build([...kept, ...changes.upsert], opts, shared);
    },
  };
  return library;
}
