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
 * Full-text rows rewritten per pass, at most: a row deleted and written is about 0.4 ms (50 in
 * 19 ms at the median, 60 ms at p95: scripts/bench-index-refresh.ts at 100,000 documents, load
 * 0.9), FTS5's merges now and then more. Rows looked at per pass: a document with a stale summary
 * costs only its read (it is left to the re-summarizer), so after a summarizer change the walk
 * goes by at SCAN a second.
 */
const REWRITE = 50;
const SCAN = 100;
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
          `rewriting the full-text rows made by older index rules, ${REWRITE} documents every ${Math.round(everyMs / 1000)} s`,
        );
      }
      const step = store.documents.refreshIndex(below, SCAN, REWRITE, (doc, terms) => (terms ? indexTextOf(terms, doc.tags) : indexText(doc)));
      for (const u of step.unreadable) logger.warn({ id: u.id, reason: u.reason }, `stored document ${u.id} is unreadable, its full-text row left as it is: ${u.reason}`);
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
