import type Database from 'better-sqlite3';
import { z } from 'zod';
import type { Logger } from '../log.js';
import type { Summary, SummaryCache } from '../news/types.js';

const summarySchema = z.object({
  docId: z.string(),
  headline: z.string(),
  keyPoints: z.array(z.string()),
  entities: z.array(z.object({ text: z.string(), kind: z.enum(['person', 'place', 'organization', 'other']) })),
  keyPhrases: z.array(z.string()),
});

const cachedRow = z.object({ summary: z.string(), version: z.string().nullable() });

/**
 * The summary cache over SQLite; an unreadable entry is a miss (the core re-summarizes), never an
 * error. Each row carries the summarizer version that wrote it: a summary from another version
 * is a miss, so an upgrade that changes what summaries say does not keep serving the old ones.
 * One row per document: writing the new version replaces the old.
 */
export function summaryCacheOver(db: Database.Database, logger: Logger, version?: string): SummaryCache & { count(): number } {
  const select = db.prepare('SELECT summary, version FROM summaries WHERE doc_id = ?');
  const upsert = db.prepare(
    `INSERT INTO summaries (doc_id, summary, updated_at, version) VALUES (?, ?, ?, ?)
     ON CONFLICT (doc_id) DO UPDATE SET summary = excluded.summary, updated_at = excluded.updated_at, version = excluded.version`,
  );
  const wanted = version ?? null;
  const count = db.prepare('SELECT count(*) FROM summaries').pluck();
  const putMany = db.transaction((summaries: Summary[]) => {
    const now = new Date().toISOString();
    for (const s of summaries) upsert.run(s.docId, JSON.stringify(s), now, wanted);
  });
  return {
    get(docId) {
      const row = cachedRow.safeParse(select.get(docId));
      if (!row.success || row.data.version !== wanted) return undefined;
      try {
        const parsed = summarySchema.safeParse(JSON.parse(row.data.summary));
        if (parsed.success && parsed.data.docId === docId) return parsed.data;
      } catch {
        // fall through: a corrupt row is treated as a miss
      }
      logger.warn({ docId }, 'store: ignoring an unreadable cached summary');
      return undefined;
    },
    putMany: (summaries) => putMany(summaries),
    count: () => Number(count.get()),
  };
}
