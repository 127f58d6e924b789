import type Database from 'better-sqlite3';

export interface MetaRepo {
  get(key: string): string | undefined;
  set(key: string, value: string): void;
}

export function metaRepo(db: Database.Database): MetaRepo {
  const select = db.prepare('SELECT value FROM meta WHERE key = ?').pluck();
  const upsert = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  return {
    get(key) {
      const v: unknown = select.get(key);
      return typeof v === 'string' ? v : undefined;
    },
    set: (key, value) => void upsert.run(key, value),
  };
}
