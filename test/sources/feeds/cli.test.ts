import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readOpml, writeOpml } from '../../../src/sources/feeds/opml.js';
import { openStore } from '../../../src/store/store.js';
import { SHARED_FEEDS, startFeedServer, type FeedServer } from '../../fakes/feeds/server.js';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../../..');
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');

let dir: string;
let server: FeedServer;
let configPath: string;
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'nb-feed-cli-'));
  server = await startFeedServer();
  configPath = path.join(dir, 'newsbrief.json');
  writeFileSync(configPath, JSON.stringify({ seedsDir: path.join(root, 'seeds'), feeds: { allowPrivateNetworks: ['127.0.0.1'], fullTextBelow: 0 } }));
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

async function cli(script: string, args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(tsx, [path.join(root, 'src/cli', script), ...args], {
      cwd: root,
      env: { ...process.env, NEWSBRIEF_CONFIG: configPath, NEWSBRIEF_DB: path.join(dir, 'store.db'), LOG_LEVEL: 'warn', ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('npm run feed: a preview of a feed as newsbrief reads it', () => {
  it('prints exactly one JSON object with --json, the address it fetched, and null for no date', async () => {
    const { code, stdout } = await cli('feed.ts', [server.url('/rss-parser/heraldsun.rss'), '--json']);
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const preview = JSON.parse(lines[0]!);
    expect(preview.feed).toEqual({ title: 'RSS0.92 Example', url: server.url('/rss-parser/heraldsun.rss'), link: 'http://www.oreilly.com/example/index.html' });
    expect(preview.items[0]).toEqual({ guid: null, title: 'The First Item', url: 'http://www.oreilly.com/example/001.html', publishedAt: null, text: 'This is the first item.', image: null });
    expect(preview.skipped).toEqual([]);
  });

  it('reads a file, dates in ISO 8601 and full content as the text', async () => {
    const { code, stdout } = await cli('feed.ts', [path.join(SHARED_FEEDS, 'rss-parser/heise.atom')]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^heise developer neueste Meldungen/);
    expect(stdout).toContain('2016-02-01T16:22:00.000Z · http://www.heise.de/developer/meldung/');
  });

  it('exits non-zero with one line on stderr for what is not a feed, and for a refused address', async () => {
    const html = await cli('feed.ts', [path.join(SHARED_FEEDS, 'node-feedparser/notafeed.html'), '--json']);
    expect(html.code).toBe(1);
    expect(html.stdout).toBe('');
    expect(html.stderr.trim().split('\n')).toEqual([`feed: ${path.join(SHARED_FEEDS, 'node-feedparser/notafeed.html')}: this is an HTML page, not a feed`]);
    const refused = await cli('feed.ts', ['http://10.0.0.1/feed.xml']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/10\.0\.0\.1 is a private-network address/);
  });
});

describe('OPML import and export', () => {
  const opml = `<?xml version="1.0"?><opml version="2.0"><head><title>Mine</title></head><body>
<outline text="World"><outline text="Guardian World" type="rss" xmlUrl="https://www.theguardian.com/world/rss" htmlUrl="https://www.theguardian.com/world"/></outline>
<outline text="HN" type="rss" xmlUrl="https://news.ycombinator.com/rss" category="/Tech/News"/>
<outline text="Bad" type="rss" xmlUrl="ftp://example.com/feed"/>
</body></opml>`;

  it('reads folders and categories as tags and skips what is not an http(s) feed, saying why', () => {
    const read = readOpml(opml);
    expect(read.feeds).toEqual([
      { url: 'https://www.theguardian.com/world/rss', name: 'Guardian World', tags: ['world'], site: 'https://www.theguardian.com/world' },
      { url: 'https://news.ycombinator.com/rss', name: 'HN', tags: ['tech', 'news'] },
    ]);
    expect(read.skipped).toEqual([{ entry: 'ftp://example.com/feed', reason: 'Only http:// and https:// feeds can be added.' }]);
  });

  it('imports into the store once, and exports what it imported', async () => {
    const file = path.join(dir, 'in.opml');
    writeFileSync(file, opml);
    const first = await cli('feeds.ts', ['import', file]);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/2 added, 0 already there, 1 skipped/);
    expect((await cli('feeds.ts', ['import', file])).stdout).toMatch(/0 added, 2 already there/);
    const out = await cli('feeds.ts', ['export']);
    expect(readOpml(out.stdout).feeds.map((f) => [f.url, f.tags])).toEqual([
      ['https://www.theguardian.com/world/rss', ['world']],
      ['https://news.ycombinator.com/rss', ['tech', 'news']],
    ]);
    const store = openStore(path.join(dir, 'store.db'));
    expect(store.feeds.list().map((f) => f.source)).toEqual(['opml', 'opml']);
    expect(readOpml(writeOpml(store.feeds.list(), new Date())).feeds).toHaveLength(2);
    store.close();
  });

  it('says why a file is not OPML', async () => {
    const file = path.join(dir, 'not.opml');
    writeFileSync(file, '<rss version="2.0"><channel><title>x</title></channel></rss>');
    const res = await cli('feeds.ts', ['import', file]);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/not an OPML file|lists no feeds/);
  });
});
