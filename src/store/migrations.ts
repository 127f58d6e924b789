import type Database from 'better-sqlite3';

/**
 * The schema as an ordered list: entry i brings a database from version i to i + 1. Never edit a
 * shipped entry; append a new one. The version lives in SQLite's user_version.
 */
export const migrations: readonly string[] = [
  `
  CREATE TABLE subscriptions (
    id INTEGER PRIMARY KEY AUTOINCREMENT, -- AUTOINCREMENT: ids are never reused, so idempotency keys stay unique
    channel TEXT NOT NULL,
    at TEXT,
    cron TEXT,
    timezone TEXT NOT NULL,
    topics TEXT NOT NULL,
    stories INTEGER NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('config', 'chat')),
    config_key TEXT UNIQUE,
    created_by TEXT,
    paused_reason TEXT,
    paused_at TEXT,
    active_since TEXT NOT NULL,
    created_at TEXT NOT NULL,
    CHECK ((at IS NULL) <> (cron IS NULL))
  );
  CREATE INDEX subscriptions_by_channel ON subscriptions (channel);

  CREATE TABLE digest_ledger (
    subscription_id INTEGER NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
    slot TEXT NOT NULL,
    channel TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'skipped', 'missed', 'failed')),
    idempotency_key TEXT NOT NULL,
    message_ids TEXT NOT NULL DEFAULT '[]',
    docs TEXT NOT NULL DEFAULT '[]',
    attempts INTEGER NOT NULL DEFAULT 0,
    error TEXT,
    composed_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (subscription_id, slot)
  );
  CREATE INDEX digest_ledger_by_state ON digest_ledger (state);

  CREATE TABLE posted_documents (
    channel TEXT NOT NULL,
    doc_id TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    posted_at TEXT NOT NULL,
    PRIMARY KEY (channel, doc_id)
  );

  CREATE TABLE summaries (
    doc_id TEXT PRIMARY KEY,
    summary TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );

  CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );
  `,
  // 2: who is posting a pending digest and until when (so a second instance on the same database
  // can tell a live claim from a dead one), and which summarizer version wrote a cached summary.
  // Rows from before have no owner and no lease: they are treated as abandoned.
  `
  ALTER TABLE digest_ledger ADD COLUMN owner TEXT;
  ALTER TABLE digest_ledger ADD COLUMN claimed_at TEXT;
  ALTER TABLE digest_ledger ADD COLUMN lease_until TEXT;
  ALTER TABLE summaries ADD COLUMN version TEXT;
  `,
  // 3: feeds, their fetch state (validators survive a restart), their health, the channels whose
  // admins added them, and the items seen (identity keys → the document each became).
  `
  CREATE TABLE feeds (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    url TEXT NOT NULL UNIQUE,
    name TEXT,
    title TEXT,
    site_link TEXT,
    tags TEXT NOT NULL DEFAULT '[]',
    every_ms INTEGER,
    source TEXT NOT NULL CHECK (source IN ('config', 'chat', 'opml')),
    created_at TEXT NOT NULL,
    etag TEXT,
    last_modified TEXT,
    next_at TEXT,
    last_fetch_at TEXT,
    last_ok_at TEXT,
    fetches INTEGER NOT NULL DEFAULT 0,
    failures INTEGER NOT NULL DEFAULT 0,
    failing_since TEXT,
    last_error TEXT,
    disabled_reason TEXT,
    disabled_at TEXT,
    disabled_notified INTEGER NOT NULL DEFAULT 0
  );

  CREATE TABLE feed_channels (
    feed_id INTEGER NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,
    channel TEXT NOT NULL,
    added_by TEXT,
    added_at TEXT NOT NULL,
    PRIMARY KEY (feed_id, channel)
  );

  CREATE TABLE feed_items (
    feed_id INTEGER NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,
    doc_id TEXT NOT NULL,
    guid TEXT,
    link_key TEXT,
    title_key TEXT,
    content_hash TEXT NOT NULL,
    published_at TEXT NOT NULL,
    dated INTEGER NOT NULL,
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL,
    PRIMARY KEY (feed_id, doc_id)
  );
  CREATE INDEX feed_items_by_guid ON feed_items (feed_id, guid);
  CREATE INDEX feed_items_by_link ON feed_items (feed_id, link_key);
  CREATE INDEX feed_items_by_title ON feed_items (feed_id, title_key);
  `,
  // 4: a digest in several messages is several deliveries: each message (part) has its own key,
  // its own documents and its own "sent", so a crash between two parts loses neither.
  `
  CREATE TABLE digest_parts (
    subscription_id INTEGER NOT NULL,
    slot TEXT NOT NULL,
    part INTEGER NOT NULL,
    idempotency_key TEXT NOT NULL,
    docs TEXT NOT NULL DEFAULT '[]',
    message_ids TEXT NOT NULL DEFAULT '[]',
    sent_at TEXT,
    PRIMARY KEY (subscription_id, slot, part),
    FOREIGN KEY (subscription_id, slot) REFERENCES digest_ledger (subscription_id, slot) ON DELETE CASCADE
  );
  `,
  // 5: the archive. Every document with its summary; a full-text index over the core's stems
  // (contentless: the text is in documents already); topic counts kept per document as they
  // arrive; and the seed files already read, so a restart re-reads nothing unchanged.
  // published_at is NULL for an undated document; source_key is a feed item's key (it survives
  // edits); content_hash tells an edited document from the one stored.
  `
  CREATE TABLE documents (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    content_hash TEXT NOT NULL,
    source_key TEXT UNIQUE,
    path TEXT NOT NULL,
    title TEXT NOT NULL,
    text TEXT NOT NULL,
    sections TEXT NOT NULL,
    headings TEXT,
    source TEXT,
    url TEXT,
    published_at INTEGER,
    tags TEXT NOT NULL,
    image TEXT,
    summary TEXT NOT NULL,
    summary_version TEXT NOT NULL,
    ingested_at INTEGER NOT NULL
  );
  CREATE INDEX documents_by_path ON documents (path);
  CREATE INDEX documents_by_published ON documents (published_at);
  CREATE INDEX documents_by_ingested ON documents (ingested_at);

  CREATE VIRTUAL TABLE documents_fts USING fts5 (
    headline, lead, body, tags,
    content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 0', detail = full
  );

  CREATE TABLE topic_counts (
    key TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    count INTEGER NOT NULL,
    from_tag INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX topic_counts_by_count ON topic_counts (count DESC, key);

  CREATE TABLE seed_files (
    path TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    mtime_ms INTEGER NOT NULL,
    hash TEXT NOT NULL
  ) WITHOUT ROWID;
  `,
  // 6: each document's analysis as ingest made it (stems + per-token ids, see terms-codec.ts), so
  // an archive candidate is re-ranked from a row read instead of analyzing its text at query time.
  // NULL for documents stored before: the library analyzes those when it reads them.
  // automerge 8 (default 4): the full-text index merges its segments less often as it grows,
  // which is most of its write cost at archive size; queries read a few more segments.
  `
  ALTER TABLE documents ADD COLUMN terms BLOB;
  ALTER TABLE documents ADD COLUMN lexicon TEXT;
  ALTER TABLE documents ADD COLUMN acronyms TEXT;
  INSERT INTO documents_fts (documents_fts, rank) VALUES ('automerge', 8);
  `,
];

export class StoreVersionError extends Error {
  constructor(readonly found: number, readonly known: number) {
    super(`store: the database is at schema version ${found}, newer than this newsbrief knows (${known}); upgrade newsbrief or use another NEWSBRIEF_DB`);
    this.name = 'StoreVersionError';
  }
}

/** Brings the database to the latest version; running it again changes nothing. Returns the version. */
export function migrate(db: Database.Database, list: readonly string[] = migrations): number {
  const current = Number(db.pragma('user_version', { simple: true }));
  if (current > list.length) throw new StoreVersionError(current, list.length);
  for (let v = current; v < list.length; v++) {
    // Each step and its version bump commit together, so a crash mid-migration leaves the old version.
    db.transaction(() => {
      db.exec(list[v]!);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
  return list.length;
}
