import type { Logger } from './log.js';
import type { NewsDocument } from './news/types.js';
import type { StoredDocument } from './news/archive-api.js';
import { documentHash, type DocumentRecord, type DocumentRepo } from './store/documents.js';
import { inlineSummarizer, type FileParser, type Summarizer } from './ingest-summarizer.js';
import type { AnalysisOutcome } from './ingest-analysis.js';
import type { FileRead } from './news/load.js';
import { isStoreFault, describeStoreFault, storeFaults } from './ingest-store-fault.js';

/**
 * The one way documents enter newsbrief, whatever their source (the seeds folder at start, the
 * folder watcher, feeds): parse (seed files on ingest's worker threads, feeds by their reader)
 * → summarize (off the event loop) → store → index. Work runs one call at a time, in batches; each batch is briefable the moment its
 * transaction commits, since the library is told right after.
 */

/** A document as a source hands it in. */
export type IngestDocument = NewsDocument & {
  /**
   * The source's identity for it across edits (a feed's item id): a stored document with the
   * same key is replaced by this one. Files leave it out: their path says where they came from.
   */
  sourceKey?: string;
};

export interface AddOptions {
  /**
   * Files read again: every stored document from these paths that is not among `docs` leaves
   * the archive (a file edited, emptied or no longer readable).
   */
  replacePaths?: readonly string[];
}

export interface IngestResult {
  /** New documents stored. */
  added: number;
  /** Of those, how many replaced an earlier version (same source key, or the same file). */
  updated: number;
  /** Already stored as they are: nothing done (not summarized again). */
  unchanged: number;
  /** The same text as a document stored from elsewhere: kept once. */
  duplicates: number;
  removed: number;
  skipped: { path: string; reason: string }[];
  /**
   * Paths whose documents were summarized but could not be stored (the store failed: disk full,
   * read-only, gone); they are among `skipped`, and a source reads them again next time.
   */
  notStored: string[];
}

export interface IngestCounters {
  /** Documents run through the summarizer. */
  summarized: number;
  stored: number;
  removed: number;
  unchanged: number;
  skipped: number;
}

/** Who is told about stored and removed documents (the library). */
export interface IngestListener {
  apply(changes: { added: readonly StoredDocument[]; removed: readonly string[] }): void;
}

export interface Ingest {
  add(docs: readonly IngestDocument[], opts?: AddOptions): Promise<IngestResult>;
  /** Removes documents by id; returns how many were stored. */
  remove(ids: readonly string[]): Promise<number>;
  /** Removes every document read from these files. */
  removePaths(paths: readonly string[]): Promise<number>;
  /**
   * Reads and parses seed files (absolute paths under `root`) on the ingest threads, one result
   * per file in order; the source then hands the documents to add().
   */
  readFiles(root: string, absPaths: readonly string[], maxFileBytes: number): Promise<FileRead[]>;
  counters(): IngestCounters;
  /** Waits for work in progress; later calls are refused. */
  close(): Promise<void>;
}

export interface IngestDeps {
  documents: DocumentRepo;
  summarizer: Summarizer;
  /** Reads seed files: by default the summarizer's threads when it reads files too, else this thread. */
  parser?: FileParser;
  listener?: IngestListener;
  logger: Logger;
  now?: () => Date;
  /** Documents summarized and stored per transaction (default 1,024). */
  batchSize?: number;
  /** The database file, named in the warning when writing to it fails (NEWSBRIEF_DB). */
  dbPath?: string;
}

/**
 * 1,024: the store's cost per document falls with the batch (one commit, topic counts once per
 * topic, bigger full-text segments), and a batch is still stored within a second at 1,000/s.
 */
const DEFAULT_BATCH = 1024;
/**
 * Storing and indexing is the main thread's share of ingest, and a command waits for the
 * transaction in progress: 256 articles at once held it for most of a second on a busy machine.
 * So a transaction takes about COMMIT_MS of work (as many documents as the last ones took per
 * document, from 4 to the whole batch) and at most COMMIT_CHARS of text (2 MB documents go one
 * by one), with a turn of the event loop between two.
 */
const COMMIT_MS = 100;
const COMMIT_CHARS = 1 << 20;
const COMMIT_DOCS_MIN = 4;

/**
 * Documents summarized ahead of their add() (see `ahead` below), at most this many batches'
 * worth at a time: enough to keep the worker busy while the main thread stores the batch before.
 */
const AHEAD_BATCHES = 2;

const nextTurn = (): Promise<void> => new Promise<void>((resolve) => setImmediate(resolve));
/** A long ingest logs its progress this often (documents). */
const PROGRESS_EVERY = 10_000;

