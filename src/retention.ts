import type { Logger } from './log.js';
import type { Clock } from './news/types.js';
import type { Ingest } from './ingest.js';
import type { Store } from './store/store.js';

/**
 * What is kept, and for how long (README "The archive"): documents for `archive.keepDays`
 * (null: forever), removed through ingest so they leave the library at once; the digest
 * ledger's settled rows and posted-document records for at least LEDGER_DAYS, by the rules in
 * src/store/retention.ts.
 */

/** Settled digest history kept at least this long (the scheduler never looks back past 72 hours). */
export const LEDGER_DAYS = 90;
const DAY_MS = 86_400_000;
const EVERY_MS = 3_600_000;
const PRUNE_BATCH = 1000;
/**
 * The full-text index is merged into fewer segments after each pass, a step of MERGE_PAGES pages
 * at a time (500 pages took 0.16 s at a million documents on a loaded machine: 200 hold the event
 * loop for well under a tenth of a second) with a turn between steps, so commands are answered
 * meanwhile; at most MERGE_STEPS steps per pass. A search looks every word up once per segment:
 * at a million documents ingest leaves some 30 of them.
 */
const MERGE_PAGES = 200;
const MERGE_STEPS = 5000;
const nextTurn = (): Promise<void> => new Promise<void>((resolve) => setImmediate(resolve));

export interface Retention {
  /** One pruning pass now; resolves with what it removed. */
  run(): Promise<{ documents: number; ledger: number; posted: number; indexMergeSteps: number }>;
  stop(): void;
}

/** The first pass runs this long after start, once start-up work (the seeds) is done. */
const FIRST_RUN_MS = 10_000;

export function startRetention(deps: { store: Store; ingest: Ingest; keepDays: number | null; clock: Clock; logger: Logger }): Retention {
  const { store, ingest, keepDays, clock, logger } = deps;
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const run = async (): Promise<{ documents: number; ledger: number; posted: number; indexMergeSteps: number }> => {
    const now = clock.now().getTime();
    let documents = 0;
    if (keepDays !== null) {
      const cutoff = now - keepDays * DAY_MS;
      for (;;) {
        const ids = store.documents.olderThan(cutoff, PRUNE_BATCH);
        if (ids.length === 0) break;
        documents += await ingest.remove(ids);
        if (ids.length < PRUNE_BATCH) break;
      }
    }
    const horizon = new Date(now - Math.max(LEDGER_DAYS, keepDays ?? 0) * DAY_MS);
    const ledger = store.retention.pruneLedger(horizon);
    const posted = store.retention.prunePosted(horizon);
    if (documents + ledger + posted > 0) {
      logger.info({ documents, ledger, posted, keepDays }, `retention: removed ${documents} documents, ${ledger} digest ledger rows, ${posted} posted records`);
    }
    const started = performance.now();
    let indexMergeSteps = 0;
    while (!stopped && indexMergeSteps < MERGE_STEPS && store.documents.tidyIndex(MERGE_PAGES)) {
      indexMergeSteps++;
      await nextTurn();
    }
    if (indexMergeSteps > 0) {
      const ms = Math.round(performance.now() - started);
      logger.info({ steps: indexMergeSteps, ms }, `retention: full-text index merged in ${indexMergeSteps} steps (${ms} ms)`);
    }
    return { documents, ledger, posted, indexMergeSteps };
  };
  const tick = (): void => {
    running = running.then(run).catch((err: unknown) => logger.error({ err }, 'retention: pruning failed; trying again in an hour'));
  };
  const first = setTimeout(tick, FIRST_RUN_MS);
  first.unref();
  const timer = setInterval(tick, EVERY_MS);
  timer.unref();
  return {
    run: () => {
      const r = running.then(run);
      running = r.catch(() => undefined);
      return r;
    },
    stop: () => {
      stopped = true;
      clearTimeout(first);
      clearInterval(timer);
    },
  };
}
