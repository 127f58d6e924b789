import type { Worker } from 'node:worker_threads';
import type { Logger } from './log.js';
import type { NewsDocument } from './news/types.js';
import type { FileRead } from './news/load.js';
import { abandoned, readForIngest, runJob, type AnalysisOutcome, type Job, type JobOutcome, type WorkerReplies, type WorkerRequest } from './ingest-analysis.js';
import { spawnModuleWorker } from './spawn-worker.js';

/**
 * Ingest's heavy work off the event loop: seed files read and parsed, documents summarized, on
 * worker threads. Each item has a time budget (one over it is skipped with a reason), and a
 * worker that does not answer at all within the hard limit is terminated and replaced: the item
 * it was on is skipped, the others it held go to the next free worker.
 */

export interface Summarizer {
  /** One outcome per document, in order. */
  run(docs: readonly NewsDocument[]): Promise<AnalysisOutcome[]>;
  /** Workers replaced after a stuck or dead one. */
  readonly restarts: number;
  close(): Promise<void>;
}

export interface FileParser {
  /** Reads and parses seed files (absolute paths under `root`): one result per file, in order. */
  read(root: string, absPaths: readonly string[], maxFileBytes: number): Promise<FileRead[]>;
}

/** What ingest runs its work on: summarizing and reading files, in the same threads. */
export type IngestWorkers = Summarizer & FileParser;

export interface SummarizerOptions {
  /** A document taking longer than this to summarize or read is skipped (default 1000 ms). */
  budgetMs?: number;
  /** No answer for this long: the worker is stuck and replaced (default 5 × the budget, at least 3 s). */
  stuckMs?: number;
  /**
   * Heap of each worker (MB, default 512). A document that needs more ends that worker alone
   * (it is skipped, the worker replaced), not the whole process.
   */
  heapMb?: number;
  logger: Logger;
}

const yieldTurn = (): Promise<void> => new Promise<void>((resolve) => setImmediate(resolve));

/** Runs in this thread, yielding between items (tests, tools, `archive.worker: false`). */
export function inlineSummarizer(opts: { budgetMs?: number } = {}): IngestWorkers {
  const budget = opts.budgetMs ?? 1000;
  const each = async <T, R>(items: readonly T[], one: (item: T) => R): Promise<R[]> => {
    const out: R[] = [];
    for (let i = 0; i < items.length; i++) {
      if (i > 0 && i % 16 === 0) await yieldTurn();
      out.push(one(items[i]!));
    }
    return out;
  };
  return {
    restarts: 0,
    run: (docs) => each(docs, (doc) => runJob({ kind: 'analyze', doc }, budget) as AnalysisOutcome),
    read: (root, absPaths, maxFileBytes) => each(absPaths, (abs) => readForIngest({ kind: 'read', root, abs, maxFileBytes }, budget)),
    close: async () => {},
  };
}

/**
 * Items in flight to one worker: enough to keep it busy while the main thread is in a store
 * transaction (about 100 ms, during which it hands out nothing: 32 items, about 30 ms of work,
 * left the worker idle a third of the time), few to resend after a restart.
 */
const WINDOW = 256;
/** Text in flight to one worker: a batch of 2 MB documents is not all copied at once. */
const WINDOW_BYTES = 8 * 1024 * 1024;
/** A worker that fails to start this many times in a row is given up on: the work is refused. */
const START_ATTEMPTS = 3;

interface Item {
  job: Job;
  bytes: number;
  done(outcome: JobOutcome): void;
  fail(err: Error): void;
}

interface Slot {
  worker: Worker | undefined;
  /** The seq of the item the worker is on (-1: none), written by the worker. */
  current: Int32Array;
  ready: boolean;
  inFlight: Map<number, Item>;
  bytes: number;
  timer: NodeJS.Timeout | undefined;
  failedStarts: number;
}

function itemName(job: Job): string {
  return job.kind === 'analyze' ? job.doc.path : job.abs;
}

/**
 * `size` workers fed from one queue: each takes the next items as it has room, so a slow file
 * on one does not hold up the others, and outcomes are put back in order.
 */
