import 'dotenv/config';
import { loadConfig, ConfigError } from './config.js';
import { createLogger } from './log.js';
import { createApp } from './app.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const logger = createLogger(config.logLevel);
  let stopping = false;
  const shutdown = async (why: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ why }, 'shutting down');
    await app.stop();
    process.exit(0);
  };
  const app = await createApp(config, {
    logger,
    console: { input: process.stdin, output: process.stdout, interactive: process.stdin.isTTY === true, onEnd: () => void shutdown('end of input') },
  });
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  await app.start();
}

main().catch((err: unknown) => {
  process.stderr.write(`newsbrief failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
