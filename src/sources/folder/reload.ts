import { resolve } from 'node:path';
import type { AppConfig } from '../../config.js';
import type { Logger } from '../../log.js';
import type { Ingest } from '../../ingest.js';
import type { SeedFileRepo } from '../../store/seed-files.js';
import { applySeedChanges, type SeedSyncResult } from './sync.js';
import { watchSeeds, type SeedWatcher } from './watch.js';

/** What live seeds needs from the running app: the ingest path and the seed-file state. */
export interface LiveTarget {
  ingest: Ingest;
  seedFiles: SeedFileRepo;
  /** Told after each batch (health's "last load"). */
  onBatch?: (result: SeedSyncResult) => void;
}

/** Watch the seeds folder; each batch of changes goes through ingest, document by document. */
export function startLiveSeeds(
  app: LiveTarget,
  config: Pick<AppConfig, 'seedsDir' | 'watchDebounceMs' | 'limits'>,
  logger: Logger,
): SeedWatcher {
  const root = resolve(config.seedsDir);
  const log = logger.child({ component: 'seeds' });
  const watcher = watchSeeds(root, {
    debounceMs: config.watchDebounceMs,
    logger: log,
    apply: async (changes) => {
      const result = await applySeedChanges({ root, ingest: app.ingest, seedFiles: app.seedFiles, maxFileBytes: config.limits.maxFileBytes, logger: log }, changes);
      app.onBatch?.(result);
      log.info(
        {
          added: changes.added.length,
          changed: changes.changed.length,
          removed: changes.removed.length,
          documentsAdded: result.added,
          documentsUpdated: result.updated,
          documentsRemoved: result.removed,
          skipped: result.skipped,
          ms: result.ms,
        },
        'seeds reloaded',
      );
    },
  });
  void watcher.ready.then(() => log.info({ dir: root }, 'watching the seeds folder for changes'));
  return watcher;
}
