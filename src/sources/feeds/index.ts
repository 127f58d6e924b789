import type { ChannelRef } from '../../channels.js';
import type { FeedsConfig } from '../../config.js';
import type { Logger } from '../../log.js';
import type { Clock } from '../../news/types.js';
import type { FeedRepo } from '../../store/feeds.js';
import { addressPolicy, type AddressPolicy } from './address.js';
import { createFullTextReader } from './fulltext.js';
import { createHttpClient, type HttpClient } from './http.js';
import { createReadPool } from './read-pool.js';
import { createFeedPoller, type FeedIngest, type FeedPoller } from './poller.js';
import { createFeedService, type FeedCommands, type FeedsHealth } from './service.js';

/** The feeds source as the app wires it: config feeds synced into the store, a poller, /feeds. */

export interface FeedsSource {
  readonly commands: FeedCommands;
  readonly poller: FeedPoller;
  health(): FeedsHealth;
  start(): void;
  stop(): Promise<void>;
}

export interface FeedsSourceDeps {
  feeds: FeedRepo;
  config: FeedsConfig;
  clock: Clock;
  logger: Logger;
  ingest: FeedIngest;
  removeDocuments(docIds: string[]): Promise<void>;
  notify?: (channel: ChannelRef, text: string) => Promise<void>;
  /** The version the User-Agent names. */
  version: string;
  /** How often the poller looks for due feeds (default 5 s). */
  tickMs?: number;
}

/** "newsbrief/0.1.0 (+https://…)": publishers can see who is fetching and where to ask. */
export function userAgent(version: string, homepage: string): string {
  return `newsbrief/${version} (+${homepage})`;
}

export function feedHttpClient(config: FeedsConfig, version: string, policy: AddressPolicy = addressPolicy(config.allowPrivateNetworks)): HttpClient {
  return createHttpClient({
    policy,
    userAgent: userAgent(version, config.homepage),
    timeoutMs: config.timeout,
    maxBytes: config.maxBytes,
    maxRedirects: config.maxRedirects,
    perHost: config.perHost,
  });
}

export async function createFeedsSource(deps: FeedsSourceDeps): Promise<FeedsSource> {
  const { feeds, config, clock } = deps;
  const logger = deps.logger.child({ component: 'feeds' });
  const policy = addressPolicy(config.allowPrivateNetworks);
  const http = feedHttpClient(config, deps.version, policy);
  const now = clock.now();
  const wanted = new Set(config.sources.map((s) => s.url));
  const leaving = feeds.list().filter((f) => f.source === 'config' && !wanted.has(f.url));
  const leavingDocs = leaving.flatMap((f) => feeds.items(f.id).map((i) => i.docId));
  const synced = feeds.syncConfig(
    config.sources.map((s) => ({ url: s.url, name: s.name, tags: s.tags, everyMs: s.every, source: 'config' as const, createdAt: now })),
  );
  if (synced.removed.length > 0) {
    await deps.removeDocuments(leavingDocs);
    logger.info({ removed: leaving.map((f) => f.url), documents: leavingDocs.length }, 'feeds no longer in the config removed, with their items');
  }
  const reader = createReadPool({ size: config.readers, stuckMs: config.timeout, logger });
  if (deps.ingest.keepsDocuments === false) feeds.forgetFetched();
  const poller = createFeedPoller({
    feeds,
    http,
    reader,
    ingest: deps.ingest,
    clock,
    logger: deps.logger,
    config,
    policy,
    fullText: createFullTextReader({ http, clock, logger }),
    notify: deps.notify,
  });
  const service = createFeedService({ feeds, poller, config, policy, clock, logger: deps.logger, removeDocuments: deps.removeDocuments });
  logger.info({ feeds: feeds.list().length, fromConfig: config.sources.length, added: synced.added }, 'feeds ready');
  return {
    commands: service,
    poller,
    health: () => service.health(),
    start: () => poller.start(deps.tickMs),
    async stop() {
      await poller.stop();
      await http.close();
      await reader.close();
    },
  };
}
