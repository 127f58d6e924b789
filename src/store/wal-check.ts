import { existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import type { MetaRepo } from './meta.js';

/**
 * Notices a database that lost its -wal file (an operator copied only the .db, or deleted the
 * -wal): recent writes, digests recorded as sent among them, are gone, and the ledger has gone
 * back in time.
 *
 * Each open store writes an "open" marker and removes it when it closes cleanly; the marker is
 * checkpointed into the .db file at once. A WAL-mode database that any connection has open
 * always has its -wal file, and a crashed process leaves it behind too. So a marker in the .db
 * with no -wal file beside it means that the .db was separated from its -wal.
 *
 * One false alarm is possible: a process killed (its marker stays) whose next start closed
 * cleanly (removing the -wal) before the marker's owner came back. The marker is then cleared,
 * and the alarm costs only a look on the platform before posting the slots inside the grace window.
 */

const PREFIX = 'store.open.';

export interface OpenMarker {
  /** True when the database showed signs of lost writes at open. */
  lostWrites: boolean;
  /** Removes this store's marker (a clean close). */
  clear(): void;
}

/** Whether the database's -wal file is there; asked before the database is opened (opening makes one). */
export function walPresent(path: string): boolean {
  return path === ':memory:' || existsSync(`${path}-wal`);
}

export function markOpen(path: string, walWasPresent: boolean, meta: MetaRepo, checkpoint: () => void): OpenMarker {
  if (path === ':memory:') return { lostWrites: false, clear: () => undefined };
  const walPresent = walWasPresent;
  const markers = meta.keys(PREFIX);
  const lostWrites = !walPresent && markers.length > 0;
  // With no -wal file no other connection is open, so every marker left is a dead one.
  if (!walPresent) for (const key of markers) meta.delete(key);
  const mine = `${PREFIX}${randomBytes(6).toString('hex')}`;
  meta.set(mine, new Date().toISOString());
  checkpoint();
  return { lostWrites, clear: () => meta.delete(mine) };
}
