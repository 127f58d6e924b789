import { parentPort } from 'node:worker_threads';
import { FeedReadError } from './decode.js';
import { readFetched } from './read-fetched.js';
import type { ReadReply, ReadRequest } from './read-pool.js';

/** The feed-reading thread: fetched bytes in, items out (decode, parse, plain text, links). */
const port = parentPort;
if (!port) throw new Error('read-worker runs as a worker thread');
port.on('message', (req: ReadRequest) => {
  let reply: ReadReply;
  try {
    const read = readFetched({ status: 'ok', url: req.url, body: Buffer.from(req.body), wireBytes: 0, headers: { contentType: req.contentType } });
    reply = { id: req.id, read };
  } catch (err) {
    reply = err instanceof FeedReadError ? { id: req.id, unreadable: err.message } : { id: req.id, bug: err instanceof Error ? err.message : String(err) };
  }
  port.postMessage(reply);
});
port.postMessage({ ready: true });