export function workerPool(size: number, opts: SummarizerOptions): IngestWorkers {
  const budgetMs = opts.budgetMs ?? 1000;
  const stuckMs = opts.stuckMs ?? Math.max(3000, budgetMs * 5);
  const heapMb = opts.heapMb ?? 512;
  const queue: Item[] = [];
  let seq = 0;
  let restarts = 0;
  /** close() called: no new work; workers are still replaced until the work in hand is done. */
  let closing = false;
  let closed = false;
  let running = 0;
  let idle: (() => void) | undefined;

  const slots: Slot[] = Array.from({ length: Math.max(1, size) }, () => ({
    worker: undefined,
    current: new Int32Array(new SharedArrayBuffer(4)),
    ready: false,
    inFlight: new Map(),
    bytes: 0,
    timer: undefined,
    failedStarts: 0,
  }));

  const arm = (slot: Slot): void => {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = slot.inFlight.size > 0 ? setTimeout(() => stuck(slot), stuckMs) : undefined;
  };

  const pump = (slot: Slot): void => {
    if (!slot.ready || !slot.worker || queue.length === 0) return;
    const items: WorkerRequest['items'] = [];
    while (queue.length > 0 && slot.inFlight.size < WINDOW && (slot.inFlight.size === 0 || slot.bytes + queue[0]!.bytes <= WINDOW_BYTES)) {
      const item = queue.shift()!;
      const s = seq++;
      slot.inFlight.set(s, item);
      slot.bytes += item.bytes;
      items.push({ seq: s, job: item.job });
    }
    if (items.length === 0) return;
    const wasIdle = slot.inFlight.size === items.length;
    slot.worker.postMessage({ items, budgetMs } satisfies WorkerRequest);
    if (wasIdle) arm(slot);
  };
  const pumpAll = (): void => slots.forEach(pump);

  /** The slot's unfinished items go back to the front of the queue, in order, for any worker. */
  const requeue = (slot: Slot): void => {
    const back = [...slot.inFlight.entries()].sort((a, b) => a[0] - b[0]).map(([, item]) => item);
    slot.inFlight.clear();
    slot.bytes = 0;
    queue.unshift(...back);
  };

  /** The item the worker is on (from shared memory), else the oldest it holds. */
  const takeCurrent = (slot: Slot): Item | undefined => {
    const cur = Atomics.load(slot.current, 0);
    const s = slot.inFlight.has(cur) ? cur : slot.inFlight.keys().next().value;
    if (s === undefined) return undefined;
    const item = slot.inFlight.get(s)!;
    slot.inFlight.delete(s);
    slot.bytes -= item.bytes;
    return item;
  };

  const stuck = (slot: Slot): void => {
    slot.timer = undefined;
    const item = takeCurrent(slot);
    if (item) {
      opts.logger.info({ item: itemName(item.job), ms: stuckMs }, `ingest worker: no answer for ${stuckMs} ms on ${itemName(item.job)}; stopped it and started another`);
      item.done(abandoned(item.job, `took longer than ${stuckMs} ms (the worker was stopped)`));
    }
    requeue(slot);
    void replace(slot);
  };

  const died = (slot: Slot, err: Error): void => {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = undefined;
    if (!slot.ready) {
      slot.failedStarts++;
      if (slot.failedStarts >= START_ATTEMPTS) {
        opts.logger.error({ err: err.message }, `ingest worker: could not start (${err.message})`);
        slot.worker = undefined;
        // Nothing else can run what this slot would: refuse the waiting work rather than hang.
        if (slots.every((s) => s.worker === undefined)) for (const item of queue.splice(0)) item.fail(err);
        return;
      }
    } else {
      // The item it was on may be what killed it: skipped, so it cannot kill the next one.
      const item = takeCurrent(slot);
      opts.logger.error({ err: err.message, item: item ? itemName(item.job) : undefined }, `ingest worker died (${err.message}); starting another`);
      if (item) item.done(abandoned(item.job, `stopped the worker (${err.message})`));
    }
    requeue(slot);
    void replace(slot);
  };

  const start = (slot: Slot): void => {
    Atomics.store(slot.current, 0, -1);
    const w = spawnModuleWorker(import.meta.url, 'ingest-worker', { current: slot.current.buffer }, { maxOldGenerationSizeMb: heapMb });
    slot.worker = w;
    slot.ready = false;
    w.unref();
    w.on('message', (m: unknown) => {
      if (slot.worker !== w) return; // a late answer from a replaced worker
      if (m && typeof m === 'object' && 'ready' in m) {
        slot.ready = true;
        slot.failedStarts = 0;
        return pump(slot);
      }
      for (const { seq: s, outcome } of (m as WorkerReplies).replies) {
        const item = slot.inFlight.get(s);
        if (!item) continue;
        slot.inFlight.delete(s);
        slot.bytes -= item.bytes;
        item.done(outcome);
      }
      arm(slot);
      if (slot.inFlight.size <= WINDOW / 2) pump(slot);
    });
    w.on('error', (err) => {
      if (slot.worker === w && !closed) died(slot, err);
    });
    w.on('exit', (code) => {
      if (slot.worker === w && !closed) died(slot, new Error(`the ingest worker exited (${code})`));
    });
  };

  const replace = async (slot: Slot): Promise<void> => {
    const old = slot.worker;
    slot.worker = undefined;
    slot.ready = false;
    restarts++;
    if (old) await old.terminate().catch(() => undefined);
    if (!closed) start(slot);
  };

  // Started at once: the threads load the summarizer while the app opens the store and the seeds.
  slots.forEach(start);

  const submit = (jobs: readonly Job[]): Promise<JobOutcome[]> => {
    if (closing) return Promise.reject(new Error('the ingest workers are closed'));
    if (jobs.length === 0) return Promise.resolve([]);
    running++;
    const settle = (): void => {
      if (--running === 0) idle?.();
    };
    return new Promise<JobOutcome[]>((resolve, reject) => {
      const out: JobOutcome[] = new Array(jobs.length);
      let left = jobs.length;
      let failed = false;
      jobs.forEach((job, i) => {
        queue.push({
          job,
          bytes: job.kind === 'analyze' ? job.doc.text.length * 2 : 0,
          done(outcome) {
            out[i] = outcome;
            if (--left === 0 && !failed) {
              settle();
              resolve(out);
            }
          },
          fail(err) {
            if (failed) return;
            failed = true;
            settle();
            reject(err);
          },
        });
      });
      // Workers given up on get another chance with new work.
      for (const slot of slots) {
        if (slot.worker || slot.failedStarts < START_ATTEMPTS) continue;
        slot.failedStarts = 0;
        start(slot);
      }
      pumpAll();
    });
  };

  return {
    get restarts() {
      return restarts;
    },
    run: (docs) => submit(docs.map((doc) => ({ kind: 'analyze', doc }))) as Promise<AnalysisOutcome[]>,
    read: (root, absPaths, maxFileBytes) => submit(absPaths.map((abs) => ({ kind: 'read', root, abs, maxFileBytes }))) as Promise<FileRead[]>,
    async close() {
      closing = true;
      if (running > 0) await new Promise<void>((resolve) => (idle = resolve));
      closed = true;
      for (const slot of slots) if (slot.timer) clearTimeout(slot.timer);
      await Promise.all(slots.map((s) => (s.worker ? stop(s.worker) : undefined)));
      for (const slot of slots) slot.worker = undefined;
    },
  };
}

/** Asks an idle worker to end, and ends it if it has not within a moment. */
async function stop(w: Worker): Promise<void> {
  const exited = new Promise<void>((resolve) => w.once('exit', () => resolve()));
  w.postMessage({ close: true });
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), 2000)));
  if ((await Promise.race([exited, late])) === 'late') await w.terminate();
  clearTimeout(timer);
}

/** One worker thread. */
export function workerSummarizer(opts: SummarizerOptions): IngestWorkers {
  return workerPool(1, opts);
}
