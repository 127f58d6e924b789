import { relative, sep } from 'node:path';
import type { Logger } from '../../log.js';
import type { NewsDocument } from '../../news/types.js';
import type { SeedChanges } from './watch.js';

/** What reloading needs from the loader and the library, so it can be tested on its own. */
export interface ReloadDeps<L> {
  /** The seeds folder, absolute. */
  root: string;
  /** Load these files as at start-up: bad ones are skipped with one warning each. */
  load(absPaths: string[]): Promise<{ documents: NewsDocument[]; skipped: readonly unknown[] }>;
  current(): L;
  /** A new library with these documents added or replaced (by path) and these paths removed. */
  withChanges(library: L, changes: { upsert: NewsDocument[]; removePaths: string[] }): L;
  replace(next: L, stats: { documents: number; skipped: number; ms: number }): void;
  size(library: L): number;
  logger: Logger;
}

/** Seeds-relative with forward slashes, as NewsDocument.path is. */
function relativePath(root: string, abs: string): string {
  return relative(root, abs).split(sep).join('/');
}

/** Turns one batch of file changes into one library swap and one log line. */
export function createReloader<L>(deps: ReloadDeps<L>): (changes: SeedChanges) => Promise<void> {
  return async (changes) => {
    const started = Date.now();
    const toLoad = [...changes.added, ...changes.changed];
    const loaded = toLoad.length ? await deps.load(toLoad) : { documents: [], skipped: [] };
    const loadedPaths = new Set(loaded.documents.map((d) => d.path));
    // A changed file that no longer loads leaves the library, as it would after a restart.
    const removePaths = [
      ...changes.removed.map((p) => relativePath(deps.root, p)),
      ...changes.changed.map((p) => relativePath(deps.root, p)).filter((p) => !loadedPaths.has(p)),
    ];
    const next = deps.withChanges(deps.current(), { upsert: loaded.documents, removePaths });
    const ms = Date.now() - started;
    const documents = deps.size(next);
    deps.replace(next, { documents, skipped: loaded.skipped.length, ms });
    deps.logger.info(
      {
        added: changes.added.length,
        changed: changes.changed.length,
        removed: changes.removed.length,
        loaded: loaded.documents.length,
        skipped: loaded.skipped.length,
        documents,
        ms,
      },
      'seeds reloaded',
    );
  };
}
