import type Database from 'better-sqlite3';
import { StoreVersionError } from './migrations.js';

/**
 * A database file that is not newsbrief's is refused, never repaired or replaced: the operator
 * may have pointed NEWSBRIEF_DB at the wrong file, and whatever is in it is theirs.
 */
export class StoreFileError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`store: NEWSBRIEF_DB=${path}: ${reason}; newsbrief left it untouched (move it away, or set NEWSBRIEF_DB to another file)`);
    this.name = 'StoreFileError';
  }

  /** SQLite's "not a database" and "malformed" errors at open become this; others pass through. */
  static wrap(path: string, err: unknown): unknown {
    if (err instanceof StoreFileError || err instanceof StoreVersionError) return err;
    const code = err && typeof err === 'object' && 'code' in err ? String(err.code) : '';
    if (code === 'SQLITE_NOTADB') return new StoreFileError(path, 'the file is not an SQLite database');
    if (code.startsWith('SQLITE_CORRUPT')) return new StoreFileError(path, 'the database file is corrupted (SQLite: database disk image is malformed)');
    return err;
  }
}

/** Tables every newsbrief database has from its first schema version on. */
const OWN_TABLES = ['subscriptions', 'digest_ledger', 'meta'];

export function checkNewsbriefDatabase(db: Database.Database, path: string): void {
  // Reading the schema is the first thing that touches the file's pages: a file that is not a
  // database, or whose first pages are damaged, fails here.
  const tables = new Set(
    (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as unknown[]).filter((n): n is string => typeof n === 'string'),
  );
  const version = Number(db.pragma('user_version', { simple: true }));
  if (tables.size === 0 && version === 0) return; // new, empty: ours to create
  const missing = OWN_TABLES.filter((t) => !tables.has(t));
  if (missing.length > 0) {
    throw new StoreFileError(path, `this SQLite database is not newsbrief's (it has no ${missing.join(', ')} table${missing.length > 1 ? 's' : ''})`);
  }
  // No integrity_check here: it reads every page, far too slow for each start of a large
  // archive. Damage deeper in the file surfaces as SQLITE_CORRUPT on the query that meets it.
}
