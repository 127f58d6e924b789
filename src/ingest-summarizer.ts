import type { Worker } from 'node:worker_threads';
import type { Logger } from './log.js';
import type { NewsDocument } from './news/types.js';
import { analyzeForIngest, type AnalysisOutcome, type WorkerReply, type WorkerRequest } from './ingest-analysis.js';
import { spawnModuleWorker } from './spawn-worker.js';

/**
 * Summarizing off the event loop. On a worker thread, each document has a time budget: one that
 * takes longer is skipped with a warning, and a worker that does not answer at all within the
 * hard limit is terminated and replaced, the documents after the stuck one sent again.
 */

export interface Summarizer {
  /** One outcome per document, in order. */
  run(docs: readonly NewsDocument[]): Promise<AnalysisOutcome[]>;
  /** Workers replaced after a stuck document. */
  readonly restarts: number;
  close(): Promise<void>;
}

export interface SummarizerOptions {
  /** A document taking longer than this to summarize is skipped (default 1000 ms). */
  budgetMs?: number;
  /** No answer for this long: the worker is stuck and replaced (default 5 × the budget, at least 3 s). */
  stuckMs?: number;
  logger: Logger;
}

/** Summarizes in this thread, yielding between documents (tests, tools, and where threads cannot start). */
export function inlineSummarizer(opts: { budgetMs?: number } = {}): Summarizer {
  const budget = opts.budgetMs ?? 1000;
  return {
    restarts: 0,
    async run(docs) {
      const out: AnalysisOutcome[] = [];
      for (let i = 0; i < docs.length; i++) {
        if (i > 0 && i % 16 === 0) await new Promise<void>((resolve) => setImmediate(resolve));
        try {
          out.push(analyzeForIngest(docs[i]!, budget));
        } catch (err) {
          out.push({ skipped: `could not be summarized (${err instanceof Error ? err.message : String(err)})` });
        }
      }
      return out;
    },
    close: async () => {},
  };
}

/**
 * Several workers, each with its own budget and restarts: a batch is split between them in
 * contiguous slices, so outcomes come back in order.
 */
export function workerPool(size: number, opts: SummarizerOptions): Summarizer {
  const workers = Array.from({ length: Math.max(1, size) }, () => workerSummarizer(opts));
  if (workers.length === 1) return workers[0]!;
  return {
    get restarts() {
      return workers.reduce((n, w) => n + w.restarts, 0);
    },
    async run(docs) {
      const per = Math.ceil(docs.length / workers.length);
      const parts = await Promise.all(workers.map((w, k) => w.run(docs.slice(k * per, (k + 1) * per))));
      return parts.flat();
    },
    async close() {
      await Promise.all(workers.map((w) => w.close()));
    },
  };
}

/** Messages in flight to the worker at a time (enough to keep it busy, few to resend after a restart). */
const IN_FLIGHT = 64;

function spawnWorker(): Worker {
  return spawnModuleWorker(import.meta.url, 'ingest-worker');
}

export function workerSummarizer(opts: SummarizerOptions): Summarizer {
  const budgetMs = opts.budgetMs ?? 1000;
  const stuckMs = opts.stuckMs ?? Math.max(3000, budgetMs * 5);
  let restarts = 0;
  let closed = false;
  let worker: Worker | undefined;
  let ready: Promise<void> | undefined;
  let onReply: ((r: WorkerReply) => void) | undefined;
  let onDeath: ((err: Error) => void) | undefined;

  const start = (): Promise<void> => {
    const w = spawnWorker();
    worker = w;
    w.unref();
    ready = new Promise<void>((resolve, reject) => {
      w.once('error', reject);
      w.on('message', (m: unknown) => {
        if (m && typeof m === 'object' && 'ready' in m) return resolve();
        onReply?.(m as WorkerReply);
      });
    });
    w.on('error', (err) => onDeath?.(err));
    w.on('exit', (code) => {
      if (worker === w && !closed) onDeath?.(new Error(`the summarizing worker exited (${code})`));
    });
    return ready;
  };

  const replace = async (): Promise<void> => {
    const old = worker;
    worker = undefined;
    restarts++;
    if (old) await old.terminate();
    await start();
  };

  // Started at once: the thread loads the summarizer while the app opens the store and the seeds.
  start().catch(() => undefined);

  // One batch at a time: ingest already serializes its work.
  let chain: Promise<unknown> = Promise.resolve();

  const runBatch = async (docs: readonly NewsDocument[]): Promise<AnalysisOutcome[]> => {
    if (!worker) await start();
    else await ready!.catch(async () => replace());
    const out: (AnalysisOutcome | undefined)[] = new Array(docs.length);
    let next = 0;
    let inFlight: number[] = [];
    let done = 0;
    return new Promise<AnalysisOutcome[]>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const arm = (): void => {
        if (timer) clearTimeout(timer);
        timer = inFlight.length > 0 ? setTimeout(stuck, stuckMs) : undefined;
      };
      const send = (): void => {
        const batch: WorkerRequest['docs'] = [];
        while (next < docs.length && inFlight.length + batch.length < IN_FLIGHT) {
          batch.push({ seq: next, doc: docs[next]! });
          next++;
        }
        if (batch.length === 0) return;
        const wasIdle = inFlight.length === 0;
        inFlight.push(...batch.map((b) => b.seq));
        worker!.postMessage({ docs: batch, budgetMs } satisfies WorkerRequest);
        if (wasIdle) arm();
      };
      const finish = (): void => {
        if (timer) clearTimeout(timer);
        onReply = undefined;
        onDeath = undefined;
        resolve(out as AnalysisOutcome[]);
      };
      const stuck = (): void => {
        const seq = inFlight[0]!;
        const doc = docs[seq]!;
        opts.logger.warn({ path: doc.path, id: doc.id, ms: stuckMs }, `skipped ${doc.path}: summarizing took longer than ${stuckMs} ms; the worker was replaced`);
        out[seq] = { skipped: `summarizing took longer than ${stuckMs} ms (the worker was stopped)` };
        done++;
        // The documents sent after it go again, to the new worker.
        next = seq + 1;
        inFlight = [];
        replace().then(
          () => (done === docs.length ? finish() : send()),
          (err: unknown) => reject(err instanceof Error ? err : new Error(String(err))),
        );
      };
      onReply = (r) => {
        if (inFlight[0] !== r.seq) return; // a late answer from before a restart
        inFlight.shift();
        out[r.seq] = 'analysis' in r ? { analysis: r.analysis } : { skipped: r.skipped };
        done++;
        arm();
        if (done === docs.length) return finish();
        if (inFlight.length < IN_FLIGHT / 2) send();
      };
      onDeath = (err) => {
        if (timer) clearTimeout(timer);
        opts.logger.error({ err: err.message }, 'the summarizing worker died; starting another');
        next = inFlight[0] ?? next;
        inFlight = [];
        replace().then(send, (e: unknown) => reject(e instanceof Error ? e : new Error(String(e))));
      };
      if (docs.length === 0) return finish();
      send();
    });
  };

  return {
    get restarts() {
      return restarts;
    },
    run(docs) {
      const result = chain.then(() => runBatch(docs));
      chain = result.catch(() => undefined);
      return result;
    },
    async close() {
      closed = true;
      await chain;
      await worker?.terminate();
      worker = undefined;
    },
  };
}
