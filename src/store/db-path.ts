import { accessSync, closeSync, constants, openSync, readSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';

/**
 * What is wrong with a database path before SQLite is asked to open it, in words an operator can
 * act on. SQLite's own errors say "unable to open database file" or, for a folder it cannot
 * write its -wal and -shm files into, "attempt to write a readonly database", naming neither
 * the file nor the folder. Undefined when the path looks usable.
 */
export function databasePathProblem(file: string): string | undefined {
  if (file === ':memory:') return undefined;
  const info = statOrUndefined(file);
  if (info?.isDirectory()) return `${file} is a folder, not a database file`;
  if (info && !info.isFile()) return `${file} is not a regular file`;
  if (info) {
    if (!accessible(file, constants.R_OK | constants.W_OK)) return `${file} cannot be read and written by this user (permission denied)`;
    if (info.size > 0 && !isSqlite(file)) return `${file} is not a SQLite database`;
  }
  // The folder must take new files (-wal, -shm, or the database itself); a missing one is made,
  // so the closest folder that exists must take a new folder.
  let dir = path.dirname(path.resolve(file));
  for (;;) {
    const d = statOrUndefined(dir);
    if (d) {
      if (!d.isDirectory()) return `${dir} is a file, so ${file} cannot be made inside it`;
      if (!accessible(dir, constants.W_OK | constants.X_OK)) {
        return `the folder ${dir} is not writable by this user (SQLite keeps its -wal and -shm files next to the database)`;
      }
      return undefined;
    }
    const up = path.dirname(dir);
    if (up === dir) return `no folder of ${file} exists`;
    dir = up;
  }
}

function statOrUndefined(p: string): Stats | undefined {
  try {
    return statSync(p);
  } catch {
    return undefined;
  }
}

function accessible(p: string, mode: number): boolean {
  try {
    accessSync(p, mode);
    return true;
  } catch {
    return false;
  }
}

const SQLITE_HEADER = 'SQLite format 3\0';

function isSqlite(file: string): boolean {
  const head = Buffer.alloc(SQLITE_HEADER.length);
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const n = readSync(fd, head, 0, head.length, 0);
    return n === head.length && head.toString('latin1') === SQLITE_HEADER;
  } catch {
    // Unreadable was checked before; a file that vanished is SQLite's to create.
    return true;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
