import type { Logger } from './log.js';
import type { MetaRepo } from './store/meta.js';

/**
 * A walk over the whole archive in the background, newest document first, a bounded step every
 * few seconds, for work a version change leaves to do on every stored document (summaries made
 * by an older summarizer, full-text rows made by older index rules). Where it got to is kept in
 * the store with the version, so a restart goes on from there; once the whole archive has been
 * walked under a version, nothing is looked at again until the version changes (new documents
 * are made by the current one).
 */

export interface ArchivePass {
  /** One step now; resolves with how many documents it changed (0 once the walk is over). */
  runOnce(): Promise<number>;
  /** No more steps; resolves when the one running (if any) is over. */
  stop(): Promise<void>;
}

/** What one step did: documents changed, and the rowid to go on below (0: the archive's end). */
export interface StepDone {
  changed: number;
  next: number;
}

export function startArchivePass(deps: {
  meta: MetaRepo;
  /** True when the archive holds no document: whatever comes in is made by this version. */
  empty: () => boolean;
  version: string;
  /** Meta keys: the version the walk is over for, and `${version} ${rowid}` while it goes on. */
  doneKey: string;
  cursorKey: string;
  everyMs: number;
  logger: Logger;
  /** Said in the warning when a step fails (it is tried again at the next tick). */
  what: string;
  /**
   * One step down from rowid `below`; undefined when it gave up because the pass was stopped
   * meanwhile (the next start goes on from the same place).
   */
  step(below: number, stopped: () => boolean): Promise<StepDone | undefined> | StepDone | undefined;
  /** The walk is over under this version. */
  finished(): void;
}): ArchivePass {
  const { meta, version, doneKey, cursorKey, logger } = deps;
  let done = meta.get(doneKey) === version;
  if (!done && deps.empty()) {
    done = true;
    meta.set(doneKey, version);
  }
  let stopped = false;
  const cursor = (): number => {
    const [v, below] = (meta.get(cursorKey) ?? '').split(' ');
    return v === version && below !== undefined && Number.isFinite(Number(below)) ? Number(below) : Number.MAX_SAFE_INTEGER;
  };

  const pass = async (): Promise<number> => {
    if (done || stopped) return 0;
    const step = await deps.step(cursor(), () => stopped);
    if (step === undefined) return 0;
    if (step.next === 0) {
      done = true;
      meta.set(doneKey, version);
      meta.delete(cursorKey);
      deps.finished();
    } else meta.set(cursorKey, `${version} ${step.next}`);
    return step.changed;
  };

  let running: Promise<unknown> = Promise.resolve();
  const runOnce = (): Promise<number> => {
    const r = running.then(pass);
    running = r.catch((err: unknown) => logger.warn({ err }, `${deps.what}: a pass failed; trying again later`));
    return r;
  };
  const timer = setInterval(() => {
    if (!done) void runOnce().catch(() => undefined);
  }, deps.everyMs);
  timer.unref();
  return {
    runOnce,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
