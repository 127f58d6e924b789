import type Database from 'better-sqlite3';

export interface MetaRepo {
  get(key: string): string | undefined;
  set(key: string, value: string): void;
  /** The keys starting with `prefix`. */
  keys(prefix: string): string[];
  delete(key: string): void;
}

export function metaRepo(db: Database.Database): MetaRepo {
  const select = db.prepare('SELECT value FROM meta WHERE key = ?').pluck();
  const upsert = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  const keys = db.prepare("SELECT key FROM meta WHERE substr(key, 1, length(@prefix)) = @prefix ORDER BY key").pluck();
  const del = db.prepare('DELETE FROM meta WHERE key = ?');
  return {
    get(key) {
      const v: unknown = select.get(key);
      return typeof v === 'string' ? v : undefined;
    },
    set: (key, value) => void upsert.run(key, value),
    keys: (prefix) => keys.all({ prefix }).filter((k): k is string => typeof k === 'string'),
    delete: (key) => void del.run(key),
  };
}
