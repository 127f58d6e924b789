import type { TopicQuery } from './query.js';
import type { NewsDocument, Summary } from './types.js';
import type { PackedTerms } from './packed-terms.js';

/**
 * What the core asks of the archive (the store's documents and full-text index). The core
 * never talks SQL: the store implements this, and a library without one lives in memory.
 */

export interface StoredDocument {
  doc: NewsDocument;
  summary: Summary;
  /** Its analysis as made at ingest; absent for a document stored before analyses were kept (it is analyzed when read). */
  terms?: PackedTerms;
}

/** A topic as the catalog counts it: how many stored documents name it. */
export interface TopicRow {
  key: string;
  name: string;
  count: number;
  /** From a tag (a folder name or category) rather than from the text. */
  fromTag: boolean;
}

export interface ArchiveReader {
  /** Documents stored. */
  count(): number;
  /**
   * Ids of documents matching the topic, the likeliest first (the core ranks them again). An
   * archive bounds the work for a common word, e.g. by reading its newest matches only.
   */
  search(q: TopicQuery, limit: number): string[];
  /** The stored documents with these ids, in that order (ids no longer stored are left out). */
  read(ids: readonly string[]): StoredDocument[];
  /** The newest documents, newest first (undated ones last). */
  latest(limit: number): StoredDocument[];
  /** Documents published at or after `sinceMs`, newest first, a page at a time. */
  recent(sinceMs: number, offset: number, limit: number): StoredDocument[];
  /** The most covered topics, most covered first. */
  topics(limit: number): TopicRow[];
}
