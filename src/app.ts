import type { Readable, Writable } from 'node:stream';
import type { Logger } from './log.js';
import type { Adapter } from './chat/adapter.js';
import type { Dispatch } from './chat/reply.js';
import type { Library } from './news/library-api.js';
import { systemClock, type Clock } from './news/types.js';
import { openArchiveLibrary, type LiveLibrary } from './news/library.js';
import { SUMMARY_VERSION } from './news/summarize.js';
import { createIngest, type Ingest } from './ingest.js';
import { inlineSummarizer, workerPool, type Summarizer } from './ingest-summarizer.js';
import { syncSeedFolder } from './sources/folder/sync.js';
import { startRetention, type Retention } from './retention.js';
import { startResummarizer } from './resummarize.js';
import { startIndexRefresh } from './index-refresh.js';
import { createDispatcher } from './commands/dispatch.js';
import { commands } from './commands/index.js';
import { createConsoleAdapter } from './chat/console/adapter.js';
import { createSlackAdapter } from './chat/slack/adapter.js';
import { createDiscordAdapter } from './chat/discord/adapter.js';
import { openStore, type Store } from './store/store.js';
import { createDigestService, type DigestService } from './schedule/service.js';
import { gateCommands } from './shutdown.js';
import { namedSecrets, type AppConfig } from './config.js';
import { createSecretGuard, guardAdapter } from './chat/secret-guard.js';
import { createFeedsSource, type FeedsSource } from './sources/feeds/index.js';

/** The version feeds name in their User-Agent. */
const VERSION = '0.1.0';

export interface AppOptions {
  logger: Logger;
  clock?: Clock;
  /** The console's streams (default: none, so no console adapter unless given). */
  console?: { input: Readable; output: Writable; interactive: boolean; onEnd?: () => void };
  /** Replace the platform adapters (tests). */
  adapters?: Adapter[];
}

export interface App {
  readonly config: AppConfig;
  readonly store: Store;
  readonly adapters: readonly Adapter[];
  readonly digests: DigestService;
  readonly dispatch: Dispatch;
  readonly feeds: FeedsSource;
  /** True once stop() has begun: commands are answered with a short "restarting" note. */
  stopping(): boolean;
  library(): LiveLibrary;
  /** The one way documents come in (seeds, the folder watcher, feeds). */
  readonly ingest: Ingest;
  /** Record a batch of seed changes for /healthz (what it skipped and took). */
  recordLoad(load: { skipped: number; ms: number }): void;
  lastLoad(): { at: Date; documents: number; skipped: number; ms: number };
  start(): Promise<void>;
  /**
   * Stops everything within one budget: by `deadline` (epoch ms; default config.shutdownGraceMs
   * from now) replies and digests in flight have finished or been given up, this instance's
   * digest claims are handed over, and the adapters and store are closed.
   */
  stop(opts?: { deadline?: number }): Promise<void>;
  /**
   * The budget ran out anyway: hand the digest claims over and close the store, synchronously,
   * so the next start need not wait out the leases. Safe after stop() too.
   */
  abort(): void;
}

