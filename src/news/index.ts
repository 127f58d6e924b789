/**
 * The core's front door: what code outside src/news uses (scripts/eval, scripts/bench, tools
 * written elsewhere). Kept small and stable; everything else in src/news may change.
 *
 *   import { createDocument, openLibrary } from 'newsbrief/src/news/index.js';
 *   const library = openLibrary([createDocument({ title: 'Floods in Valencia', text: '…' })]);
 *   const answer = library.brief('valencia', { limit: 3 });
 */
import { silentLogger, type Logger } from '../log.js';
import { makeDocument } from './document.js';
import { buildLibrary, type LibraryOptions } from './library.js';
import { loadFiles as loadFilesImpl, loadFolder as loadFolderImpl, type LoadResult } from './load.js';
import type { NewsDocument } from './types.js';

export type { Briefing, Digest, DigestGroup, Entity, NewsDocument, Story, Summary, TopicCount, Clock } from './types.js';
export type { BriefResult, DigestQuery, Library } from './library-api.js';
export type { LibraryOptions, LiveLibrary, WindowOptions } from './library.js';
export type { ArchiveReader, StoredDocument } from './archive-api.js';
/** A library over a store (ArchiveReader): the recent documents in memory, the rest searched on disk. */
export { openArchiveLibrary } from './library.js';
export type { LoadResult } from './load.js';

/** Plain fields of a document; only title and text are required. */
export interface DocumentFields {
  title: string;
  /** The body; paragraphs separated by newlines. */
  text: string;
  source?: string;
  url?: string;
  /** Leave out when unknown: the document is then undated (ranked as old), never dated "now". */
  publishedAt?: Date;
  /** Where it came from (shown in citations when there is no URL); default "<id>". */
  path?: string;
  tags?: string[];
}

/** A document from plain fields, with its stable id; throws when the text is empty. */
export function createDocument(fields: DocumentFields): NewsDocument {
  const doc = makeDocument({
    title: fields.title,
    body: fields.text,
    source: fields.source,
    url: fields.url,
    publishedAt: fields.publishedAt,
    path: fields.path ?? '',
    tags: fields.tags ?? [],
  });
  if (!doc) throw new Error('createDocument: the text is empty');
  if (doc.path === '') doc.path = doc.id;
  return doc;
}

/**
 * A library over these documents, in memory (no store): each is summarized and indexed once.
 * `brief(topic, { limit })`, `digest({ topics, limit, now })`, `topics()` and `suggest()` answer
 * exactly as the bot does.
 */
export function openLibrary(docs: readonly NewsDocument[], opts: LibraryOptions = {}) {
  return buildLibrary([...docs], opts);
}

/** Every supported file under a folder, as the bot reads its seeds (bad files skipped with a warning). */
export function loadFolder(dir: string, opts: { maxFileBytes?: number; logger?: Logger } = {}): Promise<LoadResult> {
  return loadFolderImpl(dir, { maxFileBytes: opts.maxFileBytes ?? 2 * 1024 * 1024, logger: opts.logger ?? silentLogger });
}

/** Just these files (absolute paths under `root`), with the same rules. */
export function loadFiles(root: string, files: string[], opts: { maxFileBytes?: number; logger?: Logger } = {}): Promise<LoadResult> {
  return loadFilesImpl(root, files, { maxFileBytes: opts.maxFileBytes ?? 2 * 1024 * 1024, logger: opts.logger ?? silentLogger });
}

/** The parser's form: a body whose first line may be the headline (what the file loaders use). */
export { makeDocument, type DocumentParts } from './document.js';
/** The same as openLibrary, under the name older tools know. */
export { buildLibrary } from './library.js';

// Lower-level pieces for evaluation and tuning (scripts/eval): the summarizer and its parts.
export { summarize, sentencesOf, KEY_POINTS, SUMMARY_VERSION } from './summarize.js';
export { selectKeyPoints, prepareKeyPoints, chooseKeyPoints, defaultWeights, type KeyPointWeights, type PreparedKeyPoints } from './keypoints.js';
export { topicWeights, type TopicSentenceWeights, type SentenceFeatures } from './topic-sentences.js';
export { TopicSentenceBench } from './topic-bench.js';
export { splitSentences } from './sentences.js';
/** A document's text as the archive's full-text index holds it (the core's stems per column). */
export { indexText, indexTextOf, type IndexText } from './index-text.js';
/** A document's analysis as the archive keeps it, and the full-text columns made from it (what ingest's worker does). */
export { packTerms, type PackedTerms } from './packed-terms.js';
