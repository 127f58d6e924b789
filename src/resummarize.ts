import type { Logger } from './log.js';
import type { Summarizer } from './ingest-summarizer.js';
import type { IngestListener } from './ingest.js';
import type { Store } from './store/store.js';
import type { Resummarized } from './store/documents.js';

/**
 * Summaries made by an older summarizer (another SUMMARY_VERSION) are made again, in the
 * background and at a bounded rate: a few documents every few seconds on the ingest worker,
 * newest first (the likeliest to be briefed), each replaced in place. Where it got to is kept in
 * the store, so a restart goes on from there; once the whole archive has been looked at under
 * this version, nothing is looked at again until the version changes (new documents are always
 * summarized by the current one).
 */

/**
 * Documents looked at per pass: reading a row's version reads the whole row (it lies after the
 * text), about half a millisecond each in a million-document archive, so a pass holds the event
 * loop for some 50 ms at most.
 */
const SCAN = 100;
/** Documents summarized again per pass, at most. */
const BATCH = 25;
const EVERY_MS = 5_000;
const PROGRESS_EVERY = 10_000;
const DONE_KEY = 'archive.summaries_current';
const CURSOR_KEY = 'archive.resummarize_below';

export interface Resummarizer {
  /** One pass now; resolves with how many documents it summarized again (0 once all are current). */
  runOnce(): Promise<number>;
  /** No more passes; resolves when the one running (if any) is over. */
  stop(): Promise<void>;
}

export function startResummarizer(deps: {
  store: Store;
  summarizer: Summarizer;
  listener?: IngestListener;
  /** The current SUMMARY_VERSION (the store writes new summaries under it). */
  version: string;
  logger: Logger;
  everyMs?: number;
}): Resummarizer {
  const { store, summarizer, listener, version, logger } = deps;
  let done = store.meta.get(DONE_KEY) === version;
  if (!done && store.documents.count() === 0) {
    // An empty archive: whatever comes in is summarized by this version.
    done = true;
    store.meta.set(DONE_KEY, version);
  }
  let redone = 0;
  let announced = false;
  let stopped = false;
  const cursor = (): number => {
    const [v, below] = (store.meta.get(CURSOR_KEY) ?? '').split(' ');
    return v === version && below !== undefined && Number.isFinite(Number(below)) ? Number(below) : Number.MAX_SAFE_INTEGER;
  };

  const pass = async (): Promise<number> => {
    if (done || stopped) return 0;
    const { stale, next } = store.documents.staleSummaries(cursor(), SCAN, BATCH);
    let replaced = 0;
    if (stale.length > 0) {
      if (!announced) {
        announced = true;
        logger.info({ version }, `re-summarizing documents summarized by an older summarizer, ${BATCH} every ${Math.round((deps.everyMs ?? EVERY_MS) / 1000)} s`);
      }
      const outcomes = await summarizer.run(stale.map((s) => s.doc));
      // Shutting down: the store may be closing; the next start goes on from the same place.
      if (stopped) return 0;
      const items: Resummarized[] = [];
      stale.forEach((s, i) => {
        const o = outcomes[i]!;
        // One that cannot be summarized now keeps the summary it has.
        if ('analysis' in o) items.push({ id: s.doc.id, contentHash: s.contentHash, summary: o.analysis.summary, terms: o.analysis.terms, index: o.analysis.index, topics: o.analysis.topics });
      });
      const updated = store.documents.replaceSummaries(items);
      replaced = updated.length;
      listener?.apply({ added: updated, removed: updated.map((s) => s.doc.id) });
      if (Math.floor((redone + replaced) / PROGRESS_EVERY) > Math.floor(redone / PROGRESS_EVERY)) {
        logger.info({ redone: redone + replaced }, `re-summarized ${redone + replaced} documents so far`);
      }
      redone += replaced;
    }
    if (next === 0) {
      done = true;
      store.meta.set(DONE_KEY, version);
      store.meta.delete(CURSOR_KEY);
      if (redone > 0) logger.info({ redone, version }, `every stored summary is current (${redone} re-summarized)`);
    } else store.meta.set(CURSOR_KEY, `${version} ${next}`);
    return replaced;
  };

  let running: Promise<unknown> = Promise.resolve();
  const runOnce = (): Promise<number> => {
    const r = running.then(pass);
    running = r.catch((err: unknown) => logger.warn({ err }, 're-summarizing: a pass failed; trying again later'));
    return r;
  };
  const timer = setInterval(() => {
    if (!done) void runOnce().catch(() => undefined);
  }, deps.everyMs ?? EVERY_MS);
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
