import type Database from 'better-sqlite3';
import type { ChannelRef } from '../channels.js';
import { postedRow } from './rows.js';
import type { DocRef } from './types.js';

export interface PostedRepo {
  /** doc id → content hash of what the channel was shown. */
  forChannel(channel: ChannelRef): Map<string, string>;
  record(channel: ChannelRef, docs: DocRef[], at: Date): void;
}

export function postedRepo(db: Database.Database): PostedRepo {
  const select = db.prepare('SELECT doc_id, content_hash FROM posted_documents WHERE channel = ?');
  const upsert = db.prepare(
    `INSERT INTO posted_documents (channel, doc_id, content_hash, posted_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (channel, doc_id) DO UPDATE SET content_hash = excluded.content_hash, posted_at = excluded.posted_at`,
  );
  return {
    forChannel(channel) {
      const map = new Map<string, string>();
      for (const raw of select.all(channel)) {
        const row = postedRow.parse(raw);
        map.set(row.doc_id, row.content_hash);
      }
      return map;
    },
    record(channel, docs, at) {
      for (const doc of docs) upsert.run(channel, doc.id, doc.hash, at.toISOString());
    },
  };
}
