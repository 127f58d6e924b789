import { resolve } from 'node:path';
import type { AppConfig } from '../../config.js';
import type { Logger } from '../../log.js';
import type { Library } from '../../news/library-api.js';
import type { LibraryChanges, ReloadableLibrary } from '../../news/library.js';
import { loadFiles } from '../../news/load.js';
import { createReloader } from './apply.js';
import { watchSeeds, type SeedWatcher } from './watch.js';

/** The app holds a plain Library; the one buildLibrary makes can also derive a changed copy. */
function isReloadable(library: Library): library is ReloadableLibrary {
  return typeof (library as Partial<ReloadableLibrary>).withChanges === 'function';
}

/** What live seeds needs from the running app. */
export interface LiveTarget {
  library(): Library;
  setLibrary(next: Library, load?: { skipped: number; ms: number }): void;
}

/** Watch the seeds folder and swap in an updated library after each batch of changes. */
export function startLiveSeeds(
  app: LiveTarget,
  config: Pick<AppConfig, 'seedsDir' | 'watchDebounceMs' | 'limits'>,
  logger: Logger,
): SeedWatcher {
  const root = resolve(config.seedsDir);
  const log = logger.child({ component: 'seeds' });
  // At info, the loader's own per-load summary would be a second line per batch; its warnings
  // (bad files) still show, and at debug everything does.
  const loaderLog = log.level === 'info' ? log.child({}, { level: 'warn' }) : log;
  const reload = createReloader<Library>({
    root,
    load: (paths) => loadFiles(root, paths, { maxFileBytes: config.limits.maxFileBytes, logger: loaderLog }),
    current: () => app.library(),
    withChanges(library, changes: LibraryChanges) {
      if (!isReloadable(library)) throw new Error('this library cannot be updated in place; restart to pick up seed changes');
      return library.withChanges(changes);
    },
    replace: (next, stats) => app.setLibrary(next, stats),
    size: (library) => library.size,
    logger: log,
  });
  const watcher = watchSeeds(root, { debounceMs: config.watchDebounceMs, logger: log, apply: reload });
  void watcher.ready.then(() => log.info({ dir: root }, 'watching the seeds folder for changes'));
  return watcher;
}
