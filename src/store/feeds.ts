import type Database from 'better-sqlite3';
import { z } from 'zod';
import type { ChannelRef } from '../channels.js';

/** Feeds, their fetch state and health, the channels that added them, and the items seen. */

export type FeedSource = 'config' | 'chat' | 'opml';

export interface FeedRecord {
  id: number;
  url: string;
  /** The name given in the config or OPML; `title` is what the feed calls itself. */
  name?: string;
  title?: string;
  siteLink?: string;
  tags: string[];
  everyMs?: number;
  source: FeedSource;
  createdAt: Date;
  etag?: string;
  lastModified?: string;
  /** Not fetched before this (interval, max-age, Retry-After or backoff). */
  nextAt?: Date;
  lastFetchAt?: Date;
  lastOkAt?: Date;
  /** Successful fetches so far: 0 means the next one is the feed's first. */
  fetches: number;
  /** Consecutive failures. */
  failures: number;
  failingSince?: Date;
  lastError?: string;
  disabledReason?: string;
  disabledAt?: Date;
  disabledNotified: boolean;
}

export interface FeedItemRecord {
  feedId: number;
  docId: string;
  guid?: string;
  linkKey?: string;
  titleKey?: string;
  contentHash: string;
  publishedAt: Date;
  /** False when the feed gave no usable date and `publishedAt` is when the item was first seen. */
  dated: boolean;
  firstSeen: Date;
  lastSeen: Date;
}

export interface NewFeed {
  url: string;
  name?: string;
  tags: string[];
  everyMs?: number;
  source: FeedSource;
  createdAt: Date;
}

/** The fields a fetch or an operator changes. */
export type FeedPatch = Partial<
  Pick<
    FeedRecord,
    | 'url'
    | 'name'
    | 'title'
    | 'siteLink'
    | 'tags'
    | 'everyMs'
    | 'source'
    | 'etag'
    | 'lastModified'
    | 'nextAt'
    | 'lastFetchAt'
    | 'lastOkAt'
    | 'fetches'
    | 'failures'
    | 'failingSince'
    | 'lastError'
    | 'disabledReason'
    | 'disabledAt'
    | 'disabledNotified'
  >
>;

export interface FeedRepo {
  /** Adds the feed, or returns the one already stored under this URL unchanged. */
  add(input: NewFeed): { feed: FeedRecord; created: boolean };
  get(id: number): FeedRecord | undefined;
  byUrl(url: string): FeedRecord | undefined;
  /** Oldest first. */
  list(): FeedRecord[];
  /** Removes the feed with its items and channels. */
  remove(id: number): boolean;
  update(id: number, patch: FeedPatch): FeedRecord;
  /**
   * Makes the config feeds exactly `entries` (by URL): new ones added, gone ones removed, the rest
   * updated in place (name, tags, every) so their fetch state and items survive. A URL already
   * added in chat becomes a config feed. One transaction; returns the removed feeds' ids.
   */
  syncConfig(entries: NewFeed[]): { added: number; removed: number[]; kept: number };
  addChannel(feedId: number, channel: ChannelRef, addedBy: string | undefined, at: Date): void;
  channels(feedId: number): ChannelRef[];
  items(feedId: number): FeedItemRecord[];
  itemCount(feedId: number): number;
  saveItems(items: FeedItemRecord[]): void;
  /** Forget validators and content hashes (not identities or dates): the next poll re-ingests every item. */
  forgetFetched(): void;
}

const optionalText = z.string().nullable().transform((s) => s ?? undefined);
const optionalDate = z.string().nullable().transform((s) => (s === null ? undefined : new Date(s)));
const tagList = z.string().transform((s) => z.array(z.string()).parse(JSON.parse(s)));

