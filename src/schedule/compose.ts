import { createHash } from 'node:crypto';
import type { Library } from '../news/library-api.js';
import type { Digest, NewsDocument } from '../news/types.js';
import type { DocRef } from '../store/types.js';

const hashes = new WeakMap<NewsDocument, string>();

/** What a channel was shown of a document: a changed title or text gives a new hash. */
export function contentHash(doc: NewsDocument): string {
  let h = hashes.get(doc);
  if (h === undefined) {
    h = createHash('sha256').update(doc.title).update('\n').update(doc.text).digest('hex').slice(0, 32);
    hashes.set(doc, h);
  }
  return h;
}

export interface ComposeInput {
  topics: string[];
  stories: number;
  /** The previous digest's composition time: only documents published after it. */
  since?: Date;
  /** Published before `since` but stored after it; one the channel was shown in any version stays out. */
  lateArrivals?: readonly string[];
  /** doc id → content hash already posted to the channel. */
  posted: ReadonlyMap<string, string>;
  /** Only these documents (recovery composing again the messages that never went out). */
  only?: ReadonlySet<string>;
  now: Date;
}

export interface Composed {
  digest: Digest;
  docs: DocRef[];
  empty: boolean;
}

/** The channel's digest: top stories since the last one, without what the channel has already seen. */
export function composeDigest(library: Library, input: ComposeInput): Composed {
  const digest = library.digest({
    topics: input.topics,
    since: input.since,
    lateArrivals: new Set((input.lateArrivals ?? []).filter((id) => !input.posted.has(id))),
    limit: input.stories,
    exclude: (doc) => (input.only ? !input.only.has(doc.id) : input.posted.get(doc.id) === contentHash(doc)),
    now: input.now,
  });
  const docs = digestDocs(digest);
  return { digest, docs, empty: docs.length === 0 };
}

/** The documents a digest shows; related near-duplicates were shown too (as "+N similar"), so they count. */
export function digestDocs(digest: Digest): DocRef[] {
  const seen = new Map<string, DocRef>();
  for (const group of digest.groups) {
    for (const story of group.stories) {
      for (const doc of [story.doc, ...story.related]) seen.set(doc.id, { id: doc.id, hash: contentHash(doc) });
    }
  }
  return [...seen.values()];
}
