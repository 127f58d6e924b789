import { statSync } from 'node:fs';
import type { Logger } from './log.js';

/**
 * The store failing under a running bot (disk full, the database file made read-only, deleted or
 * damaged): SQLite's own words name neither the file nor the setting. Ingest says once what is
 * wrong, in terms an operator can act on, keeps running, and says when writes work again.
 */

/** A SQLite error (better-sqlite3's SqliteError carries a SQLITE_* code); anything else is a bug. */
export function isStoreFault(err: unknown): err is Error & { code: string } {
  return err instanceof Error && 'code' in err && typeof err.code === 'string' && err.code.startsWith('SQLITE_');
}

function what(code: string): string {
  if (code === 'SQLITE_FULL') return 'the disk is full (or the database reached its size limit)';
  if (code.startsWith('SQLITE_READONLY')) return 'the database file or its folder is read-only';
  if (code.startsWith('SQLITE_IOERR')) return 'a disk I/O error (the file or its disk may be gone)';
  if (code.startsWith('SQLITE_CANTOPEN')) return 'the database file cannot be opened (deleted or moved?)';
  if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB') return 'the database file is damaged';
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return 'another process holds the database locked';
  return 'the database refused the write';
}

export function describeStoreFault(err: Error & { code: string }, dbPath: string | undefined): string {
  const where = dbPath === undefined || dbPath === ':memory:' ? 'the store' : `NEWSBRIEF_DB=${dbPath}`;
  return `${where}: ${what(err.code)} (${err.code}: ${err.message})`;
}

/** The file's identity (device and inode), or undefined when it is not there. */
function identity(path: string): string | undefined {
  try {
    const st = statSync(path);
    return `${st.dev}:${st.ino}`;
  } catch {
    return undefined;
  }
}

export interface StoreFaults {
  /**
   * Before a write: is the database file still the one opened? Deleted or swapped under a
   * running bot, SQLite goes on writing to the old file (on Linux), which is lost when it stops.
   */
  checkFile(): void;
  /** A write failed: warned once per kind of fault, then quiet until writes work again. */
  failed(err: Error & { code: string }, documents: number): void;
  /** A write went through: if it was failing, say it is over and what was lost meanwhile. */
  ok(): void;
}

export function storeFaults(logger: Logger, dbPath: string | undefined): StoreFaults {
  let failing: string | undefined;
  let lost = 0;
  const file = dbPath === undefined || dbPath === ':memory:' ? undefined : dbPath;
  const opened = file === undefined ? undefined : identity(file);
  let fileWarned = false;
  return {
    checkFile() {
      if (file === undefined || opened === undefined || fileWarned) return;
      const now = identity(file);
      if (now === opened) return;
      fileWarned = true;
      const what = now === undefined ? 'was deleted' : 'was replaced by another file';
      logger.warn(
        { dbPath: file },
        `NEWSBRIEF_DB=${file}: the database file ${what} while newsbrief runs; what it stores from now on is lost when it stops. Restart newsbrief (it will read the seeds again)`,
      );
    },
    failed(err, documents) {
      lost += documents;
      const message = describeStoreFault(err, dbPath);
      if (failing === err.code) {
        logger.debug({ code: err.code, documents }, `store still failing: ${message}`);
        return;
      }
      failing = err.code;
      logger.warn(
        { code: err.code, dbPath, documents },
        `could not store ${documents} document${documents === 1 ? '' : 's'}: ${message}; they are skipped and read again at the next start or change`,
      );
    },
    ok() {
      if (failing === undefined) return;
      logger.info({ lost }, `the store takes writes again; ${lost} document${lost === 1 ? ' was' : 's were'} not stored meanwhile`);
      failing = undefined;
      lost = 0;
    },
  };
}
