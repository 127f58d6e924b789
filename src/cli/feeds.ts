import 'dotenv/config';
import { readFileSync, writeFileSync } from 'node:fs';
import { loadConfig, ConfigError } from '../config.js';
import { FeedReadError } from '../sources/feeds/decode.js';
import { readOpml, writeOpml } from '../sources/feeds/opml.js';
import { openStore } from '../store/store.js';

/**
 * `npm run feeds -- import file.opml` adds the feeds of an OPML file to the store (the bot
 * fetches them at its next poll); `npm run feeds -- export [file.opml]` writes every feed.
 */
const USAGE = 'usage: npm run feeds -- import <file.opml> | export [file.opml]';

function main(): number {
  const [command, file, ...rest] = process.argv.slice(2);
  if (rest.length > 0 || (command !== 'import' && command !== 'export') || (command === 'import' && !file)) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const config = loadConfig();
  const store = openStore(config.dbPath);
  try {
    if (command === 'export') {
      const xml = writeOpml(store.feeds.list(), new Date());
      if (file) {
        writeFileSync(file, xml);
        process.stderr.write(`wrote ${store.feeds.list().length} feeds to ${file}\n`);
      } else process.stdout.write(`${xml}\n`);
      return 0;
    }
    let text: string;
    try {
      text = readFileSync(file!, 'utf8');
    } catch (err) {
      process.stderr.write(`feeds: cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}\n`);
      return 1;
    }
    let read: ReturnType<typeof readOpml>;
    try {
      read = readOpml(text);
    } catch (err) {
      if (err instanceof FeedReadError) {
        process.stderr.write(`feeds: ${file}: ${err.message}\n`);
        return 1;
      }
      throw err;
    }
    let added = 0;
    let already = 0;
    for (const f of read.feeds) {
      const { created } = store.feeds.add({ url: f.url, name: f.name, tags: f.tags, source: 'opml', createdAt: new Date() });
      if (created) {
        added++;
        process.stdout.write(`added ${f.url}${f.tags.length ? ` (tags: ${f.tags.join(', ')})` : ''}\n`);
      } else already++;
    }
    for (const s of read.skipped) process.stderr.write(`skipped ${s.entry}: ${s.reason}\n`);
    process.stdout.write(`imported ${file}: ${added} added, ${already} already there, ${read.skipped.length} skipped\n`);
    return 0;
  } finally {
    store.close();
  }
}

try {
  process.exit(main());
} catch (err) {
  process.stderr.write(`${err instanceof ConfigError ? err.message : `feeds: ${err instanceof Error ? err.message : String(err)}`}\n`);
  process.exit(err instanceof ConfigError ? 2 : 1);
}
