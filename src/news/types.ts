// The core's data model. Platform-neutral: adapters render these, the store caches Summary.

export interface NewsDocument {
  /** Stable id: a hash of the normalized text (the same text twice is one document). */
  id: string;
  title: string;
  /** The body as paragraphs joined by "\n"; section headings are not part of it. */
  text: string;
  /** Section headings found in the body, in order ("War on Gaza"). */
  sections: string[];
  /**
   * The headings with the index of the first paragraph (in `text.split("\n")`) under each;
   * absent when the body has none.
   */
  headings?: { title: string; paragraph: number }[];
  source?: string;
  url?: string;
  /** When it was published; absent when nothing says (never invented: see README "Dates"). */
  publishedAt?: Date;
  /** Path relative to the seeds folder, with forward slashes ("sport/012.txt"). */
  path: string;
  /** From the folder path ("sport/012.txt" is tagged "sport"), plus any category metadata. */
  tags: string[];
  /** A picture for the story (feeds: media:thumbnail, enclosure, og:image): an http(s) URL. */
  image?: string;
  /**
   * Set on documents from a feed: the item's stable key (also its id), which survives edits,
   * guid changes and http→https, unlike the content-hash ids of files.
   */
  feedItem?: string;
}

export type EntityKind = 'person' | 'place' | 'organization' | 'other';

export interface Entity {
  text: string;
  kind: EntityKind;
}

export interface Summary {
  docId: string;
  headline: string;
  /** Up to three sentences of the document, in document order. */
  keyPoints: string[];
  entities: Entity[];
  keyPhrases: string[];
}

export interface Story {
  doc: NewsDocument;
  summary: Summary;
  /** The one or two sentences that say most about the topic (or the key points without one). */
  sentences: string[];
  /** Near-duplicates merged into this story. */
  related: NewsDocument[];
}

export interface Briefing {
  topic?: string;
  generatedAt: Date;
  stories: Story[];
  /** Other topics worth asking about. */
  suggestions: string[];
}

export interface DigestGroup {
  topic: string;
  stories: Story[];
}

export interface Digest {
  /** A title for the post, e.g. "Daily digest: china, tech". */
  title: string;
  generatedAt: Date;
  since?: Date;
  groups: DigestGroup[];
}

export interface TopicCount {
  name: string;
  count: number;
}

/** What the store offers the core so a restart does not re-summarize unchanged documents. */
export interface SummaryCache {
  get(docId: string): Summary | undefined;
  putMany(summaries: Summary[]): void;
}

/** Injected everywhere time matters, so tests never wait. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
