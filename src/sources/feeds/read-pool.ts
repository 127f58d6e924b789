import type { Worker } from 'node:worker_threads';
import type { Logger } from '../../log.js';
import { FeedReadError } from './decode.js';
import type { FetchResult } from './http.js';
import type { ReadFeed } from './normalize.js';
import { readFetched } from './read-fetched.js';
import { spawnModuleWorker } from '../../spawn-worker.js';

/**
 * Reading feeds (XML parse, plain text) off the main thread, so commands keep answering while a
 * poll reads a thousand feeds, and both cores work. A feed that takes longer than `stuckMs` to
 * read fails with a reason and its worker is replaced; with no workers, reading is inline.
 */

export interface ReadRequest {
  id: number;
  url: string;
  body: Uint8Array;
  contentType?: string;
}

export type ReadReply = { id: number; read: ReadFeed } | { id: number; unreadable: string } | { id: number; bug: string };

export interface FeedReader {
  read(res: Extract<FetchResult, { status: 'ok' }>): Promise<ReadFeed>;
  close(): Promise<void>;
}

export const inlineReader: FeedReader = {
  read: async (res) => readFetched(res),
  close: async () => undefined,
};

function spawnWorker(): Worker {
  return spawnModuleWorker(import.meta.url, 'read-worker');
}

interface Slot {
  worker: Worker;
  ready: Promise<void>;
  pending: Map<number, { resolve: (r: ReadFeed) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }>;
}

export function createReadPool(opts: { size: number; stuckMs: number; logger: Logger }): FeedReader {
  if (opts.size <= 0) return inlineReader;
  let nextId = 1;
  let closed = false;
  const slots: (Slot | undefined)[] = new Array(opts.size).fill(undefined);

  const retire = (i: number, slot: Slot, why: string): void => {
    if (slots[i] !== slot) return;
    slots[i] = undefined;
    for (const p of slot.pending.values()) {
      clearTimeout(p.timer);
      p.reject(new FeedReadError(why));
    }
    slot.pending.clear();
    void slot.worker.terminate();
  };

  const start = (i: number): Slot => {
    const worker = spawnWorker();
    worker.unref();
    const slot: Slot = { worker, pending: new Map(), ready: Promise.resolve() };
    slot.ready = new Promise<void>((resolve, reject) => {
      worker.once('error', reject);
      worker.on('message', (m: { ready: true } | ReadReply) => {
        if ('ready' in m) return resolve();
        const p = slot.pending.get(m.id);
        if (!p) return;
        slot.pending.delete(m.id);
        clearTimeout(p.timer);
        if ('read' in m) p.resolve(m.read);
        else if ('unreadable' in m) p.reject(new FeedReadError(m.unreadable));
        else p.reject(new Error(m.bug));
      });
    });
    worker.on('error', (err) => {
      opts.logger.error({ err: err.message }, 'a feed-reading worker failed; starting another');
      retire(i, slot, 'the feed could not be read (the reader failed)');
    });
    worker.on('exit', () => retire(i, slot, 'the feed could not be read (the reader stopped)'));
    slots[i] = slot;
    return slot;
  };

  const pick = (): [number, Slot] => {
    let best = 0;
    for (let i = 0; i < slots.length; i++) {
      if (!slots[i]) return [i, start(i)];
      if (slots[i]!.pending.size < slots[best]!.pending.size) best = i;
    }
    return [best, slots[best]!];
  };

  return {
    async read(res) {
      if (closed) return readFetched(res);
      const [i, slot] = pick();
      try {
        await slot.ready;
      } catch (err) {
        // No worker can start here (an unusual runtime): read inline rather than not at all.
        opts.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'feed-reading workers unavailable; reading on the main thread');
        retire(i, slot, 'the reader did not start');
        return readFetched(res);
      }
      const id = nextId++;
      return new Promise<ReadFeed>((resolve, reject) => {
        const timer = setTimeout(() => {
          opts.logger.warn({ url: res.url, ms: opts.stuckMs }, 'reading a feed took too long; its reader was replaced');
          const p = slot.pending.get(id);
          slot.pending.delete(id);
          p?.reject(new FeedReadError(`reading the feed took longer than ${Math.round(opts.stuckMs / 1000)} s`));
          retire(i, slot, 'the feed could not be read (another feed stalled its reader)');
        }, opts.stuckMs);
        slot.pending.set(id, { resolve, reject, timer });
        slot.worker.postMessage({ id, url: res.url, body: res.body, contentType: res.headers.contentType } satisfies ReadRequest);
      });
    },
    async close() {
      closed = true;
      await Promise.all(slots.map((s, i) => (s ? (retire(i, s, 'shutting down'), undefined) : undefined)));
    },
  };
}