const feedRow = z
  .object({
    id: z.number().int(),
    url: z.string(),
    name: optionalText,
    title: optionalText,
    site_link: optionalText,
    tags: tagList,
    every_ms: z.number().int().nullable(),
    source: z.enum(['config', 'chat', 'opml']),
    created_at: z.string(),
    etag: optionalText,
    last_modified: optionalText,
    next_at: optionalDate,
    last_fetch_at: optionalDate,
    last_ok_at: optionalDate,
    fetches: z.number().int(),
    failures: z.number().int(),
    failing_since: optionalDate,
    last_error: optionalText,
    disabled_reason: optionalText,
    disabled_at: optionalDate,
    disabled_notified: z.number().int(),
  })
  .transform(
    (r): FeedRecord => ({
      id: r.id,
      url: r.url,
      name: r.name,
      title: r.title,
      siteLink: r.site_link,
      tags: r.tags,
      everyMs: r.every_ms ?? undefined,
      source: r.source,
      createdAt: new Date(r.created_at),
      etag: r.etag,
      lastModified: r.last_modified,
      nextAt: r.next_at,
      lastFetchAt: r.last_fetch_at,
      lastOkAt: r.last_ok_at,
      fetches: r.fetches,
      failures: r.failures,
      failingSince: r.failing_since,
      lastError: r.last_error,
      disabledReason: r.disabled_reason,
      disabledAt: r.disabled_at,
      disabledNotified: r.disabled_notified !== 0,
    }),
  );

const itemRow = z
  .object({
    feed_id: z.number().int(),
    doc_id: z.string(),
    guid: optionalText,
    link_key: optionalText,
    title_key: optionalText,
    content_hash: z.string(),
    published_at: z.string(),
    dated: z.number().int(),
    first_seen: z.string(),
    last_seen: z.string(),
  })
  .transform(
    (r): FeedItemRecord => ({
      feedId: r.feed_id,
      docId: r.doc_id,
      guid: r.guid,
      linkKey: r.link_key,
      titleKey: r.title_key,
      contentHash: r.content_hash,
      publishedAt: new Date(r.published_at),
      dated: r.dated !== 0,
      firstSeen: new Date(r.first_seen),
      lastSeen: new Date(r.last_seen),
    }),
  );

const COLUMNS: Record<keyof FeedPatch, string> = {
  url: 'url',
  name: 'name',
  title: 'title',
  siteLink: 'site_link',
  tags: 'tags',
  everyMs: 'every_ms',
  source: 'source',
  etag: 'etag',
  lastModified: 'last_modified',
  nextAt: 'next_at',
  lastFetchAt: 'last_fetch_at',
  lastOkAt: 'last_ok_at',
  fetches: 'fetches',
  failures: 'failures',
  failingSince: 'failing_since',
  lastError: 'last_error',
  disabledReason: 'disabled_reason',
  disabledAt: 'disabled_at',
  disabledNotified: 'disabled_notified',
};

function sqlValue(value: unknown): string | number | null {
  if (value === undefined || value === null) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (Array.isArray(value)) return JSON.stringify(value);
  if (typeof value === 'string' || typeof value === 'number') return value;
  throw new Error(`feeds: cannot store a ${typeof value}`);
}

