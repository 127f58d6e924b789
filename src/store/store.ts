import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { silentLogger, type Logger } from '../log.js';
import type { SummaryCache } from '../news/types.js';
import { feedRepo, type FeedRepo } from './feeds.js';
import { ledgerRepo, type LedgerRepo } from './ledger.js';
import { metaRepo, type MetaRepo } from './meta.js';
import { migrate } from './migrations.js';
import { markOpen, walPresent } from './wal-check.js';
import { postedRepo, type PostedRepo } from './posted.js';
import { subscriptionRepo, type SubscriptionRepo } from './subscriptions.js';
import { summaryCacheOver } from './summaries.js';
import { documentRepo, type DocumentRepo } from './documents.js';
import { seedFileRepo, type SeedFileRepo } from './seed-files.js';
import { retentionRepo, type RetentionRepo } from './retention.js';
import { arrivalRepo, type ArrivalRepo } from './arrivals.js';
import { checkNewsbriefDatabase, StoreFileError } from './open-check.js';

export type { DigestPart, DocRef, LedgerEntry, LedgerState, NewSubscription, Subscription, SubscriptionSource } from './types.js';
export type { Composition, Lease, PartPlan, SlotRef } from './ledger.js';
export { StoreFileError } from './open-check.js';

/** Everything newsbrief keeps between runs. All SQL lives under src/store. */
export interface Store {
  readonly path: string;
  readonly schemaVersion: number;
  /**
   * Random, made when the database is created: it goes into idempotency keys so a fresh database
   * (subscription ids from 1 again) never produces a key an old post already carries.
   */
  readonly instanceId: string;
  readonly subscriptions: SubscriptionRepo;
  readonly ledger: LedgerRepo;
  readonly posted: PostedRepo;
  readonly meta: MetaRepo;
  readonly feeds: FeedRepo;
  /** The archive: documents, their summaries, the full-text index and topic counts. */
  readonly documents: DocumentRepo;
  readonly seedFiles: SeedFileRepo;
  readonly retention: RetentionRepo;
  /** Documents that arrived after they were published (late feeds): digests count them as new. */
  readonly arrivals: ArrivalRepo;
  /** Runs `fn` in one transaction (several repos' writes commit together or not at all). */
  transaction<T>(fn: () => T): T;
  /** Size of the database file in bytes (0 in memory). */
  fileBytes(): number;
  /**
   * True when the database had lost recent writes at open (its -wal file was missing although it
   * had not been closed cleanly): the ledger may not know of digests that went out.
   */
  readonly lostWrites: boolean;
  readonly summaryCache: SummaryCache & { count(): number };
  close(): void;
}

const INSTANCE_KEY = 'store.instance_id';

export interface StoreOptions {
  logger?: Logger;
  /** How long a writer waits for another connection's lock before failing (default 5000 ms). */
  busyTimeoutMs?: number;
  /**
   * The summarizer's version (SUMMARY_VERSION in src/news/summarize.ts): cached summaries written
   * under another version are misses. Unset matches only summaries stored without a version.
   */
  summaryVersion?: string;
}

/** Opens (creating the folder and file if needed) and migrates the store. ":memory:" works for tests. */
export function openStore(path: string, opts: StoreOptions = {}): Store {
  const logger = opts.logger ?? silentLogger;
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const hadWal = walPresent(path);
  let db: Database.Database;
  try {
    db = new Database(path);
  } catch (err) {
    throw new StoreFileError(path, err instanceof Error ? err.message : String(err));
  }
  try {
    checkNewsbriefDatabase(db, path);
    db.pragma('journal_mode = WAL');
    // FULL: a "sent" mark must survive power loss too, or a reboot would post the digest again.
    db.pragma('synchronous = FULL');
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(opts.busyTimeoutMs ?? 5000))}`);
    db.pragma('foreign_keys = ON');
    // 32 MB of page cache (SQLite's default is 2 MB): at a million documents the id index and the
    // full-text segments being merged are far bigger than that, and every miss is a read; more
    // would count against the bot's memory.
    db.pragma('cache_size = -32768');
    const version = migrate(db);
    const posted = postedRepo(db);
    const ledger = ledgerRepo(db, posted);
    const meta = metaRepo(db);
    let instanceId = meta.get(INSTANCE_KEY);
    if (!instanceId) {
      instanceId = randomBytes(4).toString('hex');
      meta.set(INSTANCE_KEY, instanceId);
    }
    const marker = markOpen(path, hadWal, meta, () => db.pragma('wal_checkpoint(PASSIVE)'));
    if (marker.lostWrites) {
      logger.warn(
        { path, missing: `${path}-wal` },
        'store: the database was not closed cleanly and its -wal file is missing (was only the .db copied?): recent writes are lost; digests due now are looked for on the platform before posting, and one that cannot be checked is skipped rather than risk a duplicate',
      );
    }
    let open = true;
    logger.debug({ path, version }, 'store opened');
    return {
      path,
      schemaVersion: version,
      instanceId,
      subscriptions: subscriptionRepo(db),
      ledger,
      posted,
      meta,
      feeds: feedRepo(db),
      lostWrites: marker.lostWrites,
      summaryCache: summaryCacheOver(db, logger, opts.summaryVersion),
      documents: documentRepo(db, opts.summaryVersion ?? ''),
      seedFiles: seedFileRepo(db),
      retention: retentionRepo(db),
      arrivals: arrivalRepo(db),
      transaction: <T>(fn: () => T): T => db.transaction(fn)(),
      fileBytes: () => (path === ':memory:' ? 0 : Number(db.pragma('page_count', { simple: true })) * Number(db.pragma('page_size', { simple: true }))),
      close() {
        if (!open) return;
        open = false;
        try {
          marker.clear();
        } finally {
          db.close();
        }
      },
    };
  } catch (err) {
    db.close();
    throw StoreFileError.wrap(path, err);
  }
}
