import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { z } from 'zod';
import type { ArchiveReader, StoredDocument, TopicRow } from '../news/archive-api.js';
import type { IndexText } from '../news/index-text.js';
import type { TopicQuery } from '../news/query.js';
import type { TopicEntry } from '../news/topics.js';
import { topicEntries } from '../news/topics.js';
import type { NewsDocument, Summary } from '../news/types.js';
import type { PackedTerms } from '../news/packed-terms.js';
import { describeIssues } from '../news/zod-issues.js';
import { ftsPasses } from './fts-query.js';
import { decodeTerms, encodeTerms } from './terms-codec.js';

/** The archive's documents, their full-text rows and topic counts. All writes go through here. */

/** What ingest hands the store for one document. */
export interface DocumentRecord {
  doc: NewsDocument;
  summary: Summary;
  index: IndexText;
  topics: TopicEntry[];
  /** Its analysis, kept so a briefing never analyzes it again (ingest's worker made it). */
  terms?: PackedTerms;
  /** A feed item's identity across edits; absent for files (their path says where they came from). */
  sourceKey?: string;
}

/** What the store knows about a stored document without reading it. */
export interface StoredRef {
  id: string;
  path: string;
  sourceKey: string | null;
  contentHash: string;
  summaryVersion: string;
}

/** Everything a document says and where it points: each edit gives another hash. */
export function documentHash(doc: NewsDocument): string {
  const { title, text, sections, source, url, publishedAt, tags, image } = doc;
  return createHash('sha256')
    .update(JSON.stringify([title, text, sections, source ?? null, url ?? null, publishedAt?.getTime() ?? null, tags, image ?? null]))
    .digest('hex')
    .slice(0, 32);
}

export interface DocumentRepo extends ArchiveReader {
  refsByIds(ids: readonly string[]): Map<string, StoredRef>;
  refsByKeys(keys: readonly string[]): Map<string, StoredRef>;
  refsByPaths(paths: readonly string[]): StoredRef[];
  /** Inserts new documents and deletes others, in one transaction; returns the removed ones. */
  write(add: readonly DocumentRecord[], removeIds: readonly string[], now: Date): StoredDocument[];
  /** Moves a stored document to another file (a rename) without touching anything else. */
  setPath(id: string, path: string): void;
  /** Ids of documents published before `ms`, or undated and ingested before it; oldest first. */
  olderThan(ms: number, limit: number): string[];
  get(id: string): StoredDocument | undefined;
  /**
   * Looks at up to `scan` documents stored before rowid `below`, newest first, and returns those
   * whose summary a summarizer of another version made (at most `max`), and where to go on from
   * (0: nothing left below). A row that cannot be read is walked past and named in `unreadable`.
   */
  staleSummaries(below: number, scan: number, max: number): { stale: StaleDocument[]; next: number; unreadable: Unreadable[] };
  /**
   * Stale documents summarized again: summary, analysis, full-text row and topic counts replaced
   * in place, so a document keeps its place in the archive and is found by the words its new
   * analysis ranks it by. One left or changed meanwhile is passed over. Returns the ones replaced,
   * as stored now.
   */
  replaceSummaries(items: readonly Resummarized[]): StoredDocument[];
  /**
   * Looks at up to `scan` documents stored before rowid `below`, newest first, and gives each one
   * whose summary is current (at most `max`) the full-text row `indexOf` makes of it now (one with
   * a stale summary gets its row when it is summarized again). Returns how many it looked at and
   * rewrote, and where to go on from (0: nothing left below). A row that cannot be read is walked
   * past and named in `unreadable`.
   */
  refreshIndex(below: number, scan: number, max: number, indexOf: IndexOf): { looked: number; rewritten: number; next: number; unreadable: Unreadable[] };
  /**
   * Merges up to `pages` pages of the full-text index's segments into fewer; false when there was
   * nothing left to merge. Each segment is one more look-up for every word of every search.
   */
  tidyIndex(pages: number): boolean;
}

/** A document's full-text columns from its stored analysis (undefined for a row stored without one). */
export type IndexOf = (doc: Pick<NewsDocument, 'title' | 'text' | 'tags'>, terms: PackedTerms | undefined) => IndexText;

/**
 * A stored row a background walk could not read (its JSON or analysis damaged outside the bot):
 * left as it is, so one bad row never holds a walk up at its place.
 */