export function feedRepo(db: Database.Database): FeedRepo {
  const insert = db.prepare(
    `INSERT INTO feeds (url, name, tags, every_ms, source, created_at) VALUES (@url, @name, @tags, @everyMs, @source, @createdAt)
     ON CONFLICT (url) DO NOTHING`,
  );
  const byId = db.prepare('SELECT * FROM feeds WHERE id = ?');
  const byUrlStmt = db.prepare('SELECT * FROM feeds WHERE url = ?');
  const all = db.prepare('SELECT * FROM feeds ORDER BY id');
  const del = db.prepare('DELETE FROM feeds WHERE id = ?');
  const configFeeds = db.prepare("SELECT * FROM feeds WHERE source = 'config'");
  const addChannelStmt = db.prepare(
    'INSERT INTO feed_channels (feed_id, channel, added_by, added_at) VALUES (?, ?, ?, ?) ON CONFLICT (feed_id, channel) DO NOTHING',
  );
  const channelsStmt = db.prepare('SELECT channel FROM feed_channels WHERE feed_id = ? ORDER BY added_at').pluck();
  const itemsStmt = db.prepare('SELECT * FROM feed_items WHERE feed_id = ?');
  const itemCountStmt = db.prepare('SELECT count(*) FROM feed_items WHERE feed_id = ?').pluck();
  const upsertItem = db.prepare(
    `INSERT INTO feed_items (feed_id, doc_id, guid, link_key, title_key, content_hash, published_at, dated, first_seen, last_seen)
     VALUES (@feedId, @docId, @guid, @linkKey, @titleKey, @contentHash, @publishedAt, @dated, @firstSeen, @lastSeen)
     ON CONFLICT (feed_id, doc_id) DO UPDATE SET guid = excluded.guid, link_key = excluded.link_key, title_key = excluded.title_key,
       content_hash = excluded.content_hash, published_at = excluded.published_at, dated = excluded.dated, last_seen = excluded.last_seen`,
  );
  const updates = new Map<string, Database.Statement>();

  const parse = (row: unknown): FeedRecord => feedRow.parse(row);
  const get = (id: number): FeedRecord | undefined => {
    const row = byId.get(id);
    return row === undefined ? undefined : parse(row);
  };

  const update = (id: number, patch: FeedPatch): FeedRecord => {
    const keys = (Object.keys(patch) as (keyof FeedPatch)[]).filter((k) => k in COLUMNS).sort();
    if (keys.length > 0) {
      const sig = keys.join(',');
      let stmt = updates.get(sig);
      if (!stmt) {
        stmt = db.prepare(`UPDATE feeds SET ${keys.map((k) => `${COLUMNS[k]} = @${k}`).join(', ')} WHERE id = @id`);
        updates.set(sig, stmt);
      }
      const params: Record<string, string | number | null> = { id };
      for (const k of keys) params[k] = sqlValue(patch[k]);
      stmt.run(params);
    }
    const feed = get(id);
    if (!feed) throw new Error(`feeds: no feed ${id}`);
    return feed;
  };

  const add = (input: NewFeed): { feed: FeedRecord; created: boolean } => {
    const info = insert.run({
      url: input.url,
      name: input.name ?? null,
      tags: JSON.stringify(input.tags),
      everyMs: input.everyMs ?? null,
      source: input.source,
      createdAt: input.createdAt.toISOString(),
    });
    return { feed: parse(byUrlStmt.get(input.url)), created: info.changes > 0 };
  };

  const syncConfig = db.transaction((entries: NewFeed[]) => {
    const existing = new Map(configFeeds.all().map((r) => parse(r)).map((f) => [f.url, f] as const));
    const wanted = new Set<string>();
    let added = 0;
    let kept = 0;
    for (const entry of entries) {
      if (wanted.has(entry.url)) continue;
      wanted.add(entry.url);
      const { feed, created } = add(entry);
      if (created) added++;
      else {
        kept++;
        update(feed.id, { name: entry.name, tags: entry.tags, everyMs: entry.everyMs, source: 'config' });
      }
    }
    const removed: number[] = [];
    for (const [url, feed] of existing) {
      if (!wanted.has(url)) {
        del.run(feed.id);
        removed.push(feed.id);
      }
    }
    return { added, removed, kept };
  });

  const saveItems = db.transaction((items: FeedItemRecord[]) => {
    for (const item of items) {
      upsertItem.run({
        feedId: item.feedId,
        docId: item.docId,
        guid: item.guid ?? null,
        linkKey: item.linkKey ?? null,
        titleKey: item.titleKey ?? null,
        contentHash: item.contentHash,
        publishedAt: item.publishedAt.toISOString(),
        dated: item.dated ? 1 : 0,
        firstSeen: item.firstSeen.toISOString(),
        lastSeen: item.lastSeen.toISOString(),
      });
    }
  });

  const forget = db.transaction(() => {
    db.prepare('UPDATE feeds SET etag = NULL, last_modified = NULL, next_at = NULL').run();
    db.prepare("UPDATE feed_items SET content_hash = ''").run();
  });

  return {
    add,
    get,
    forgetFetched: () => forget(),
    byUrl: (url) => {
      const row = byUrlStmt.get(url);
      return row === undefined ? undefined : parse(row);
    },
    list: () => all.all().map(parse),
    remove: (id) => del.run(id).changes > 0,
    update,
    syncConfig: (entries) => syncConfig(entries),
    addChannel: (feedId, channel, addedBy, at) => void addChannelStmt.run(feedId, channel, addedBy ?? null, at.toISOString()),
    channels: (feedId) => channelsStmt.all(feedId).map((c) => z.string().parse(c) as ChannelRef),
    items: (feedId) => itemsStmt.all(feedId).map((r) => itemRow.parse(r)),
    itemCount: (feedId) => Number(itemCountStmt.get(feedId)),
    saveItems: (items) => saveItems(items),
  };
}
