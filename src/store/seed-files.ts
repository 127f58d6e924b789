import type Database from 'better-sqlite3';
import { z } from 'zod';

/** The seed files already read, so a restart re-reads only what changed (size, mtime, then hash). */

export interface SeedFileState {
  size: number;
  mtimeMs: number;
  hash: string;
}

export interface SeedFileRepo {
  all(): Map<string, SeedFileState>;
  put(path: string, state: SeedFileState): void;
  /** Many at once, in one transaction (one sync to disk, not one per file). */
  putMany(states: ReadonlyMap<string, SeedFileState>): void;
  remove(paths: readonly string[]): void;
}

const row = z.object({ path: z.string(), size: z.number(), mtime_ms: z.number(), hash: z.string() });

export function seedFileRepo(db: Database.Database): SeedFileRepo {
  const select = db.prepare('SELECT path, size, mtime_ms, hash FROM seed_files');
  const upsert = db.prepare(
    `INSERT INTO seed_files (path, size, mtime_ms, hash) VALUES (?, ?, ?, ?)
     ON CONFLICT (path) DO UPDATE SET size = excluded.size, mtime_ms = excluded.mtime_ms, hash = excluded.hash`,
  );
  const del = db.prepare('DELETE FROM seed_files WHERE path = ?');
  const putMany = db.transaction((states: ReadonlyMap<string, SeedFileState>) => {
    for (const [p, s] of states) upsert.run(p, s.size, Math.floor(s.mtimeMs), s.hash);
  });
  const removeMany = db.transaction((paths: readonly string[]) => {
    for (const p of paths) del.run(p);
  });
  return {
    all() {
      const out = new Map<string, SeedFileState>();
      for (const raw of select.all()) {
        const r = row.parse(raw);
        out.set(r.path, { size: r.size, mtimeMs: r.mtime_ms, hash: r.hash });
      }
      return out;
    },
    put: (path, s) => void upsert.run(path, s.size, Math.floor(s.mtimeMs), s.hash),
    putMany: (states) => void (states.size > 0 && putMany(states)),
    remove: (paths) => removeMany(paths),
  };
}
