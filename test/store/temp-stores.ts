import { afterEach } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pino from 'pino';
import { openStore, type Store } from '../../src/store/store.js';

/**
 * Database files in fresh temporary folders, and the stores opened on them, all closed and
 * removed after each test. `sub` is the path below the folder (parents are made by openStore).
 */
export interface TempStores {
  dbPath(): string;
  open(path: string, logger?: pino.Logger): Store;
  /** Closes the store opened last (a restart, or a file handed to another opener). */
  closeLast(): void;
  /** A store opened elsewhere, closed after the test like the others. */
  track(store: Store): Store;
}

export function tempStores(prefix: string, sub: string): TempStores {
  let dirs: string[] = [];
  let stores: Store[] = [];
  afterEach(() => {
    for (const s of stores) s.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
    dirs = [];
    stores = [];
  });
  return {
    dbPath() {
      const dir = mkdtempSync(join(tmpdir(), prefix));
      dirs.push(dir);
      return join(dir, sub);
    },
    open(path, logger) {
      const s = openStore(path, logger ? { logger } : {});
      stores.push(s);
      return s;
    },
    closeLast: () => stores.pop()?.close(),
    track(store) {
      stores.push(store);
      return store;
    },
  };
}
