import { feedsConfigSchema, type FeedsConfig } from '../../../src/config.js';
import { silentLogger, type Logger } from '../../../src/log.js';
import type { Clock, NewsDocument } from '../../../src/news/types.js';
import { addressPolicy } from '../../../src/sources/feeds/address.js';
import { feedHttpClient } from '../../../src/sources/feeds/index.js';
import { createFeedPoller, type FeedPoller } from '../../../src/sources/feeds/poller.js';
import { openStore, type Store } from '../../../src/store/store.js';
import type { ChannelRef } from '../../../src/channels.js';
import type { HttpClient } from '../../../src/sources/feeds/http.js';

/** A clock tests move by hand. */
export function manualClock(start = '2026-12-01T10:00:00Z'): Clock & { advance(ms: number): void; set(iso: string): void } {
  let now = new Date(start).getTime();
  return {
    now: () => new Date(now),
    advance: (ms) => void (now += ms),
    set: (iso) => void (now = new Date(iso).getTime()),
  };
}

/** The feeds config as a file would give it; tests reach 127.0.0.1 and nothing else private. */
export function feedsConfig(over: Record<string, unknown> = {}): FeedsConfig {
  return feedsConfigSchema.parse({ allowPrivateNetworks: ['127.0.0.1'], every: '5s', fullTextBelow: 0, ...over });
}

/** Documents handed to ingest, by id (the latest version of each). */
export function recordingIngest() {
  const batches: NewsDocument[][] = [];
  const docs = new Map<string, NewsDocument>();
  return {
    batches,
    docs,
    ingest: {
      async add(list: NewsDocument[]) {
        batches.push(list);
        for (const d of list) docs.set(d.id, d);
      },
    },
  };
}

export interface PollRig {
  store: Store;
  poller: FeedPoller;
  http: HttpClient;
  clock: ReturnType<typeof manualClock>;
  ingested: ReturnType<typeof recordingIngest>;
  told: { channel: ChannelRef; text: string }[];
  close(): Promise<void>;
}

export function pollRig(opts: { config?: FeedsConfig; store?: Store; clock?: ReturnType<typeof manualClock>; logger?: Logger } = {}): PollRig {
  const config = opts.config ?? feedsConfig();
  const store = opts.store ?? openStore(':memory:');
  const clock = opts.clock ?? manualClock();
  const policy = addressPolicy(config.allowPrivateNetworks);
  const http = feedHttpClient(config, 'test', policy);
  const ingested = recordingIngest();
  const told: { channel: ChannelRef; text: string }[] = [];
  const poller = createFeedPoller({
    feeds: store.feeds,
    http,
    ingest: ingested.ingest,
    clock,
    logger: opts.logger ?? silentLogger,
    config,
    policy,
    notify: async (channel, text) => void told.push({ channel, text }),
  });
  return {
    store,
    poller,
    http,
    clock,
    ingested,
    told,
    async close() {
      await poller.stop();
      await http.close();
    },
  };
}
