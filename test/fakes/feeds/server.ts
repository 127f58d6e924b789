import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

/**
 * A local feed server on 127.0.0.1: serves the files of ../shared/feeds (and any extra routes a
 * test sets) with ETag / Last-Modified and 304s, and records every request it gets, so tests can
 * see which validators the bot sent and how often it came.
 */

export const SHARED_FEEDS = path.resolve(import.meta.dirname, '../../../../shared/feeds');

export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

export interface RecordedRequest {
  path: string;
  headers: IncomingHttpHeaders;
  at: number;
}

export interface FeedServer {
  readonly origin: string;
  url(p: string): string;
  /** Serve `body` at `p` (with validators), or run `handler` for it. */
  route(p: string, handler: Handler | { body: string | Buffer; type?: string; headers?: Record<string, string> }): void;
  requests(p?: string): RecordedRequest[];
  reset(): void;
  close(): Promise<void>;
}

/** Every feed file under ../shared/feeds, as "folder/file". */
export function sharedFeedFiles(): string[] {
  return ['rss-parser', 'node-feedparser'].flatMap((dir) =>
    readdirSync(path.join(SHARED_FEEDS, dir))
      .filter((f) => f !== 'LICENSE' && statSync(path.join(SHARED_FEEDS, dir, f)).isFile())
      .map((f) => `${dir}/${f}`),
  );
}

function typeFor(file: string): string {
  if (file.endsWith('.json')) return 'application/feed+json';
  if (file.endsWith('.html')) return 'text/html';
  if (file.endsWith('.atom')) return 'application/atom+xml';
  return 'application/xml';
}

/** Sends `body` with an ETag and Last-Modified, or 304 when the request already has them. */
export function serveWithValidators(req: IncomingMessage, res: ServerResponse, body: string | Buffer, type: string, extra: Record<string, string> = {}): void {
  const etag = `"${createHash('sha1').update(body).digest('hex').slice(0, 16)}"`;
  const lastModified = 'Tue, 01 Dec 2026 08:00:00 GMT';
  if (req.headers['if-none-match'] === etag || (!req.headers['if-none-match'] && req.headers['if-modified-since'] === lastModified)) {
    res.writeHead(304, { etag, 'last-modified': lastModified, ...extra }).end();
    return;
  }
  res.writeHead(200, { 'content-type': type, etag, 'last-modified': lastModified, 'content-length': Buffer.byteLength(body), ...extra }).end(body);
}

export async function startFeedServer(): Promise<FeedServer> {
  const routes = new Map<string, Handler>();
  let log: RecordedRequest[] = [];
  const server: Server = createServer((req, res) => {
    const p = (req.url ?? '/').split('?', 1)[0]!;
    log.push({ path: p, headers: req.headers, at: Date.now() });
    const handler = routes.get(p);
    if (handler) return handler(req, res);
    const rel = decodeURIComponent(p).replace(/^\/+/, '');
    const file = path.join(SHARED_FEEDS, rel);
    if (!rel.includes('..') && file.startsWith(SHARED_FEEDS)) {
      try {
        // Byte for byte: gzip files stay gzip bytes served without Content-Encoding, as found.
        return serveWithValidators(req, res, readFileSync(file), typeFor(file));
      } catch {
        // fall through to 404
      }
    }
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
  });
  server.keepAliveTimeout = 1_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: (p) => `${origin}${p.startsWith('/') ? p : `/${p}`}`,
    route(p, handler) {
      if (typeof handler === 'function') routes.set(p, handler);
      else routes.set(p, (req, res) => serveWithValidators(req, res, handler.body, handler.type ?? 'application/rss+xml', handler.headers));
    },
    requests: (p) => (p ? log.filter((r) => r.path === p) : [...log]),
    reset() {
      log = [];
      routes.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A small RSS 2.0 feed, for tests that need to control the items. */
export function rss(items: { title: string; link?: string; guid?: string; description?: string; pubDate?: string; image?: string }[], title = 'Test Feed'): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const body = items
    .map(
      (i) =>
        `<item><title>${esc(i.title)}</title>${i.link ? `<link>${esc(i.link)}</link>` : ''}${i.guid ? `<guid>${esc(i.guid)}</guid>` : ''}` +
        `${i.description ? `<description>${esc(i.description)}</description>` : ''}${i.pubDate ? `<pubDate>${i.pubDate}</pubDate>` : ''}` +
        `${i.image ? `<media:thumbnail url="${esc(i.image)}"/>` : ''}</item>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>${esc(title)}</title><link>https://news.example/</link><description>Test</description>\n${body}\n</channel></rss>\n`;
}
