import { afterEach, describe, expect, it } from 'vitest';
import type { ChannelRef, PostResult } from '../../src/chat/reply.js';
import { ConfigError } from '../../src/config.js';
import { admin, FakeClock, newsDoc, rig, testConfig, type Rig } from './helpers.js';

let open: Rig[] = [];
afterEach(() => {
  for (const r of open) r.store.close();
  open = [];
});
function track(r: Rig): Rig {
  open.push(r);
  return r;
}

const notFound: PostResult = { ok: false, error: 'channel_not_found', permanent: true, detail: 'channel_not_found' };
const limited = (ms: number): PostResult => ({ ok: false, error: 'rate_limited', permanent: false, detail: 'ratelimited', retryAfterMs: ms });
const flaky: PostResult = { ok: false, error: 'transient', permanent: false, detail: 'HTTP 503' };

function addDaily(r: Rig, channel: ChannelRef, at = '08:00', topics: string[] = []) {
  return r.store.subscriptions.add({ channel, at, timezone: 'UTC', topics, stories: 5, source: 'chat', createdAt: r.clock.now() });
}

describe('many channels at once', () => {
  it('delivers 500 subscriptions due in the same minute exactly once each', async () => {
    const clock = new FakeClock(Date.parse('2026-11-27T07:00:00Z'));
    const r = track(rig({ clock }));
    const channels = Array.from({ length: 500 }, (_, i) => `slack:C${String(i).padStart(3, '0')}` as ChannelRef);
    for (const c of channels) addDaily(r, c);
    clock.set('2026-11-27T08:00:00Z');
    const report = await r.service.runDue();
    expect(report).toMatchObject({ due: 500, sent: 500, failed: 0 });
    await r.service.runDue();
    clock.advance(30_000);
    await r.service.runDue();
    expect(r.adapter.posts).toHaveLength(500);
    expect(new Set(r.adapter.posts.map((p) => p.key)).size).toBe(500);
    expect(new Set(r.adapter.posts.map((p) => p.channel))).toEqual(new Set(channels));
  });

  it('posts several digests for one channel one by one, a second apart', async () => {
    const clock = new FakeClock(Date.parse('2026-11-27T07:00:00Z'));
    const r = track(rig({ clock, config: testConfig({ digest: { whenEmpty: 'post' } }) }));
    for (const t of ['china', 'trade', 'us']) addDaily(r, 'slack:C1', '08:00', [t]);
    clock.set('2026-11-27T08:00:00Z');
    await r.service.runDue();
    const times = r.adapter.posts.map((p) => p.at.getTime());
    expect(times).toHaveLength(3);
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(1000);
    expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(1000);
  });

  it('keeps delivering to other channels while one channel is stuck', async () => {
    const clock = new FakeClock(Date.parse('2026-11-27T07:00:00Z'));
    const r = track(rig({ clock, extra: { concurrency: 4 } }));
    let release!: () => void;
    r.adapter.gates.set('slack:SLOW', new Promise<void>((resolve) => (release = resolve)));
    addDaily(r, 'slack:SLOW');
    for (let i = 0; i < 20; i++) addDaily(r, `slack:C${i}`);
    clock.set('2026-11-27T08:00:00Z');
    const run = r.service.runDue();
    for (let i = 0; i < 200 && r.adapter.posts.length < 20; i++) await new Promise((res) => setImmediate(res));
    expect(r.adapter.posts).toHaveLength(20);
    expect(r.adapter.postsTo('slack:SLOW')).toHaveLength(0);
    release();
    expect((await run).sent).toBe(21);
  });
});

