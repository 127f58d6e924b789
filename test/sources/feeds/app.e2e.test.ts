import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../../src/app.js';
import type { Reply, UserRef } from '../../../src/chat/reply.js';
import { fileConfigSchema, type AppConfig } from '../../../src/config.js';
import { silentLogger } from '../../../src/log.js';
import { rss, startFeedServer, type FeedServer } from '../../fakes/feeds/server.js';
import { RecordingAdapter } from '../../schedule/helpers.js';

const admin: UserRef = { id: 'U-admin', isAdmin: async () => true };
const member: UserRef = { id: 'U-member', isAdmin: async () => false };

let server: FeedServer;
let dir: string;
let app: App | undefined;
beforeEach(async () => {
  server = await startFeedServer();
  dir = mkdtempSync(path.join(tmpdir(), 'nb-feeds-app-'));
  mkdirSync(path.join(dir, 'seeds'));
  writeFileSync(path.join(dir, 'seeds', 'one.txt'), 'Town hall opens\nThe new town hall opened its doors on Monday after two years of work.\n');
});
afterEach(async () => {
  await app?.stop();
  app = undefined;
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

function config(feeds: Record<string, unknown>): AppConfig {
  const file = fileConfigSchema.parse({ seedsDir: path.join(dir, 'seeds'), watchSeeds: false, feeds: { allowPrivateNetworks: ['127.0.0.1'], fullTextBelow: 0, ...feeds } });
  return { ...file, configPath: 'test', dbPath: path.join(dir, 'store.db'), logLevel: 'silent' };
}

const ask = (a: App, name: string, text: string, user: UserRef = member, channel = 'slack:C1' as const): Promise<Reply> =>
  a.dispatch({ name, text, options: {}, user, channel });

async function until<T>(probe: () => T | undefined, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}

const harbour = rss([
  {
    title: 'Quayside ferry terminal reopens after storm repairs',
    link: 'https://news.example/ferry-terminal',
    guid: 'ferry-1',
    description: 'The quayside ferry terminal reopened on Tuesday after three weeks of storm repairs. Ferries to the islands run to the usual timetable again, the harbour board said.',
    pubDate: 'Tue, 01 Dec 2026 07:30:00 GMT',
    image: 'https://news.example/ferry.jpg',
  },
]);

describe('the bot with a feed', () => {
  it('answers /brief with a word from a feed item, cited with its link, within one poll', async () => {
    server.route('/harbour.xml', { body: harbour });
    app = await createApp(config({ sources: [{ url: server.url('/harbour.xml'), name: 'Harbour News', tags: ['local'] }] }), { logger: silentLogger, adapters: [] });
    await app.start();
    const briefing = await until(() => {
      const r = app!.library().brief('quayside');
      return r.kind === 'ok' ? r : undefined;
    });
    expect(briefing.briefing.stories[0]!.doc.url).toBe('https://news.example/ferry-terminal');
    const answer = await ask(app, 'brief', 'quayside');
    if (answer.kind !== 'briefing') throw new Error(`expected a briefing, got ${JSON.stringify(answer)}`);
    const story = answer.briefing.stories[0]!;
    expect(story.doc).toMatchObject({ title: 'Quayside ferry terminal reopens after storm repairs', url: 'https://news.example/ferry-terminal', source: 'Harbour News', tags: ['local'], image: 'https://news.example/ferry.jpg' });
    expect(server.requests('/harbour.xml')).toHaveLength(1);
    expect(app.feeds.health()).toMatchObject({ total: 1, ok: 1, failing: 0, disabled: 0 });
  });

  it('still answers from a feed’s items after a restart on the same database', async () => {
    server.route('/harbour.xml', { body: harbour });
    const cfg = config({ sources: [{ url: server.url('/harbour.xml'), name: 'Harbour News', tags: ['local'] }] });
    app = await createApp(cfg, { logger: silentLogger, adapters: [] });
    await app.start();
    await until(() => (app!.library().brief('quayside').kind === 'ok' ? true : undefined));
    await app.stop();
    app = await createApp(cfg, { logger: silentLogger, adapters: [] });
    await app.start();
    const found = await until(() => {
      const r = app!.library().brief('quayside');
      return r.kind === 'ok' ? r : undefined;
    });
    expect(found.briefing.stories[0]!.doc.publishedAt!.toISOString()).toBe('2026-12-01T07:30:00.000Z');
    expect(app.library().documents().filter((d) => d.feedItem)).toHaveLength(1);
  });

  it('lets admins add, list and remove feeds in chat, refuses members, and re-enables a disabled feed', async () => {
    server.route('/harbour.xml', { body: harbour });
    const slack = new RecordingAdapter('slack', { now: () => new Date() });
    app = await createApp(config({ disableAfterFailures: 1 }), { logger: silentLogger, adapters: [slack] });
    await app.start();
    const refused = await ask(app, 'feeds', `add ${server.url('/harbour.xml')}`, member);
    expect(refused).toMatchObject({ kind: 'error', code: 'forbidden' });
    const bad = await ask(app, 'feeds', `add ${server.url('/node-feedparser/notafeed.html')}`, admin);
    expect(bad).toMatchObject({ kind: 'error', text: expect.stringContaining('this is an HTML page, not a feed') });
    const added = await ask(app, 'feeds', `add ${server.url('/harbour.xml')} local Harbour`, admin);
    expect(added).toMatchObject({ kind: 'text', text: expect.stringMatching(/^Added Test Feed \(#\d+\): 1 item, newest .* ago\. Checked every 15m\.$/) });
    expect(app.library().brief('quayside').kind).toBe('ok');

    server.route('/harbour.xml', (_req, res) => res.writeHead(500).end());
    const [feed] = app.store.feeds.list();
    app.store.feeds.update(feed!.id, { nextAt: new Date(0), etag: undefined, lastModified: undefined });
    await app.feeds.poller.pollDue();
    const list = await ask(app, 'feeds', 'list', member);
    expect(list).toMatchObject({ kind: 'text', private: true, text: expect.stringContaining('disabled: 1 failed fetch in a row') });
    expect(slack.postsTo('slack:C1').map((p) => (p.reply.kind === 'text' ? p.reply.text : ''))).toEqual([expect.stringMatching(/^The feed Test Feed .* is disabled/)]);
    expect(app.feeds.health().disabled).toBe(1);

    server.route('/harbour.xml', { body: harbour });
    const again = await ask(app, 'feeds', `add ${server.url('/harbour.xml')}`, admin);
    expect(again).toMatchObject({ kind: 'text', text: expect.stringMatching(/^Re-enabled Test Feed/) });
    expect(app.feeds.health()).toMatchObject({ ok: 1, disabled: 0 });

    const removed = await ask(app, 'feeds', `remove ${feed!.id}`, admin);
    expect(removed).toMatchObject({ kind: 'text', text: `Removed Test Feed (#${feed!.id}) and its 1 item.` });
    expect(app.library().brief('quayside').kind).toBe('no_match');
  });
});
