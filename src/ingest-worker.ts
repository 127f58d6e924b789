import { parentPort } from 'node:worker_threads';
import { analyzeForIngest, type WorkerReply, type WorkerRequest } from './ingest-analysis.js';

/**
 * The summarizing thread: documents in, summaries and index text out, one reply per document
 * so the main thread can tell which document a stuck worker is on.
 */
const port = parentPort;
if (!port) throw new Error('ingest-worker runs as a worker thread');
port.on('message', (req: WorkerRequest) => {
  for (const { seq, doc } of req.docs) {
    let reply: WorkerReply;
    try {
      reply = { seq, ...analyzeForIngest(doc, req.budgetMs) };
    } catch (err) {
      reply = { seq, skipped: `could not be summarized (${err instanceof Error ? err.message : String(err)})` };
    }
    port.postMessage(reply);
  }
});
// A first document warms the summarizer up (tables, JIT), so the time budget measures documents, not start-up.
analyzeForIngest({ id: 'warm-up', title: 'Warm-up', text: 'The council in Lima approved the plan on Monday, officials said.', sections: [], path: '', tags: [] }, Infinity);
port.postMessage({ ready: true });
