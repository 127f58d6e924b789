import type { Logger } from './log.js';
import type { Summarizer } from './ingest-summarizer.js';
import type { IngestListener } from './ingest.js';
import type { Store } from './store/store.js';
import type { Resummarized } from './store/documents.js';
import { startArchivePass, type ArchivePass } from './archive-pass.js';

/**
 * Summaries made by an older summarizer (another SUMMARY_VERSION) are made again, in the
 * background and at a bounded rate: a few documents every few seconds on the ingest worker,
 * newest first (the likeliest to be briefed), each replaced in place with its analysis and
 * full-text row (archive-pass.ts: where it got to is kept, and the archive is walked once per
 * version).
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

export type Resummarizer = ArchivePass;

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
  const everyMs = deps.everyMs ?? EVERY_MS;
  let redone = 0;
  let announced = false;
  return startArchivePass({
    meta: store.meta,
    empty: () => store.documents.count() === 0,
    version,
    doneKey: 'archive.summaries_current',
    cursorKey: 'archive.resummarize_below',
    everyMs,
    logger,
    what: 're-summarizing',
    async step(below, stopped) {
      const { stale, next, unreadable } = store.documents.staleSummaries(below, SCAN, BATCH);
      for (const u of unreadable) logger.warn({ id: u.id, reason: u.reason }, `stored document ${u.id} is unreadable, its summary left as it is: ${u.reason}`);
      if (stale.length === 0) return { changed: 0, next };
      if (!announced) {
        announced = true;
        logger.info({ version }, `re-summarizing documents summarized by an older summarizer, ${BATCH} every ${Math.round(everyMs / 1000)} s`);
      }
      const outcomes = await summarizer.run(stale.map((s) => s.doc));
      // Shutting down: the store may be closing; the next start goes on from the same place.
      if (stopped()) return undefined;
      const items: Resummarized[] = [];
      stale.forEach((s, i) => {
        const o = outcomes[i]!;
        // One that cannot be summarized now keeps the summary it has.
        if ('analysis' in o) items.push({ id: s.doc.id, contentHash: s.contentHash, summary: o.analysis.summary, terms: o.analysis.terms, index: o.analysis.index, topics: o.analysis.topics });
      });
      const updated = store.documents.replaceSummaries(items);
      listener?.apply({ added: updated, removed: updated.map((s) => s.doc.id) });
      if (Math.floor((redone + updated.length) / PROGRESS_EVERY) > Math.floor(redone / PROGRESS_EVERY)) {
        logger.info({ redone: redone + updated.length }, `re-summarized ${redone + updated.length} documents so far`);
      }
      redone += updated.length;
      return { changed: updated.length, next };
    },
    finished() {
      if (redone > 0) logger.info({ redone, version }, `every stored summary is current (${redone} re-summarized)`);
    },
  });
}
