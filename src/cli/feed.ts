import 'dotenv/config';
import { loadConfig, ConfigError } from '../config.js';
import { createLogger } from '../log.js';
import { systemClock } from '../news/types.js';
import { FeedReadError } from '../sources/feeds/decode.js';
import { createFullTextReader } from '../sources/feeds/fulltext.js';
import { FetchError } from '../sources/feeds/http.js';
import { feedHttpClient } from '../sources/feeds/index.js';
import { formatPreview, previewFeed } from '../sources/feeds/preview.js';

/**
 * `npm run feed -- <url-or-file> [--json]`: a feed as newsbrief would ingest it, with the same
 * config. --json: exactly one JSON object on stdout; logs on stderr.
 */
async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const sources = args.filter((a) => a !== '--json');
  if (sources.length !== 1) {
    process.stderr.write('usage: npm run feed -- <url-or-file> [--json]\n');
    return 2;
  }
  const config = loadConfig();
  const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
  const http = feedHttpClient(config.feeds, '0.1.0');
  try {
    const preview = await previewFeed(sources[0]!, {
      http,
      maxBytes: config.feeds.maxBytes,
      fullText: createFullTextReader({ http, clock: systemClock, logger }),
      fullTextBelow: config.feeds.fullTextBelow,
    });
    process.stdout.write(json ? `${JSON.stringify(preview)}\n` : `${formatPreview(preview)}\n`);
    return 0;
  } catch (err) {
    if (err instanceof FeedReadError || err instanceof FetchError) {
      process.stderr.write(`feed: ${sources[0]}: ${err.message}\n`);
      return 1;
    }
    throw err;
  } finally {
    await http.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${err instanceof ConfigError ? err.message : `feed: ${err instanceof Error ? err.message : String(err)}`}\n`);
    process.exit(err instanceof ConfigError ? 2 : 1);
  },
);
