import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/log.js';
import { FeedReadError } from '../../../src/sources/feeds/decode.js';
import { createReadPool, inlineReader } from '../../../src/sources/feeds/read-pool.js';
import { SHARED_FEEDS } from '../../fakes/feeds/server.js';

const fetched = (file: string) => ({
  status: 'ok' as const,
  url: `http://127.0.0.1/${file}`,
  body: readFileSync(path.join(SHARED_FEEDS, file)),
  wireBytes: 0,
  headers: { contentType: 'application/xml' },
});

describe('reading feeds on a worker thread', () => {
  it('gives the same items as reading on the main thread, dates included', async () => {
    const pool = createReadPool({ size: 1, stuckMs: 60_000, logger: silentLogger });
    try {
      for (const file of ['node-feedparser/rss2sample.xml', 'rss-parser/encoding.rss', 'node-feedparser/iconv.xml']) {
        const inWorker = await pool.read(fetched(file));
        expect(inWorker).toEqual(await inlineReader.read(fetched(file)));
        expect(inWorker.items[0]!.publishedAt).toBeInstanceOf(Date);
      }
    } finally {
      await pool.close();
    }
  });

  it('rejects what is not a feed with the same one reason, and keeps working after', async () => {
    const pool = createReadPool({ size: 1, stuckMs: 60_000, logger: silentLogger });
    try {
      await expect(pool.read(fetched('node-feedparser/notafeed.html'))).rejects.toThrow(FeedReadError);
      await expect(pool.read(fetched('node-feedparser/notafeed.html'))).rejects.toThrow('this is an HTML page, not a feed');
      expect((await pool.read(fetched('node-feedparser/rss2sample.xml'))).items).toHaveLength(4);
    } finally {
      await pool.close();
    }
  });

  it('gives up on a feed that takes longer than its budget and replaces the worker', async () => {
    const pool = createReadPool({ size: 1, stuckMs: 1, logger: silentLogger });
    try {
      await expect(pool.read(fetched('rss-parser/giantbomb-podcast.rss'))).rejects.toThrow(/took longer than/);
      const slow = createReadPool({ size: 1, stuckMs: 60_000, logger: silentLogger });
      expect((await slow.read(fetched('node-feedparser/rss2sample.xml'))).items).toHaveLength(4);
      await slow.close();
    } finally {
      await pool.close();
    }
  });
});