export interface Unreadable {
  id: string;
  reason: string;
}

function reasonOf(err: unknown): string {
  if (err instanceof z.ZodError) return describeIssues(err);
  return err instanceof Error ? err.message : String(err);
}

export interface StaleDocument extends StoredDocument {
  contentHash: string;
}

export interface Resummarized {
  id: string;
  /** The content hash it had when read: a document edited since is not touched. */
  contentHash: string;
  summary: Summary;
  terms: PackedTerms;
  /** Its full-text columns, made from `terms` by the rules of now. */
  index: IndexText;
  topics: TopicEntry[];
}

const summaryParts = z.object({
  keyPoints: z.array(z.string()),
  entities: z.array(z.object({ text: z.string(), kind: z.enum(['person', 'place', 'organization', 'other']) })),
  keyPhrases: z.array(z.string()),
});
const strings = z.array(z.string());
const headingsSchema = z.array(z.object({ title: z.string(), paragraph: z.number() }));

const docRow = z.object({
  rowid: z.number(),
  id: z.string(),
  path: z.string(),
  title: z.string(),
  text: z.string(),
  sections: z.string(),
  headings: z.string().nullable(),
  source: z.string().nullable(),
  url: z.string().nullable(),
  published_at: z.number().nullable(),
  tags: z.string(),
  image: z.string().nullable(),
  source_key: z.string().nullable(),
  summary: z.string(),
  terms: z.instanceof(Buffer).nullable(),
  lexicon: z.string().nullable(),
  acronyms: z.string().nullable(),
});
const rowidIdRow = z.object({ rowid: z.number(), id: z.string() });
const indexedRow = z.object({
  rowid: z.number(),
  id: z.string(),
  summary_version: z.string(),
  title: z.string(),
  text: z.string(),
  tags: z.string(),
  terms: z.instanceof(Buffer).nullable(),
  lexicon: z.string().nullable(),
  acronyms: z.string().nullable(),
});
const versionRow = z.object({ rowid: z.number(), id: z.string(), summary_version: z.string(), content_hash: z.string() });
const refRow = z.object({ id: z.string(), path: z.string(), source_key: z.string().nullable(), content_hash: z.string(), summary_version: z.string() });
const topicRow = z.object({ key: z.string(), name: z.string(), count: z.number(), from_tag: z.number() });

const DOC_COLUMNS = 'rowid, id, path, title, text, sections, headings, source, url, published_at, tags, image, source_key, summary, terms, lexicon, acronyms';

function toStored(raw: unknown): StoredDocument {
  const r = docRow.parse(raw);
  const doc: NewsDocument = {
    id: r.id,
    title: r.title,
    text: r.text,
    sections: strings.parse(JSON.parse(r.sections)),
    path: r.path,
    tags: strings.parse(JSON.parse(r.tags)),
  };
  if (r.headings !== null) doc.headings = headingsSchema.parse(JSON.parse(r.headings));
  if (r.source !== null) doc.source = r.source;
  if (r.url !== null) doc.url = r.url;
  if (r.published_at !== null) doc.publishedAt = new Date(r.published_at);
  if (r.image !== null) doc.image = r.image;
  if (r.source_key !== null) doc.feedItem = r.source_key;
  const parts = summaryParts.parse(JSON.parse(r.summary));
  const stored: StoredDocument = { doc, summary: { docId: r.id, headline: r.title, ...parts } };
  if (r.terms !== null && r.lexicon !== null && r.acronyms !== null) {
    const terms = decodeTerms(r.terms, r.lexicon, r.acronyms);
    if (terms) stored.terms = terms;
  }
  return stored;
}

function toRef(raw: unknown): StoredRef {
  const r = refRow.parse(raw);
  return { id: r.id, path: r.path, sourceKey: r.source_key, contentHash: r.content_hash, summaryVersion: r.summary_version };
}

/** SQLite allows 32,766 parameters; lookups go in chunks well under that. */
const CHUNK = 500;

function chunks<T>(xs: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += CHUNK) out.push(xs.slice(i, i + CHUNK));
  return out;
}

