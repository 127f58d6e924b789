import type Database from 'better-sqlite3';
import { z } from 'zod';

/**
 * Documents that reached the store after they were published: a feed fetched late (down for a
 * day, polled after the digest), a folder filled with yesterday's files. A digest picks
 * documents published since the previous one; these were published before it but nobody could
 * have seen them then, so they are new to the channel all the same.
 */
export interface ArrivalRepo {
  /**
   * Ids of documents stored after `sinceMs` but published before it, and not before
   * `publishedFromMs` (an old backlog, such as a new feed's archive, is not news). Undated
   * documents are left out: nothing says when they happened. At most `limit`, earliest arrival first.
   */
  late(sinceMs: number, publishedFromMs: number, limit: number): string[];
}

export function arrivalRepo(db: Database.Database): ArrivalRepo {
  const lateStmt = db
    .prepare(
      `SELECT id FROM documents
       WHERE ingested_at > @since AND published_at <= @since AND published_at >= @from
       ORDER BY ingested_at LIMIT @limit`,
    )
    .pluck();
  return {
    late: (sinceMs, publishedFromMs, limit) => z.array(z.string()).parse(lateStmt.all({ since: sinceMs, from: publishedFromMs, limit })),
  };
}
