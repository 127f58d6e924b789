import type { Briefing, Digest, NewsDocument, Summary, TopicCount } from './types.js';

export type BriefResult =
  | { kind: 'ok'; briefing: Briefing }
  /** Nothing matched: the closest topics the library does know, never an empty answer. */
  | { kind: 'no_match'; topic: string; suggestions: string[] };

export interface DigestQuery {
  /** Empty: the top stories overall. */
  topics: string[];
  /** Only documents published after this (the channel's previous digest)… */
  since?: Date;
  /** …or among these: published before `since` but only stored after it (a feed fetched late). */
  lateArrivals?: ReadonlySet<string>;
  /** Stories in all (default 5). */
  limit: number;
  /** Skip a document already posted to the channel (the digest service decides, by id + hash). */
  exclude?: (doc: NewsDocument) => boolean;
  now: Date;
}

/** The loaded corpus as the commands and the scheduler see it. */
export interface Library {
  readonly size: number;
  documents(): readonly NewsDocument[];
  summaryOf(docId: string): Summary | undefined;
  /** No topic (undefined or blank): the latest top stories. */
  brief(topic: string | undefined, opts?: { limit?: number; now?: Date }): BriefResult;
  /** Topics the bot can brief on now, most covered first. */
  topics(limit?: number): TopicCount[];
  /** Autocomplete: topics starting with or close to the prefix (up to `limit`, default 25). */
  suggest(prefix: string, limit?: number): string[];
  digest(query: DigestQuery): Digest;
}