/** The one place that wires everything; nothing below it reads the environment. */
export async function createApp(config: AppConfig, opts: AppOptions): Promise<App> {
  const { logger } = opts;
  const clock = opts.clock ?? systemClock;
  const store = openStore(config.dbPath, { logger, summaryVersion: SUMMARY_VERSION });
  const summarizer: Summarizer = config.archive.worker
    ? workerPool(config.archive.workers, { budgetMs: config.archive.budgetMs, logger })
    : inlineSummarizer({ budgetMs: config.archive.budgetMs });
  const library = openArchiveLibrary(store.documents, config.archive, { clock, storiesPerBriefing: config.storiesPerBriefing, logger });
  const ingest = createIngest({ documents: store.documents, summarizer, listener: library, logger: logger.child({ component: 'ingest' }), now: () => clock.now(), dbPath: store.path });

  const synced = await syncSeedFolder({ root: config.seedsDir, ingest, seedFiles: store.seedFiles, maxFileBytes: config.limits.maxFileBytes, logger });
  let last = { at: clock.now(), documents: library.size, skipped: synced.skipped, ms: synced.ms };
  const retention: Retention = startRetention({ store, ingest, keepDays: config.archive.keepDays, clock, logger });
  const resummarizer = startResummarizer({ store, summarizer, listener: library, version: SUMMARY_VERSION, logger: logger.child({ component: 'ingest' }) });
  const indexRefresh = startIndexRefresh({ store, logger: logger.child({ component: 'ingest' }) });

  // Every reply and post is checked for the configured secrets on its way to a platform.
  const guard = createSecretGuard(namedSecrets(config), logger);
  const adapters = (opts.adapters ?? platformAdapters(config, opts, () => library)).map((a) => guardAdapter(a, guard));
  const byPlatform = new Map(adapters.map((a) => [a.platform, a] as const));
  const digests = createDigestService({ store, library: () => library, adapters: byPlatform, config, clock, logger });
  const feeds = await createFeedsSource({
    feeds: store.feeds,
    config: config.feeds,
    clock,
    logger,
    version: VERSION,
    // Feed items go through the one ingest path and are kept in the store, so a restart need not
    // fetch feeds again; an item's key (feedItem) replaces its earlier version.
    ingest: { add: (docs) => ingest.add(docs), keepsDocuments: true },
    async removeDocuments(ids) {
      await ingest.remove(ids);
    },
    async notify(channel, text) {
      const adapter = byPlatform.get(channel.split(':', 1)[0]!);
      if (!adapter) throw new Error(`no adapter for ${channel}`);
      const posted = await adapter.post(channel, { kind: 'text', text });
      if (!posted.ok) throw new Error(posted.detail);
    },
  });
  const dispatch = gateCommands(
    createDispatcher({
      library: () => library,
      store,
      feeds: feeds.commands,
      clock,
      settings: config,
      logger,
    }),
  );

  return {
    config,
    store,
    adapters,
    digests,
    dispatch,
    feeds,
    stopping: () => dispatch.stopping(),
    library: () => library,
    ingest,
    recordLoad(load) {
      last = { at: clock.now(), documents: library.size, skipped: load.skipped, ms: load.ms };
    },
    lastLoad: () => last,
    async start() {
      for (const adapter of adapters) {
        await adapter.start(dispatch);
        logger.info({ platform: adapter.platform }, 'adapter started');
      }
      await digests.start();
      feeds.start();
    },
    async stop(stopOpts = {}) {
      const deadline = stopOpts.deadline ?? Date.now() + config.shutdownGraceMs;
      const beforeAdapters = deadline - ADAPTERS_RESERVE_MS;
      // Refuse new commands and let the ones running finish while feeds stop and the digests in
      // flight finish (commands and digests post through the adapters); the digests hand their
      // claims over before the deadline whatever the rest does. Then the adapters, and the store
      // last, since everything writes to it.
      await Promise.all([until(dispatch.drain(), beforeAdapters), until(feeds.stop(), beforeAdapters), digests.stop({ deadline: beforeAdapters })]);
      await until(Promise.allSettled(adapters.map((a) => a.stop())), deadline - STORE_RESERVE_MS);
      retention.stop();
      await until(Promise.all([resummarizer.stop(), indexRefresh.stop()]), deadline - STORE_RESERVE_MS);
      await until(ingest.close(), deadline - STORE_RESERVE_MS);
      await until(summarizer.close(), deadline - STORE_RESERVE_MS);
      store.close();
    },
    abort() {
      digests.releaseClaims();
      store.close();
    },
  };
}

/** Kept back from the shutdown deadline for closing the adapters, then the store. */
const ADAPTERS_RESERVE_MS = 400;
const STORE_RESERVE_MS = 100;

/** Waits for `work`, but not past `deadline` (epoch ms); what it leaves running is abandoned. */
async function until(work: Promise<unknown>, deadline: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([work, new Promise<void>((resolve) => (timer = setTimeout(resolve, Math.max(0, deadline - Date.now()))))]);
  clearTimeout(timer);
}

function platformAdapters(config: AppConfig, opts: AppOptions, library: () => Library): Adapter[] {
  const adapters: Adapter[] = [];
  if (config.slack) {
    adapters.push(createSlackAdapter(config.slack, { logger: opts.logger.child({ platform: 'slack' }), replyVisibility: config.replyVisibility }));
  }
  if (config.discord) {
    adapters.push(
      createDiscordAdapter(config.discord, {
        logger: opts.logger.child({ platform: 'discord' }),
        suggestTopics: (prefix) => library().suggest(prefix, 25),
        commands,
        replyVisibility: config.replyVisibility,
      }),
    );
  }
  if (adapters.length === 0 && opts.console) adapters.push(createConsoleAdapter({ ...opts.console, logger: opts.logger.child({ platform: 'console' }) }));
  return adapters;
}
