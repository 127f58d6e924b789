/**
 * The bench's feed server, in its own process so its work is not counted as the bot's:
 * `--feeds N --items M --hosts H`. Listens on 127.0.0.1 … 127.0.0.H (the loopback range, so
 * per-host limits apply as with real publishers), serves /feed/<n>.xml with an ETag and answers
 * 304 to a matching If-None-Match. Prints one JSON line {ports} when ready; stops when stdin ends.
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const feeds = arg('feeds', 1000);
const items = arg('items', 50);
const hosts = arg('hosts', 50);
const corpusDir = process.argv.includes('--corpus') ? process.argv[process.argv.indexOf('--corpus') + 1]! : '';

/** Real article text when the BBC corpus is there (varied per item), else plain sentences. */
function texts(): string[] {
  const dir = path.join(corpusDir, 'articles');
  if (corpusDir && existsSync(dir)) {
    const out: string[] = [];
    for (const topic of readdirSync(dir)) {
      for (const f of readdirSync(path.join(dir, topic)).slice(0, 200)) out.push(readFileSync(path.join(dir, topic, f), 'latin1'));
    }
    if (out.length > 0) return out;
  }
  return Array.from({ length: 500 }, (_, i) => `Story ${i}\nThe council met on day ${i} to discuss the harbour plan. Members said the plan would bring ${i} jobs to the town. A vote is due next week, and the mayor expects it to pass. Opponents say the cost of ${i} million is too high.`);
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const corpus = texts();
const base = Date.parse('2026-12-01T00:00:00Z');

function feedXml(n: number): string {
  const parts: string[] = [];
  for (let i = 0; i < items; i++) {
    const text = corpus[(n * items + i) % corpus.length]!;
    const [title = `Item ${i}`, ...body] = text.split('\n').filter((l) => l.trim() !== '');
    const date = new Date(base - (n * items + i) * 60_000).toUTCString();
    parts.push(
      `<item><title>${esc(title.trim())} (${n}.${i})</title><link>https://feed${n}.example/story/${i}?utm_source=rss</link><guid isPermaLink="false">f${n}-i${i}</guid>` +
        `<pubDate>${date}</pubDate><description>${esc(body.slice(0, 6).map((p) => `<p>${p}</p>`).join(''))}</description></item>`,
    );
  }
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Bench feed ${n}</title><link>https://feed${n}.example/</link><description>bench</description>${parts.join('')}</channel></rss>`;
}

const bodies = new Map<number, { body: Buffer; etag: string }>();
function bodyOf(n: number) {
  let b = bodies.get(n);
  if (!b) {
    const body = Buffer.from(feedXml(n));
    b = { body, etag: `"${createHash('sha1').update(body).digest('hex').slice(0, 16)}"` };
    bodies.set(n, b);
  }
  return b;
}

const server = createServer((req, res) => {
  const m = /^\/feed\/(\d+)\.xml$/.exec(req.url ?? '');
  const n = m ? Number(m[1]) : -1;
  if (n < 0 || n >= feeds) return void res.writeHead(404).end();
  const { body, etag } = bodyOf(n);
  if (req.headers['if-none-match'] === etag) return void res.writeHead(304, { etag }).end();
  res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag, 'content-length': body.length }).end(body);
});
server.keepAliveTimeout = 5_000;
const ports: number[] = [];
(async () => {
  // One port, bound on each address of the range: every address is its own "host".
  for (let h = 1; h <= hosts; h++) {
    await new Promise<void>((resolve, reject) => {
      const s = h === 1 ? server : createServer(server.listeners('request')[0] as Parameters<typeof createServer>[1]);
      s.once('error', reject);
      s.listen(h === 1 ? 0 : ports[0], `127.0.0.${h}`, () => {
        if (h === 1) ports.push((s.address() as AddressInfo).port);
        resolve();
      });
    });
  }
  process.stdout.write(`${JSON.stringify({ port: ports[0], hosts })}\n`);
})().catch((err: unknown) => {
  process.stderr.write(`feed-server: ${String(err)}\n`);
  process.exit(1);
});
process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