export function createIngest(deps: IngestDeps): Ingest {
  const { documents: repo, summarizer, logger } = deps;
  const parser: FileParser = deps.parser ?? ('read' in summarizer ? (summarizer as Summarizer & FileParser) : inlineSummarizer());
  const now = deps.now ?? (() => new Date());
  const batchSize = Math.max(1, deps.batchSize ?? DEFAULT_BATCH);
  const counters: IngestCounters = { summarized: 0, stored: 0, removed: 0, unchanged: 0, skipped: 0 };
  const faults = storeFaults(logger, deps.dbPath);
  /** What storing one document took lately (ms, a moving average): sizes the next transactions. */
  let commitMsPerDoc = 1;
  /** The same for removing one (the full-text index reads a document back to delete it). */
  let removeMsPerDoc = 1;
  const sized = (msPerDoc: number, min: number): number => Math.max(min, Math.min(batchSize, Math.floor(COMMIT_MS / msPerDoc)));
  const commitDocs = (): number => sized(commitMsPerDoc, COMMIT_DOCS_MIN);
  let chain: Promise<unknown> = Promise.resolve();
  let closed = false;
  /**
   * A call is running (not merely queued): a new add() then summarizes ahead. Only then, so a
   * second call made at once after a first never jumps ahead of it on the worker.
   */
  let running = false;

  const serial = <T>(job: () => Promise<T>): Promise<T> => {
    if (closed) return Promise.reject(new Error('ingest is closed'));
    const result = chain.then(async () => {
      running = true;
      try {
        return await job();
      } finally {
        running = false;
      }
    });
    chain = result.catch(() => undefined);
    return result;
  };

  /**
   * Summaries started before their add() runs: a document handed in (or read from a seed file)
   * while the batch before it is being stored goes to the worker at once, so the worker
   * summarizes the next batch while the main thread stores this one, instead of each waiting
   * for the other. A summary depends on the document alone, so the add() that brings the same
   * document object uses it; one whose document turns out stored already is dropped (work
   * wasted, nothing else). Documents already stored are not summarized ahead.
   */
  const ahead = new Map<IngestDocument, { run: Promise<AnalysisOutcome[]>; at: number; round: number }>();
  /** Counts add() calls begun: what was summarized ahead during one is for the next, or for none. */
  let round = 0;
  const summarizeAhead = (docs: readonly IngestDocument[]): void => {
    const room = AHEAD_BATCHES * batchSize - ahead.size;
    if (room <= 0 || docs.length === 0) return;
    let stored: Map<string, unknown>;
    try {
      stored = repo.refsByIds(docs.map((d) => d.id));
    } catch {
      // The store failing (disk full, file gone) is the add()'s to report, once: nothing ahead.
      return;
    }
    const picked = docs.filter((d) => !stored.has(d.id) && !ahead.has(d)).slice(0, Math.min(room, batchSize));
    if (picked.length === 0) return;
    const run = summarizer.run(picked.map(stripKey));
    run.catch(() => undefined); // observed by the add() that uses it
    picked.forEach((d, at) => ahead.set(d, { run, at, round }));
  };
  /** Outcomes for a chunk: those summarized ahead, the others summarized now (one run). */
  const outcomesOf = async (docs: readonly IngestDocument[]): Promise<AnalysisOutcome[]> => {
    const early = docs.map((d) => ahead.get(d));
    for (const d of docs) ahead.delete(d);
    const missing = docs.filter((_, k) => early[k] === undefined);
    const made = missing.length > 0 ? summarizer.run(missing.map(stripKey)) : Promise.resolve([]);
    const [now, ...before] = await Promise.all([made, ...early.map((e) => (e ? e.run.then((r) => r[e.at]!) : undefined))]);
    let next = 0;
    return docs.map((_, k) => before[k] ?? now[next++]!);
  };

  const commit = (records: DocumentRecord[], removeIds: string[]): void => {
    if (records.length === 0 && removeIds.length === 0) return;
    const removed = repo.write(records, removeIds, now());
    counters.stored += records.length;
    counters.removed += removed.length;
    deps.listener?.apply({
      added: records.map((r) => ({ doc: stripKey(r.doc), summary: r.summary, ...(r.terms ? { terms: r.terms } : {}) })),
      removed: removed.map((s) => s.doc.id),
    });
  };

  /**
   * Undefined when stored; else what is wrong with the store (said once, by `faults`), and
   * nothing of this transaction is stored.
   */
  const commitSafely = (records: DocumentRecord[], removeIds: string[]): string | undefined => {
    faults.checkFile();
    try {
      const started = performance.now();
      commit(records, removeIds);
      const ms = performance.now() - started;
      if (records.length > 0) commitMsPerDoc = 0.7 * commitMsPerDoc + 0.3 * (ms / records.length);
      else if (removeIds.length > 0) removeMsPerDoc = 0.7 * removeMsPerDoc + 0.3 * (ms / removeIds.length);
      faults.ok();
      return undefined;
    } catch (err) {
      if (!isStoreFault(err)) throw err;
      faults.failed(err, records.length > 0 ? records.length : removeIds.length);
      return describeStoreFault(err, deps.dbPath);
    }
  };

  /** Removes in transactions of about COMMIT_MS each, with a turn between (2 MB documents take a while to unindex). */
  const removeNow = async (ids: readonly string[]): Promise<number> => {
    const existing = repo.refsByIds(ids);
    const list = [...existing.keys()];
    let removed = 0;
    for (let i = 0; i < list.length; ) {
      if (i > 0) await nextTurn();
      const part = list.slice(i, i + sized(removeMsPerDoc, 1));
      if (commitSafely([], part) === undefined) removed += part.length;
      i += part.length;
    }
    return removed;
  };

  const addNow = async (input: readonly IngestDocument[], opts: AddOptions): Promise<IngestResult> => {
    const started = performance.now();
    const thisRound = ++round;
    const result: IngestResult = { added: 0, updated: 0, unchanged: 0, duplicates: 0, removed: 0, skipped: [], notStored: [] };
    const byId = new Map<string, IngestDocument>();
    for (const d of input) {
      if (byId.has(d.id)) result.duplicates++;
      else byId.set(d.id, d);
    }
    const docs = [...byId.values()];
    const existing = repo.refsByIds(docs.map((d) => d.id));
    const keys = docs.map(keyOf).filter((k): k is string => k !== undefined);
    const byKey = keys.length > 0 ? repo.refsByKeys(keys) : new Map();
    const replacing = new Set(opts.replacePaths ?? []);
    // What the re-read files held before: whatever is not read again leaves.
    const before = replacing.size > 0 ? repo.refsByPaths([...replacing]) : [];
    const leaving = new Set(before.map((r) => r.id));
    const pathsWithOld = new Set(before.map((r) => r.path));

    const fresh: { doc: IngestDocument; replaces?: string }[] = [];
    for (const doc of docs) {
      const ex = existing.get(doc.id);
      const key = keyOf(doc);
      if (ex) {
        leaving.delete(doc.id);
        const samePlace = key !== undefined ? ex.sourceKey === key : ex.path === doc.path;
        if (samePlace && ex.contentHash !== documentHash(doc)) {
          // Edited in place (a feed item keeps its id across edits): the new version replaces it.
          fresh.push({ doc, replaces: doc.id });
          result.updated++;
        } else if (samePlace) result.unchanged++;
        else if (key === undefined && replacing.has(ex.path)) {
          // Moved from a file read again to another (a rename): same document, new place.
          try {
            repo.setPath(doc.id, doc.path);
          } catch (err) {
            if (!isStoreFault(err)) throw err;
            faults.failed(err, 1);
            result.notStored.push(doc.path);
          }
          result.unchanged++;
        } else {
          result.duplicates++;
          logger.debug({ path: doc.path, duplicateOf: ex.path }, `${doc.path}: same text as ${ex.path}, kept once`);
        }
        continue;
      }
      const old = key !== undefined ? byKey.get(key) : undefined;
      if (old) {
        leaving.delete(old.id);
        fresh.push({ doc, replaces: old.id });
        result.updated++;
      } else {
        if (pathsWithOld.has(doc.path)) result.updated++;
        fresh.push({ doc });
      }
    }
    counters.unchanged += result.unchanged;

    // The next chunk is summarized while this one is stored: the worker never waits for the database.
    const chunkAt = (i: number) => fresh.slice(i, i + batchSize);
    const summarizeChunk = (i: number) => {
      if (i >= fresh.length) return undefined;
      const run = outcomesOf(chunkAt(i).map((c) => c.doc));
      run.catch(() => undefined); // observed when awaited; a failed commit must not leave it unhandled
      return run;
    };
    let pending = summarizeChunk(0);
    for (let i = 0; i < fresh.length; i += batchSize) {
      const chunk = chunkAt(i);
      const outcomes = await pending!;
      pending = summarizeChunk(i + batchSize);
      counters.summarized += chunk.length;
      // Transactions of about COMMIT_MS and at most COMMIT_CHARS; a replaced document leaves in the same one as its new version.
      const groups: { records: DocumentRecord[]; removeIds: string[]; chars: number }[] = [{ records: [], removeIds: [], chars: 0 }];
      chunk.forEach((c, k) => {
        const o = outcomes[k]!;
        if ('skipped' in o) {
          result.skipped.push({ path: c.doc.path, reason: o.skipped });
          counters.skipped++;
          logger.warn({ path: c.doc.path, reason: o.skipped }, `skipped ${c.doc.path}: ${o.skipped}`);
          return;
        }
        const record: DocumentRecord = { doc: stripKey(c.doc), summary: o.analysis.summary, index: o.analysis.index, terms: o.analysis.terms, topics: o.analysis.topics };
        const key = keyOf(c.doc);
        if (key !== undefined) record.sourceKey = key;
        let group = groups[groups.length - 1]!;
        if (group.records.length >= commitDocs() || (group.records.length > 0 && group.chars + c.doc.text.length > COMMIT_CHARS)) groups.push((group = { records: [], removeIds: [], chars: 0 }));
        group.records.push(record);
        group.chars += c.doc.text.length;
        if (c.replaces) group.removeIds.push(c.replaces);
      });
      // The last chunk takes the documents the re-read files no longer hold, so an edited file
      // swaps its old version for the new in one transaction.
      const last = i + batchSize >= fresh.length;
      if (last) groups[groups.length - 1]!.removeIds.push(...leaving);
      for (const [g, group] of groups.entries()) {
        if (g > 0) await nextTurn();
        if (group.records.length === 0 && group.removeIds.length === 0) continue;
        const fault = commitSafely(group.records, group.removeIds);
        if (fault === undefined) {
          result.added += group.records.length;
          if (last && g === groups.length - 1) result.removed += leaving.size;
          continue;
        }
        for (const r of group.records) {
          result.skipped.push({ path: r.doc.path, reason: `not stored: ${fault}` });
          result.notStored.push(r.doc.path);
          counters.skipped++;
        }
        // The old versions stay too: the file is read again next time.
        if (last && g === groups.length - 1) for (const ref of before) if (leaving.has(ref.id)) result.notStored.push(ref.path);
      }
      const done = Math.min(i + batchSize, fresh.length);
      if (fresh.length >= PROGRESS_EVERY && Math.floor(done / PROGRESS_EVERY) > Math.floor(i / PROGRESS_EVERY)) {
        logger.info({ done, of: fresh.length }, `ingest: ${done} of ${fresh.length} documents summarized and stored`);
      }
    }
    // Summarized ahead but not fresh after all (stored meanwhile, or a duplicate): dropped; so is
    // what was summarized ahead for an add() that never came (a file's duplicate, say).
    for (const d of input) ahead.delete(d);
    for (const [d, e] of ahead) if (e.round < thisRound) ahead.delete(d);
    if (fresh.length === 0 && leaving.size > 0) {
      if (commitSafely([], [...leaving]) === undefined) result.removed += leaving.size;
      else for (const ref of before) if (leaving.has(ref.id)) result.notStored.push(ref.path);
    }
    const ms = Math.round(performance.now() - started);
    if (result.added + result.removed + result.skipped.length > 0) {
      logger.debug({ ...result, skipped: result.skipped.length, ms }, `ingest: ${result.added} added, ${result.removed} removed, ${result.skipped.length} skipped in ${ms} ms`);
    }
    return result;
  };

  return {
    add: (docs, opts = {}) => {
      if (running && !closed) summarizeAhead(docs);
      return serial(() => addNow(docs, opts));
    },
    remove: (ids) => serial(() => removeNow(ids)),
    removePaths: (paths) =>
      serial(async () => {
        const refs = repo.refsByPaths(paths);
        return removeNow(refs.map((r) => r.id));
      }),
    readFiles: async (root, absPaths, maxFileBytes) => {
      if (closed) throw new Error('ingest is closed');
      const reads = await parser.read(root, absPaths, maxFileBytes);
      // Read while a batch is stored (a source reads its next files meanwhile): summarized ahead.
      if (running && !closed) summarizeAhead(reads.flatMap((r) => r.docs));
      return reads;
    },
    counters: () => ({ ...counters }),
    async close() {
      closed = true;
      await chain;
    },
  };
}

/** A source's identity for a document: the key it was given, or a feed item's key. */
function keyOf(doc: IngestDocument): string | undefined {
  return doc.sourceKey ?? doc.feedItem;
}

/** The stored document never carries the source key (it is the store's column, not the document's). */
function stripKey(doc: IngestDocument): NewsDocument {
  if (doc.sourceKey === undefined) return doc;
  const { sourceKey: _key, ...rest } = doc;
  return rest;
}
