import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../../src/store/store.js';
import { rss, startFeedServer, type FeedServer } from '../../fakes/feeds/server.js';
import { feedsConfig, manualClock, pollRig, type PollRig } from './helpers.js';
import { captureLogger } from '../../news/log-capture.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

let server: FeedServer;
let rig: PollRig;
beforeEach(async () => {
  server = await startFeedServer();
});
afterEach(async () => {
  await rig?.close();
  await server.close();
});

const minute = 60_000;

function addFeed(r: PollRig, url: string, extra: { every?: number } = {}) {
  return r.store.feeds.add({ url, tags: ['world'], source: 'chat', createdAt: r.clock.now(), everyMs: extra.every }).feed;
}

describe('polling feeds', () => {
  it('ingests a feed’s items as documents with the feed’s tags, source and links', async () => {
    rig = pollRig();
    addFeed(rig, server.url('/node-feedparser/rss2sample.xml'));
    const report = await rig.poller.pollDue();
    expect(report).toMatchObject({ feeds: 1, fetched: 1, notModified: 0, new: 4, updated: 0, failed: 0 });
    const docs = [...rig.ingested.docs.values()];
    expect(docs.map((d) => d.title)).toContain('Star City');
    const star = docs.find((d) => d.title === 'Star City')!;
    expect(star).toMatchObject({ source: 'Liftoff News', url: 'http://liftoff.msfc.nasa.gov/news/2003/news-starcity.asp', tags: ['world'] });
    expect(star.publishedAt!.toISOString()).toBe('2003-06-03T09:39:21.000Z');
    expect(star.feedItem).toBe(star.id);
  });

  it('sends the validators on the second poll, gets a 304 and ingests nothing', async () => {
    rig = pollRig();
    addFeed(rig, server.url('/node-feedparser/rss2sample.xml'));
    await rig.poller.pollDue();
    rig.clock.advance(10 * minute);
    const second = await rig.poller.pollDue();
    expect(second).toMatchObject({ fetched: 0, notModified: 1, new: 0 });
    const [, again] = server.requests('/node-feedparser/rss2sample.xml');
    expect(again!.headers['if-none-match']).toMatch(/^"/);
    expect(rig.ingested.batches).toHaveLength(1);
  });

  it('does not fetch a feed again before its interval, nor before a longer max-age', async () => {
    rig = pollRig();
    server.route('/cached', { body: rss([{ title: 'One', link: 'https://news.example/1' }]), headers: { 'cache-control': 'max-age=600' } });
    addFeed(rig, server.url('/cached'), { every: 5_000 });
    await rig.poller.pollDue();
    rig.clock.advance(5 * minute);
    expect((await rig.poller.pollDue()).feeds).toBe(0);
    rig.clock.advance(6 * minute);
    expect((await rig.poller.pollDue()).feeds).toBe(1);
  });

  it('waits out Retry-After on a 429 and backs off exponentially on 500s', async () => {
    rig = pollRig();
    server.route('/limited', (_req, res) => res.writeHead(429, { 'retry-after': '3600' }).end());
    server.route('/broken', (_req, res) => res.writeHead(500).end());
    const limited = addFeed(rig, server.url('/limited'), { every: minute });
    const broken = addFeed(rig, server.url('/broken'), { every: minute });
    await rig.poller.pollDue();
    const t0 = rig.clock.now().getTime();
    expect(rig.store.feeds.get(limited.id)!.nextAt!.getTime() - t0).toBe(3600_000);
    const waits: number[] = [];
    for (let i = 0; i < 4; i++) {
      const next = rig.store.feeds.get(broken.id)!.nextAt!.getTime();
      waits.push(next - rig.clock.now().getTime());
      rig.clock.set(new Date(next).toISOString());
      await rig.poller.pollFeed(rig.store.feeds.get(broken.id)!);
    }
    expect(waits).toEqual([minute, 2 * minute, 4 * minute, 8 * minute]);
    expect(server.requests('/limited')).toHaveLength(1);
  });

  it('disables a feed after the configured failures and tells the channel that added it once', async () => {
    rig = pollRig({ config: feedsConfig({ disableAfterFailures: 3 }) });
    server.route('/dying', (_req, res) => res.writeHead(500).end());
    const feed = addFeed(rig, server.url('/dying'));
    rig.store.feeds.addChannel(feed.id, 'slack:C1', 'U1', rig.clock.now());
    for (let i = 0; i < 6; i++) {
      await rig.poller.pollDue();
      rig.clock.advance(24 * 3600_000);
    }
    const after = rig.store.feeds.get(feed.id)!;
    expect(after.failures).toBe(3);
    expect(after.disabledReason).toMatch(/3 failed fetches in a row since .*HTTP 500/);
    expect(server.requests('/dying')).toHaveLength(3);
    expect(rig.told).toHaveLength(1);
    expect(rig.told[0]!.channel).toBe('slack:C1');
    expect(rig.told[0]!.text).toMatch(/is disabled: .*\/feeds add http:\/\/127\.0\.0\.1/);
  });

  it('counts a feed that stopped being a feed as a failure, with the reason', async () => {
    rig = pollRig();
    const feed = addFeed(rig, server.url('/node-feedparser/notafeed.html'));
    const result = await rig.poller.pollFeed(feed);
    expect(result).toMatchObject({ outcome: 'failed', error: 'this is an HTML page, not a feed' });
    expect(rig.store.feeds.get(feed.id)!.failingSince).toBeDefined();
  });

  it('does not re-fetch after a restart while the validators and interval are fresh', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'nb-feeds-'));
    const db = path.join(dir, 'store.db');
    try {
      const clock = manualClock();
      rig = pollRig({ store: openStore(db), clock, config: feedsConfig({ every: '10m' }) });
      addFeed(rig, server.url('/node-feedparser/rss2sample.xml'));
      await rig.poller.pollDue();
      await rig.close();
      rig.store.close();
      clock.advance(minute);
      rig = pollRig({ store: openStore(db), clock, config: feedsConfig({ every: '10m' }) });
      expect((await rig.poller.pollDue()).feeds).toBe(0);
      clock.advance(10 * minute);
      expect(await rig.poller.pollDue()).toMatchObject({ feeds: 1, notModified: 1, new: 0 });
      expect(server.requests('/node-feedparser/rss2sample.xml')[1]!.headers['if-none-match']).toMatch(/^"/);
      rig.store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a feed that moved', () => {
  const feedXml = rss([{ title: 'Harbour reopens', link: 'https://news.example/harbour' }]);

  it('follows a permanent redirect: a chat feed is polled at its new address from then on, with one log line', async () => {
    const cap = captureLogger('info');
    rig = pollRig({ logger: cap.logger });
    server.route('/old', (_req, res) => res.writeHead(301, { location: '/new' }).end());
    server.route('/new', { body: feedXml });
    const feed = addFeed(rig, server.url('/old'));
    expect((await rig.poller.pollDue()).new).toBe(1);
    expect(rig.store.feeds.get(feed.id)!.url).toBe(server.url('/new'));
    expect(cap.lines.filter((l) => /feed moved permanently/.test(l.msg))).toHaveLength(1);
    rig.clock.advance(60 * minute);
    await rig.poller.pollDue();
    expect(server.requests('/old')).toHaveLength(1);
    expect(server.requests('/new')).toHaveLength(2);
  });

  it('keeps the address after a temporary redirect, or one hop of two that is temporary', async () => {
    rig = pollRig();
    server.route('/tmp', (_req, res) => res.writeHead(302, { location: '/new' }).end());
    server.route('/perm-then-tmp', (_req, res) => res.writeHead(308, { location: '/tmp' }).end());
    server.route('/new', { body: feedXml });
    const a = addFeed(rig, server.url('/tmp'));
    const b = addFeed(rig, server.url('/perm-then-tmp'));
    await rig.poller.pollDue();
    expect(rig.store.feeds.get(a.id)!.url).toBe(server.url('/tmp'));
    expect(rig.store.feeds.get(b.id)!.url).toBe(server.url('/perm-then-tmp'));
  });

  it('leaves a config feed at the address its file gives and says once where it moved', async () => {
    const cap = captureLogger('info');
    rig = pollRig({ logger: cap.logger });
    server.route('/old', (_req, res) => res.writeHead(301, { location: '/new' }).end());
    server.route('/new', { body: feedXml });
    const feed = rig.store.feeds.add({ url: server.url('/old'), tags: [], source: 'config', createdAt: rig.clock.now() }).feed;
    await rig.poller.pollDue();
    rig.clock.advance(60 * minute);
    await rig.poller.pollDue();
    expect(rig.store.feeds.get(feed.id)!.url).toBe(server.url('/old'));
    const said = cap.warnings().filter((l) => /moved permanently/.test(l.msg));
    expect(said).toHaveLength(1);
    expect(said[0]!.msg).toMatch(/config file/);
  });

  it('does not take an address another feed already has', async () => {
    rig = pollRig();
    server.route('/old', (_req, res) => res.writeHead(301, { location: '/new' }).end());
    server.route('/new', { body: feedXml });
    const moved = addFeed(rig, server.url('/old'));
    addFeed(rig, server.url('/new'));
    const report = await rig.poller.pollDue();
    expect(report.failed).toBe(0);
    expect(rig.store.feeds.get(moved.id)!.url).toBe(server.url('/old'));
  });
});
