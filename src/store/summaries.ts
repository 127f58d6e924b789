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

/** The summary cache over SQLite; an unreadable entry is a miss (the core re-summarizes), never an error. */
export function summaryCacheOver(db: Database.Database, logger: Logger): SummaryCache & { count(): number } {
  const select = db.prepare('SELECT summary FROM summaries WHERE doc_id = ?').pluck();
  const upsert = db.prepare(
    `INSERT INTO summaries (doc_id, summary, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (doc_id) DO UPDATE SET summary = excluded.summary, updated_at = excluded.updated_at`,
  );
  const count = db.prepare('SELECT count(*) FROM summaries').pluck();
  const putMany = db.transaction((summaries: Summary[]) => {
    const now = new Date().toISOString();
    for (const s of summaries) upsert.run(s.docId, JSON.stringify(s), now);
  });
  return {
    get(docId) {
      const raw: unknown = select.get(docId);
      if (typeof raw !== 'string') return undefined;
      try {
        const parsed = summarySchema.safeParse(JSON.parse(raw));
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