export function documentRepo(db: Database.Database, summaryVersion: string): DocumentRepo {
  const insertDoc = db.prepare(
    `INSERT INTO documents (id, content_hash, source_key, path, title, text, sections, headings, source, url, published_at, tags, image, summary, summary_version, ingested_at, terms, lexicon, acronyms)
     VALUES (@id, @contentHash, @sourceKey, @path, @title, @text, @sections, @headings, @source, @url, @publishedAt, @tags, @image, @summary, @summaryVersion, @ingestedAt, @terms, @lexicon, @acronyms)`,
  );
  const insertFts = db.prepare('INSERT INTO documents_fts (rowid, headline, lead, body, tags) VALUES (?, ?, ?, ?, ?)');
  const deleteFts = db.prepare('DELETE FROM documents_fts WHERE rowid = ?');
  const deleteDoc = db.prepare('DELETE FROM documents WHERE rowid = ?');
  const selectById = db.prepare(`SELECT ${DOC_COLUMNS} FROM documents WHERE id = ?`);
  const topicUp = db.prepare(
    `INSERT INTO topic_counts (key, name, count, from_tag) VALUES (?, ?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET count = count + excluded.count`,
  );
  const topicDown = db.prepare('UPDATE topic_counts SET count = count - ? WHERE key = ?');
  const topicPrune = db.prepare('DELETE FROM topic_counts WHERE key = ? AND count <= 0');
  const topTopics = db.prepare('SELECT key, name, count, from_tag FROM topic_counts ORDER BY count DESC, key LIMIT ?');
  // Candidates by field, newest first, never by bm25(): bm25 counts every row holding each word
  // of the topic (its idf) on every query, which for a common word at a million documents costs
  // more than the whole rest of a briefing. FTS5 walks a word's rows newest first and stops at the
  // LIMIT; the core ranks the candidates by its own rules.
  const newestMatches = db.prepare('SELECT rowid FROM documents_fts WHERE documents_fts MATCH ? ORDER BY rowid DESC LIMIT ?').pluck();
  const idsOfRowids = db.prepare('SELECT rowid, id FROM documents WHERE rowid IN (SELECT value FROM json_each(?))');
  const byIds = db.prepare(`SELECT ${DOC_COLUMNS} FROM documents WHERE id IN (SELECT value FROM json_each(?))`);
  const latestStmt = db.prepare(`SELECT ${DOC_COLUMNS} FROM documents ORDER BY published_at IS NULL, published_at DESC, rowid DESC LIMIT ?`);
  const recentStmt = db.prepare(
    `SELECT ${DOC_COLUMNS} FROM documents WHERE published_at >= ? ORDER BY published_at DESC, rowid DESC LIMIT ? OFFSET ?`,
  );
  const olderStmt = db
    .prepare(
      `SELECT id FROM documents WHERE published_at < @ms OR (published_at IS NULL AND ingested_at < @ms)
       ORDER BY coalesce(published_at, ingested_at) LIMIT @limit`,
    )
    .pluck();
  const setPathStmt = db.prepare('UPDATE documents SET path = ? WHERE id = ?');
  // A negative page count merges segments of any level (FTS5's incremental 'optimize').
  const mergeStmt = db.prepare("INSERT INTO documents_fts (documents_fts, rank) VALUES ('merge', ?)");
  const totalChanges = db.prepare('SELECT total_changes()').pluck();
  // summary_version lies after the text in the row: reading it reads the row, so the scan is paged.
  const versionScan = db.prepare('SELECT rowid, id, summary_version, content_hash FROM documents WHERE rowid < ? ORDER BY rowid DESC LIMIT ?');
  const byRowid = db.prepare(`SELECT ${DOC_COLUMNS} FROM documents WHERE rowid = ?`);
  const updateSummary = db.prepare(
    `UPDATE documents SET summary = @summary, summary_version = @summaryVersion, terms = @terms, lexicon = @lexicon, acronyms = @acronyms
      WHERE id = @id AND content_hash = @contentHash`,
  );
  const indexedScan = db.prepare(
    'SELECT rowid, id, summary_version, title, text, tags, terms, lexicon, acronyms FROM documents WHERE rowid < ? ORDER BY rowid DESC LIMIT ?',
  );
  const countStmt = db.prepare('SELECT count(*) FROM documents').pluck();
  // Counted once at open (a scan), then kept up to date by write().
  let count = Number(countStmt.get());

  const refsWhere = (column: 'id' | 'source_key' | 'path', values: readonly string[]): StoredRef[] => {
    const out: StoredRef[] = [];
    for (const part of chunks([...new Set(values)])) {
      const rows = db
        .prepare(`SELECT id, path, source_key, content_hash, summary_version FROM documents WHERE ${column} IN (${part.map(() => '?').join(',')})`)
        .all(...part);
      for (const raw of rows) out.push(toRef(raw));
    }
    return out;
  };

  // Topic counts change once per topic per write, not once per document: a batch of news
  // names the same few hundred topics over and over, and each change also moves the by-count index.
  type Deltas = Map<string, { name: string; fromTag: boolean; delta: number }>;
  const change = (deltas: Deltas, t: TopicEntry, by: number): void => {
    const d = deltas.get(t.key);
    if (d) d.delta += by;
    else deltas.set(t.key, { name: t.name, fromTag: t.fromTag, delta: by });
  };
  const applyDeltas = (deltas: Deltas): void => {
    for (const [key, d] of deltas) {
      if (d.delta > 0) topicUp.run(key, d.name, d.delta, d.fromTag ? 1 : 0);
      else if (d.delta < 0) {
        topicDown.run(-d.delta, key);
        topicPrune.run(key);
      }
    }
  };

  /** A stored document's full-text row replaced (contentless FTS5: the old row is deleted by rowid). */
  const writeFts = (rowid: number, index: IndexText): void => {
    deleteFts.run(rowid);
    insertFts.run(rowid, index.headline, index.lead, index.body, index.tags);
  };

  const replaceTx = db.transaction((items: readonly Resummarized[]): StoredDocument[] => {
    const deltas: Deltas = new Map();
    const out: StoredDocument[] = [];
    for (const it of items) {
      const raw = selectById.get(it.id);
      if (raw === undefined) continue;
      const before = toStored(raw);
      const summary = JSON.stringify({ keyPoints: it.summary.keyPoints, entities: it.summary.entities, keyPhrases: it.summary.keyPhrases });
      const changed = updateSummary.run({ id: it.id, contentHash: it.contentHash, summary, summaryVersion, ...encodeTerms(it.terms) }).changes;
      if (changed === 0) continue;
      writeFts(docRow.parse(raw).rowid, it.index);
      for (const t of topicEntries(before.doc, before.summary)) change(deltas, t, -1);
      for (const t of it.topics) change(deltas, t, 1);
      out.push({ doc: before.doc, summary: { ...it.summary, docId: it.id, headline: before.doc.title }, terms: it.terms });
    }
    applyDeltas(deltas);
    return out;
  });

  const refreshTx = db.transaction((below: number, scan: number, max: number, indexOf: IndexOf) => {
    let looked = 0;
    let rewritten = 0;
    let next = 0;
    const unreadable: Unreadable[] = [];
    for (const raw of indexedScan.all(below, scan)) {
      const r = indexedRow.parse(raw);
      looked++;
      next = r.rowid;
      if (r.summary_version !== summaryVersion) continue;
      let index: IndexText;
      try {
        const terms = r.terms !== null && r.lexicon !== null && r.acronyms !== null ? decodeTerms(r.terms, r.lexicon, r.acronyms) : undefined;
        index = indexOf({ title: r.title, text: r.text, tags: strings.parse(JSON.parse(r.tags)) }, terms);
      } catch (err) {
        unreadable.push({ id: r.id, reason: reasonOf(err) });
        continue;
      }
      writeFts(r.rowid, index);
      if (++rewritten >= max) break;
    }
    return { looked, rewritten, next, unreadable };
  });

  const writeTx = db.transaction((add: readonly DocumentRecord[], removeIds: readonly string[], now: Date): StoredDocument[] => {
    const removed: StoredDocument[] = [];
    const deltas: Deltas = new Map();
    for (const id of removeIds) {
      const raw = selectById.get(id);
      if (raw === undefined) continue;
      const rowid = docRow.parse(raw).rowid;
      const stored = toStored(raw);
      deleteFts.run(rowid);
      deleteDoc.run(rowid);
      for (const t of topicEntries(stored.doc, stored.summary)) change(deltas, t, -1);
      removed.push(stored);
      count--;
    }
    for (const r of add) {
      const { doc, summary } = r;
      const info = insertDoc.run({
        id: doc.id,
        contentHash: documentHash(doc),
        sourceKey: r.sourceKey ?? null,
        path: doc.path,
        title: doc.title,
        text: doc.text,
        sections: JSON.stringify(doc.sections),
        headings: doc.headings ? JSON.stringify(doc.headings) : null,
        source: doc.source ?? null,
        url: doc.url ?? null,
        publishedAt: doc.publishedAt ? doc.publishedAt.getTime() : null,
        tags: JSON.stringify(doc.tags),
        image: doc.image ?? null,
        summary: JSON.stringify({ keyPoints: summary.keyPoints, entities: summary.entities, keyPhrases: summary.keyPhrases }),
        summaryVersion,
        ingestedAt: now.getTime(),
        ...(r.terms ? encodeTerms(r.terms) : { terms: null, lexicon: null, acronyms: null }),
      });
      insertFts.run(info.lastInsertRowid, r.index.headline, r.index.lead, r.index.body, r.index.tags);
      for (const t of r.topics) change(deltas, t, 1);
      count++;
    }
    applyDeltas(deltas);
    return removed;
  });

  return {
    count: () => count,
    search(q: TopicQuery, limit: number) {
      const order: number[] = [];
      const seen = new Set<number>();
      for (const pass of ftsPasses(q)) {
        if (order.length >= limit) break;
        for (const raw of newestMatches.all(pass, limit + seen.size)) {
          const rowid = Number(raw);
          if (seen.has(rowid)) continue;
          seen.add(rowid);
          order.push(rowid);
          if (order.length >= limit) break;
        }
      }
      if (order.length === 0) return [];
      const ids = new Map(idsOfRowids.all(JSON.stringify(order)).map((raw) => { const r = rowidIdRow.parse(raw); return [r.rowid, r.id]; }));
      return order.flatMap((r) => { const id = ids.get(r); return id === undefined ? [] : [id]; });
    },
    read(ids) {
      if (ids.length === 0) return [];
      const docs = new Map(byIds.all(JSON.stringify(ids)).map((raw) => { const s = toStored(raw); return [s.doc.id, s]; }));
      return ids.flatMap((id) => { const s = docs.get(id); return s ? [s] : []; });
    },
    latest: (limit) => latestStmt.all(limit).map(toStored),
    recent: (sinceMs, offset, limit) => recentStmt.all(sinceMs, limit, offset).map(toStored),
    topics(limit): TopicRow[] {
      return topTopics.all(limit).map((raw) => {
        const r = topicRow.parse(raw);
        return { key: r.key, name: r.name, count: r.count, fromTag: r.from_tag === 1 };
      });
    },
    refsByIds: (ids) => new Map(refsWhere('id', ids).map((r) => [r.id, r])),
    refsByKeys: (keys) => new Map(refsWhere('source_key', keys).map((r) => [r.sourceKey!, r])),
    refsByPaths: (paths) => refsWhere('path', paths),
    write: (add, removeIds, now) => writeTx(add, removeIds, now),
    setPath: (id, path) => void setPathStmt.run(path, id),
    olderThan: (ms, limit) => z.array(z.string()).parse(olderStmt.all({ ms, limit })),
    get(id) {
      const raw = selectById.get(id);
      return raw === undefined ? undefined : toStored(raw);
    },
    staleSummaries(below, scan, max) {
      const stale: StaleDocument[] = [];
      const unreadable: Unreadable[] = [];
      let next = 0;
      for (const raw of versionScan.all(below, scan)) {
        const r = versionRow.parse(raw);
        next = r.rowid;
        if (r.summary_version === summaryVersion) continue;
        const row = byRowid.get(r.rowid);
        if (row === undefined) continue;
        try {
          stale.push({ ...toStored(row), contentHash: r.content_hash });
        } catch (err) {
          unreadable.push({ id: r.id, reason: reasonOf(err) });
          continue;
        }
        if (stale.length >= max) break;
      }
      return { stale, next, unreadable };
    },
    replaceSummaries: (items) => replaceTx(items),
    refreshIndex: (below, scan, max, indexOf) => refreshTx(below, scan, max, indexOf),
    tidyIndex(pages) {
      const before = Number(totalChanges.get());
      mergeStmt.run(-Math.max(1, Math.floor(pages)));
      // FTS5's own test: a merge that did any work changes at least two rows.
      return Number(totalChanges.get()) - before >= 2;
    },
  };
}
