import 'dotenv/config';
import { loadConfig, ConfigError, secretValues, type AppConfig } from './config.js';
import { createLogger, secretScrubber } from './log.js';
import type { App } from './app.js';
import { createShutdown } from './shutdown.js';
import { HealthMonitor, startHealthServer, type HealthServer } from './health.js';
import type { SeedWatcher } from './sources/folder/watch.js';
import { systemClock } from './news/types.js';
import { isClosedPipe, receiveSignals } from './signals.js';

/** Until the configuration is known there is nothing to scrub; afterwards every stray line is. */
let scrub: (text: string) => string = (text) => text;

function readConfig(): AppConfig {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
}

/** Known once the configuration is read, to name the database in a start-up failure. */
let dbPath: string | undefined;

async function main(): Promise<void> {
  const config = readConfig();
  dbPath = config.dbPath;
  const secrets = secretValues(config);
  scrub = secretScrubber(secrets);
  const logger = createLogger(config.logLevel, { secrets });

  let app: App | undefined;
  let health: HealthServer | undefined;
  let seeds: SeedWatcher | undefined;
  const shutdown = createShutdown({
    logger,
    graceMs: config.shutdownGraceMs,
    async stop({ deadline }) {
      await seeds?.close();
      await app?.stop({ deadline });
      await health?.close();
    },
    force: () => app?.abort(),
    exit: (code) => process.exit(code),
  });
  // Before the (slow) first load, so a signal during start-up is honoured too.
  receiveSignals(process, { logger, stop: (signal) => void shutdown.begin(signal, { signal: true }) });
  // `npm start | head -1`: the reader is gone, which ends the console like the end of its input.
  const outputClosed = (): void => {
    logger.debug('stdout was closed by its reader: stopping');
    void shutdown.begin('stdout closed');
  };
  process.stdout.on('error', (err: unknown) => {
    if (isClosedPipe(err)) outputClosed();
    else logger.error({ err }, 'cannot write to stdout');
  });
  process.on('unhandledRejection', (err: unknown) => logger.error({ err }, 'unhandled promise rejection'));
  process.on('uncaughtException', (err: Error) => {
    if (isClosedPipe(err)) return outputClosed();
    // State may be inconsistent after this; leave cleanly and let the supervisor restart us.
    logger.fatal({ err }, 'uncaught exception');
    void shutdown.begin('uncaught exception', { code: 1 });
  });

  // Loaded only after the configuration passed: a config error answers fast, without first
  // loading both chat SDKs and the whole core.
  const { createApp } = await import('./app.js');
  if (!config.slack && !config.discord) {
    logger.info(
      { interactive: process.stdin.isTTY === true },
      'no chat platform tokens set: running the console on stdin (it stops when input ends)',
    );
  }
  app = await createApp(config, {
    logger,
    console: {
      input: process.stdin,
      output: process.stdout,
      interactive: process.stdin.isTTY === true,
      onEnd: () => void shutdown.begin('end of input'),
    },
  });
  if (shutdown.stopping()) return;
  const running = app;

  if (config.healthPort !== undefined) {
    const monitor = new HealthMonitor(
      {
        adapters: running.adapters,
        documents: () => running.library().size,
        lastLoad: () => running.lastLoad(),
        nextDigest: () => running.digests.nextRun(),
        feeds: () => running.feeds.health(),
        stopping: () => shutdown.stopping(),
      },
      { clock: systemClock, graceMs: config.reconnectGraceMs },
    );
    health = await startHealthServer(monitor, { port: config.healthPort, logger });
  }

  await running.start();
  if (config.watchSeeds && !shutdown.stopping()) {
    const { startLiveSeeds } = await import('./sources/folder/reload.js');
    seeds = startLiveSeeds(
      { ingest: running.ingest, seedFiles: running.store.seedFiles, onBatch: (r) => running.recordLoad({ skipped: r.skipped, ms: r.ms }) },
      config,
      logger,
    );
  }
}

/** A SQLite error at start-up is about NEWSBRIEF_DB: say which file, not just SQLite's words. */
function describeStartFailure(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const code = err && typeof err === 'object' && 'code' in err ? String((err as { code: unknown }).code) : '';
  if (code.startsWith('SQLITE_') && dbPath !== undefined) return `NEWSBRIEF_DB (${dbPath}): ${message} (${code})`;
  return message;
}

main().catch((err: unknown) => {
  process.stderr.write(`newsbrief failed to start: ${scrub(describeStartFailure(err))}\n`);
  process.exit(1);
});
