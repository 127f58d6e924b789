import type Database from 'better-sqlite3';

/**
 * Pruning what the digest scheduler no longer needs. Exactly-once rests on three things, and
 * none of them is ever pruned: pending rows (a post may be in flight); each subscription's latest
 * delivered row (its `since` for the next digest); and rows inside the scheduler's reach (a slot
 * is only ever posted within the grace window, at most 72 hours, far inside the horizon here).
 * A posted-document record goes only once its document has left the archive: a document still
 * stored can never be posted to the same channel twice.
 */

export interface RetentionRepo {
  /** Settled ledger rows with a slot before `before`, except each subscription's latest delivered one. */
  pruneLedger(before: Date): number;
  /** Posted-document records from before `before` whose documents are no longer stored. */
  prunePosted(before: Date): number;
}

export function retentionRepo(db: Database.Database): RetentionRepo {
  const ledger = db.prepare(
    `DELETE FROM digest_ledger
      WHERE state <> 'pending' AND slot < @before
        AND NOT (state IN ('sent', 'skipped') AND composed_at IS (
          SELECT max(l2.composed_at) FROM digest_ledger AS l2
           WHERE l2.subscription_id = digest_ledger.subscription_id AND l2.state IN ('sent', 'skipped')))`,
  );
  const posted = db.prepare(
    `DELETE FROM posted_documents
      WHERE posted_at < @before AND NOT EXISTS (SELECT 1 FROM documents WHERE documents.id = posted_documents.doc_id)`,
  );
  return {
    pruneLedger: (before) => ledger.run({ before: before.toISOString() }).changes,
    prunePosted: (before) => posted.run({ before: before.toISOString() }).changes,
  };
}
