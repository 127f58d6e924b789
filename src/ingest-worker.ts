import { parentPort, workerData } from 'node:worker_threads';
import { analyzeForIngest, runJob, type WorkerReplies, type WorkerRequest } from './ingest-analysis.js';
import { parseFile } from './news/formats.js';

/**
 * The ingest thread: seed files read and parsed, documents summarized. Replies go back a few
 * at a time, and the item being worked on is kept in shared memory, so the main thread knows
 * which one a stuck worker is on without a message per item.
 */
const port = parentPort;
if (!port) throw new Error('ingest-worker runs as a worker thread');
const current = new Int32Array((workerData as { current: SharedArrayBuffer }).current);

/** A reply batch goes out at least this often while items keep coming (ms). */
const FLUSH_MS = 10;
const FLUSH_ITEMS = 64;

port.on('message', (req: WorkerRequest | { close: true }) => {
  // Asked to stop: the thread ends on its own (so --cpu-prof gets its profile written).
  if ('close' in req) return port.close();
  let batch: WorkerReplies['replies'] = [];
  let flushedAt = performance.now();
  const flush = (): void => {
    if (batch.length === 0) return;
    port.postMessage({ replies: batch } satisfies WorkerReplies);
    batch = [];
    flushedAt = performance.now();
  };
  for (const { seq, job } of req.items) {
    Atomics.store(current, 0, seq);
    batch.push({ seq, outcome: runJob(job, req.budgetMs) });
    if (batch.length >= FLUSH_ITEMS || performance.now() - flushedAt >= FLUSH_MS) flush();
  }
  Atomics.store(current, 0, -1);
  flush();
});
// A first page and document warm the reader and summarizer up (tables, JIT), so the time budget
// measures documents, not start-up.
parseFile('<html><head><title>Warm-up</title></head><body><article><p>The council in Lima approved the plan on Monday, officials said.</p></article></body></html>', '.html', { relPath: 'warm-up.html', mtime: new Date(0), skip: () => {} });
analyzeForIngest({ id: 'warm-up', title: 'Warm-up', text: 'The council in Lima approved the plan on Monday, officials said.', sections: [], path: '', tags: [] }, Infinity);
port.postMessage({ ready: true });
