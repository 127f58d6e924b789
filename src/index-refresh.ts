import type { Logger } from './log.js';
import type { Store } from './store/store.js';
import { indexText, indexTextOf, INDEX_TEXT_VERSION } from './news/index-text.js';
import { startArchivePass, type ArchivePass } from './archive-pass.js';

/**
 * Full-text rows made by older index rules (another INDEX_TEXT_VERSION) are made again from each
 * document's stored analysis, in the background and at a bounded rate, newest first; nothing is
 * summarized or analyzed (archive-pass.ts: where it got to is kept, the archive is walked once per
 * version). A document whose summary is stale is left to the re-summarizer, which writes its
 * row with its new analysis.
 */

/**
 * Documents looked at per pass: a row read and, for most, a full-text row deleted and written,
 * about half a millisecond in all (scripts/bench-index-refresh.ts at 100,000 documents), so a
 * pass holds the event loop for some 25 ms, and 100 ms on a busy machine.
 */
const SCAN = 50;
const EVERY_MS = 1_000;
const PROGRESS_EVERY = 10_000;

export function startIndexRefresh(deps: { store: Store; logger: Logger; everyMs?: number; version?: string }): ArchivePass {
  const { store, logger } = deps;
  const version = deps.version ?? INDEX_TEXT_VERSION;
  const everyMs = deps.everyMs ?? EVERY_MS;
  let looked = 0;
  let rewritten = 0;
  let started = 0;
  return startArchivePass({
    meta: store.meta,
    empty: () => store.documents.count() === 0,
    version,
    doneKey: 'archive.index_current',
    cursorKey: 'archive.index_below',
    everyMs,
    logger,
    what: 'rewriting full-text rows',
    step(below) {
      if (started === 0) {
        started = performance.now();
        logger.info(
          { version, documents: store.documents.count() },
          `rewriting the full-text rows made by older index rules, ${SCAN} documents every ${Math.round(everyMs / 1000)} s`,
        );
      }
      const step = store.documents.refreshIndex(below, SCAN, (doc, terms) => (terms ? indexTextOf(terms, doc.tags) : indexText(doc)));
      if (Math.floor((looked + step.looked) / PROGRESS_EVERY) > Math.floor(looked / PROGRESS_EVERY)) {
        logger.info({ looked: looked + step.looked, rewritten: rewritten + step.rewritten }, `full-text rows: ${looked + step.looked} documents looked at so far, ${rewritten + step.rewritten} rewritten`);
      }
      looked += step.looked;
      rewritten += step.rewritten;
      return { changed: step.rewritten, next: step.next };
    },
    finished() {
      if (looked > 0) {
        logger.info({ looked, rewritten, version, ms: Math.round(performance.now() - started) }, `every full-text row is current (${rewritten} of ${looked} documents rewritten)`);
      }
    },
  });
}