describe('failures', () => {
  it('pauses a channel that refuses posts, delivers the others, and stops firing it', async () => {
    const clock = new FakeClock(Date.parse('2026-11-27T07:00:00Z'));
    const r = track(rig({ clock, config: testConfig({ digest: { whenEmpty: 'post' } }) }));
    const bad = addDaily(r, 'slack:CGONE');
    addDaily(r, 'slack:C1');
    addDaily(r, 'slack:C2');
    r.adapter.failWith.set('slack:CGONE', [notFound]);
    clock.set('2026-11-27T08:00:00Z');
    const report = await r.service.runDue();
    expect(report).toMatchObject({ sent: 2, paused: 1 });
    expect(r.store.subscriptions.get(bad.id)?.pausedReason).toMatch(/channel_not_found/);

    const list = await r.digest('slack:CGONE', 'list');
    expect(list.kind === 'text' && list.text).toMatch(new RegExp(`#${bad.id}.*\\n.*paused.*channel_not_found`));

    const callsBefore = r.adapter.calls;
    clock.set('2026-11-28T08:00:00Z');
    await r.service.runDue();
    expect(r.adapter.calls - callsBefore).toBe(2);
    expect(r.adapter.postsTo('slack:CGONE')).toHaveLength(0);
    expect(r.service.nextRun()?.toISOString()).toBe('2026-11-29T08:00:00.000Z');
  });

  it('resumes a paused subscription when an admin subscribes again with the same settings', async () => {
    const clock = new FakeClock(Date.parse('2026-11-27T07:00:00Z'));
    const r = track(rig({ clock }));
    await r.digest('slack:CGONE', 'subscribe china at 08:00 tz UTC', admin);
    r.adapter.failWith.set('slack:CGONE', [notFound]);
    clock.set('2026-11-27T08:00:00Z');
    await r.service.runDue();
    const again = await r.digest('slack:CGONE', 'subscribe china at 08:00 tz UTC', admin);
    expect(again.kind === 'text' && again.text).toMatch(/Resumed digest #1/);
    clock.set('2026-11-28T08:00:00Z');
    await r.service.runDue();
    expect(r.adapter.postsTo('slack:CGONE')).toHaveLength(1);
    expect(r.store.subscriptions.list()).toHaveLength(1);
  });

  it('retries transient errors with backoff, honours retry-after, and posts once', async () => {
    const clock = new FakeClock(Date.parse('2026-11-27T07:00:00Z'));
    const r = track(rig({ clock }));
    const sub = addDaily(r, 'slack:C1');
    r.adapter.failWith.set('slack:C1', [limited(30_000), flaky]);
    clock.set('2026-11-27T08:00:00Z');
    const report = await r.service.runDue();
    expect(report.sent).toBe(1);
    expect(r.adapter.posts).toHaveLength(1);
    expect(clock.sleeps.slice(0, 2)).toEqual([30_000, 2000]);
    expect(r.store.ledger.get({ subscriptionId: sub.id, slot: new Date('2026-11-27T08:00:00Z') })).toMatchObject({ state: 'sent', attempts: 3 });
  });

  it('gives up after the last attempt and records why, without pausing', async () => {
    const clock = new FakeClock(Date.parse('2026-11-27T07:00:00Z'));
    const r = track(rig({ clock, extra: { retry: { attempts: 3 } } }));
    const sub = addDaily(r, 'slack:C1');
    r.adapter.failWith.set('slack:C1', [flaky, flaky, flaky, flaky]);
    clock.set('2026-11-27T08:00:00Z');
    expect((await r.service.runDue()).failed).toBe(1);
    const entry = r.store.ledger.get({ subscriptionId: sub.id, slot: new Date('2026-11-27T08:00:00Z') });
    expect(entry).toMatchObject({ state: 'failed', attempts: 3 });
    expect(entry?.error).toMatch(/gave up after 3 attempts: transient/);
    expect(r.store.subscriptions.get(sub.id)?.pausedReason).toBeUndefined();
  });

  it('treats a throwing adapter as a transient error', async () => {
    const clock = new FakeClock(Date.parse('2026-11-27T07:00:00Z'));
    const r = track(rig({ clock }));
    addDaily(r, 'slack:C1');
    const post = r.adapter.post.bind(r.adapter);
    let thrown = false;
    r.adapter.post = async (...args) => {
      if (!thrown) {
        thrown = true;
        throw new Error('socket hang up');
      }
      return post(...args);
    };
    clock.set('2026-11-27T08:00:00Z');
    expect((await r.service.runDue()).sent).toBe(1);
  });

  it('does not pause anything when the platform rejects the bot token', async () => {
    const clock = new FakeClock(Date.parse('2026-11-27T07:00:00Z'));
    const r = track(rig({ clock }));
    const sub = addDaily(r, 'slack:C1');
    r.adapter.failWith.set('slack:C1', [{ ok: false, error: 'invalid_auth', permanent: true, detail: 'invalid_auth' }]);
    clock.set('2026-11-27T08:00:00Z');
    expect(await r.service.runDue()).toMatchObject({ failed: 1, paused: 0 });
    expect(r.store.subscriptions.get(sub.id)?.pausedReason).toBeUndefined();
  });

  it('records a digest the library cannot compose as failed, with the reason', async () => {
    const clock = new FakeClock(Date.parse('2026-11-27T07:00:00Z'));
    const r = track(rig({
      clock,
      docs: () => {
        throw new Error('index not loaded');
      },
    }));
    const sub = addDaily(r, 'slack:C1');
    clock.set('2026-11-27T08:00:00Z');
    expect(await r.service.runDue()).toMatchObject({ failed: 1 });
    expect(r.store.ledger.get({ subscriptionId: sub.id, slot: new Date('2026-11-27T08:00:00Z') })?.error).toMatch(/could not compose: index not loaded/);
  });

  it('records a digest for a platform with no connection as failed and carries on', async () => {
    const clock = new FakeClock(Date.parse('2026-11-27T07:00:00Z'));
    const r = track(rig({ clock }));
    addDaily(r, 'discord:123');
    addDaily(r, 'slack:C1');
    clock.set('2026-11-27T08:00:00Z');
    expect(await r.service.runDue()).toMatchObject({ sent: 1, failed: 1 });
  });
});

describe('what a digest holds', () => {
  it('does not repeat a document already posted to the channel, unless its text changed', async () => {
    const clock = new FakeClock(Date.parse('2026-11-27T07:00:00Z'));
    let text = 'China and the US resume trade talks.';
    let published = '2026-11-27T06:00:00Z';
    const r = track(rig({ clock, docs: () => [newsDoc('d1', 'China trade', text, published)] }));
    const china = addDaily(r, 'slack:C1', '08:00', ['china']);
    addDaily(r, 'slack:C1', '09:00', ['trade']);
    clock.set('2026-11-27T08:00:00Z');
    await r.service.runDue();
    clock.set('2026-11-27T09:00:00Z');
    await r.service.runDue();
    expect(r.adapter.posts).toHaveLength(1);
    expect(r.store.ledger.get({ subscriptionId: china.id + 1, slot: new Date('2026-11-27T09:00:00Z') })?.state).toBe('skipped');

    // The same document id, updated: its new text is news again (an unchanged one would be skipped).
    published = '2026-11-28T06:00:00Z';
    clock.set('2026-11-28T08:00:00Z');
    await r.service.runDue();
    expect(r.adapter.posts).toHaveLength(1);
    text = 'China and the US resume trade talks; a deal is close.';
    clock.set('2026-11-28T09:00:00Z');
    await r.service.runDue();
    expect(r.adapter.posts).toHaveLength(2);
  });

  it('posts a one-line notice when there is nothing new and whenEmpty is "post"', async () => {
    const clock = new FakeClock(Date.parse('2026-11-27T07:00:00Z'));
    const r = track(rig({ clock, config: testConfig({ digest: { whenEmpty: 'post' } }) }));
    addDaily(r, 'slack:C1');
    clock.set('2026-11-27T08:00:00Z');
    await r.service.runDue();
    clock.set('2026-11-28T08:00:00Z');
    await r.service.runDue();
    expect(r.adapter.posts[1]!.reply).toEqual({ kind: 'text', text: 'No new stories since Fri 27 Nov 2026 08:00 UTC.' });
  });
});

describe('subscriptions from the config file', () => {
  const digests = [
    { channel: 'slack:C1', at: '07:30', timezone: 'Europe/London', topics: ['china'] },
    { channel: 'discord:42', cron: '0 9 * * 1-5', topics: [] },
  ];

  it('syncs them at start without duplicates across restarts, and removes dropped ones', async () => {
    const clock = new FakeClock(Date.parse('2026-11-27T07:00:00Z'));
    const r = track(rig({ clock, config: testConfig({ digests }) }));
    await r.service.start();
    await r.service.stop();
    const first = r.store.subscriptions.list();
    expect(first.map((s) => [s.channel, s.source, s.at, s.cron, s.timezone])).toEqual([
      ['slack:C1', 'config', '07:30', undefined, 'Europe/London'],
      ['discord:42', 'config', undefined, '0 9 * * 1-5', 'UTC'],
    ]);
    const restart = (cfg: ReturnType<typeof testConfig>) => rig({ clock, store: r.store, config: cfg }).service.start();
    await restart(testConfig({ digests }));
    expect(r.store.subscriptions.list().map((s) => s.id)).toEqual(first.map((s) => s.id));
    await restart(testConfig({ digests: digests.slice(0, 1) }));
    expect(r.store.subscriptions.list().map((s) => s.id)).toEqual([first[0]!.id]);
  });

  it('refuses to start with a time zone or cron it cannot use, naming the entry', async () => {
    const clock = new FakeClock(Date.parse('2026-11-27T07:00:00Z'));
    // loadConfig already checks zones; the service checks again for configs built in code.
    const zoneConfig = testConfig({ digests: [{ channel: 'slack:C1' }] });
    zoneConfig.digests[0]!.timezone = 'Mars/Olympus';
    const badZone = track(rig({ clock, config: zoneConfig }));
    await expect(badZone.service.start()).rejects.toThrow(ConfigError);
    await expect(badZone.service.start()).rejects.toThrow(/digests\[0\]\.timezone/);
    const cronConfig = testConfig({ digests: [{ channel: 'slack:C1' }] });
    cronConfig.digests[0]!.cron = '0 8 31 2 *';
    const badCron = track(rig({ clock, config: cronConfig }));
    await expect(badCron.service.start()).rejects.toThrow(/digests\[0\]\.cron.*impossible day/);
  });
});
