import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { addressPolicy } from '../../../src/sources/feeds/address.js';
import { FetchError, type HttpClient } from '../../../src/sources/feeds/http.js';
import { feedHttpClient, userAgent } from '../../../src/sources/feeds/index.js';
import { rss, startFeedServer, type FeedServer } from '../../fakes/feeds/server.js';
import { feedsConfig } from './helpers.js';

let server: FeedServer;
let http: HttpClient;
beforeAll(async () => {
  server = await startFeedServer();
  http = feedHttpClient(feedsConfig({ timeout: '2s', maxBytes: 1024 * 1024, maxRedirects: 3 }), '9.9.9');
});
afterEach(() => server.reset());
afterAll(async () => {
  await http.close();
  await server.close();
});

async function failure(p: Promise<unknown>): Promise<FetchError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof FetchError) return err;
    throw err;
  }
  throw new Error('expected the fetch to fail');
}

describe('fetching feeds politely', () => {
  it('names the bot and its homepage in the User-Agent and asks for compressed bodies', async () => {
    const res = await http.get(server.url('/node-feedparser/rss2sample.xml'));
    expect(res.status).toBe('ok');
    const req = server.requests('/node-feedparser/rss2sample.xml')[0]!;
    expect(req.headers['user-agent']).toBe(userAgent('9.9.9', 'https://github.com/newsbrief/newsbrief'));
    expect(req.headers['user-agent']).toMatch(/^newsbrief\/9\.9\.9 \(\+https:\/\//);
    expect(req.headers['accept-encoding']).toMatch(/gzip/);
  });

  it('sends the validators back and reads a 304 as not modified', async () => {
    const first = await http.get(server.url('/node-feedparser/rss2sample.xml'));
    if (first.status !== 'ok') throw new Error('expected a body');
    expect(first.headers.etag).toMatch(/^"/);
    const second = await http.get(server.url('/node-feedparser/rss2sample.xml'), { etag: first.headers.etag, lastModified: first.headers.lastModified });
    expect(second.status).toBe('not_modified');
    const sent = server.requests('/node-feedparser/rss2sample.xml')[1]!.headers;
    expect(sent['if-none-match']).toBe(first.headers.etag);
    expect(sent['if-modified-since']).toBe(first.headers.lastModified);
  });

  it('never sends an empty validator', async () => {
    await http.get(server.url('/node-feedparser/rss2sample.xml'), { etag: undefined, lastModified: undefined });
    const sent = server.requests('/node-feedparser/rss2sample.xml')[0]!.headers;
    expect(sent).not.toHaveProperty('if-none-match');
    expect(sent).not.toHaveProperty('if-modified-since');
  });

  it('reads Retry-After on a 429', async () => {
    server.route('/busy', (_req, res) => res.writeHead(429, { 'retry-after': '120' }).end('slow down'));
    const err = await failure(http.get(server.url('/busy')));
    expect(err.status).toBe(429);
    expect(err.retryAfterMs).toBe(120_000);
  });

  it('times out a body that trickles in, as a whole, not per chunk', async () => {
    server.route('/slow', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      const timer = setInterval(() => res.write('<!-- still here -->'), 200);
      res.on('close', () => clearInterval(timer));
    });
    const started = Date.now();
    const err = await failure(http.get(server.url('/slow')));
    expect(err.kind).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('cuts off a 20 MB body at the cap, declared or not', async () => {
    const chunk = Buffer.alloc(1024 * 1024, 'a');
    server.route('/huge', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      let sent = 0;
      const more = () => {
        while (sent < 20 && res.write(chunk)) sent++;
        if (sent >= 20) res.end();
        else res.once('drain', more);
      };
      res.on('error', () => undefined);
      more();
    });
    server.route('/huge-declared', (_req, res) => res.writeHead(200, { 'content-length': String(20 * 1024 * 1024) }).end());
    const err = await failure(http.get(server.url('/huge')));
    expect(err.kind).toBe('too_large');
    expect(server.requests('/huge')).toHaveLength(1);
    expect((await failure(http.get(server.url('/huge-declared')))).kind).toBe('too_large');
  });

  it('stops a redirect loop, and more redirects than allowed', async () => {
    server.route('/a', (_req, res) => res.writeHead(302, { location: '/b' }).end());
    server.route('/b', (_req, res) => res.writeHead(301, { location: '/a' }).end());
    const loop = await failure(http.get(server.url('/a')));
    expect(loop.kind).toBe('redirects');
    expect(loop.message).toMatch(/loop/);
    for (let i = 0; i < 5; i++) server.route(`/r${i}`, (_req, res) => res.writeHead(307, { location: `/r${i + 1}` }).end());
    const many = await failure(http.get(server.url('/r0')));
    expect(many.kind).toBe('redirects');
    expect(many.message).toMatch(/more than 3 redirects/);
  });

  it('follows a redirect to the feed and says where it ended', async () => {
    server.route('/moved', (_req, res) => res.writeHead(301, { location: '/node-feedparser/rss2sample.xml' }).end());
    const res = await http.get(server.url('/moved'));
    expect(res.status).toBe('ok');
    expect(res.url).toBe(server.url('/node-feedparser/rss2sample.xml'));
  });

  it('refuses a redirect to a private address that the allow list does not name, without connecting there', async () => {
    server.route('/inside', (_req, res) => res.writeHead(302, { location: 'http://10.0.0.1/admin' }).end());
    const err = await failure(http.get(server.url('/inside')));
    expect(err.kind).toBe('refused');
    expect(err.message).toMatch(/10\.0\.0\.1.*private-network address/);
  });

  it('refuses loopback, private and link-local addresses when private networks are not allowed', async () => {
    const strict = feedHttpClient(feedsConfig({ allowPrivateNetworks: false }), 'test');
    try {
      for (const url of [server.url('/node-feedparser/rss2sample.xml'), 'http://localhost:9/feed', 'http://169.254.169.254/latest/meta-data', 'http://[::1]:9/']) {
        const err = await failure(strict.get(url));
        expect(err.kind, url).toBe('refused');
      }
      expect(server.requests()).toHaveLength(0);
    } finally {
      await strict.close();
    }
  });

  it('checks the address a host name resolves to, not only the name', () => {
    const policy = addressPolicy(['127.0.0.1']);
    expect(policy.refusal('127.0.0.1', 'localhost')).toBeUndefined();
    expect(policy.refusal('10.1.2.3', 'evil.example')).toMatch(/private-network/);
    expect(policy.refusal('::ffff:10.1.2.3', 'evil.example')).toMatch(/private-network/);
    expect(policy.refusal('93.184.216.34', 'example.com')).toBeUndefined();
    expect(addressPolicy(['10.0.0.0/8']).refusal('10.9.9.9', 'x')).toBeUndefined();
    expect(addressPolicy(true).refusal('192.168.1.1', 'x')).toBeUndefined();
  });

  it('reads a gzip body the server labels, and one it does not', async () => {
    const { gzipSync } = await import('node:zlib');
    const body = gzipSync(rss([{ title: 'Zipped', link: 'https://news.example/z' }]));
    server.route('/labelled', (_req, res) => res.writeHead(200, { 'content-encoding': 'gzip', 'content-type': 'application/rss+xml' }).end(body));
    const labelled = await http.get(server.url('/labelled'));
    const unlabelled = await http.get(server.url('/node-feedparser/compressed.xml'));
    if (labelled.status !== 'ok' || unlabelled.status !== 'ok') throw new Error('expected bodies');
    expect(labelled.body.toString()).toContain('<title>Zipped</title>');
    expect(unlabelled.body.subarray(0, 5).toString()).toBe('<?xml');
  });
});
