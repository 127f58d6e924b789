import { DateTime } from 'luxon';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Adapter } from '../../src/chat/adapter.js';
import { idempotencyKey } from '../../src/schedule/deliver.js';
import type { RecordedRequest } from '../fakes/discord/server.js';
import { str, sub } from '../fakes/discord/interactions.js';
import { askDiscord, askSlack, channelDigestTexts, envFor, ManualClock, SLACK_ADMIN, startApp, startFakes, tempDir, until, writeConfig } from './harness.js';

/**
 * Daily digests through the whole app (config file → store → scheduler → real adapters → fakes),
 * with an injected clock, across restarts and simulated crashes. The slot is a couple of minutes
 * before real time, so the fakes' own timestamps (Slack ts, Discord snowflakes), which the
 * crash recovery reads back, agree with the injected clock.
 */

const ZONE = 'America/New_York';
const SLACK_CHANNEL = 'C0DIGEST';
const DISCORD_CHANNEL = '770000000000000001';

let fakes: Awaited<ReturnType<typeof startFakes>>;
let tmp: ReturnType<typeof tempDir>;
let env: Record<string, string>;
let slot: Date;
const running: App[] = [];

beforeEach(async () => {
  fakes = await startFakes();
  tmp = tempDir();
  slot = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 2 * 60_000);
  const at = DateTime.fromJSDate(slot).setZone(ZONE).toFormat('HH:mm');
  const configPath = writeConfig(tmp.dir, {
    watchSeeds: false,
    // A process "dies" mid-post in some tests; stop() should not wait long for it.
    shutdownGraceMs: 300,
    digests: [
      { channel: `slack:${SLACK_CHANNEL}`, at, timezone: ZONE },
      { channel: `discord:${DISCORD_CHANNEL}`, at, timezone: ZONE },
    ],
  });
  env = envFor({ slack: fakes.slack, discord: fakes.discord, dir: tmp.dir, configPath });
});

afterEach(async () => {
  for (const app of running.splice(0)) await app.stop();
  await fakes.close();
  tmp.cleanup();
});

async function boot(clock: ManualClock): Promise<App> {
  const { app } = await startApp(env, { clock, slack: fakes.slack, discord: fakes.discord });
  running.push(app);
  return app;
}

/** Boots, and runs the slot with the Discord channel gone (404 Unknown Channel), which pauses its digest. */
async function pauseDiscordDigest(): Promise<App> {
  const clock = new ManualClock(slot.getTime() - 60_000);
  const app = await boot(clock);
  fakes.discord.failNextChannelPosts(1, { kind: 'error', status: 404, code: 10003, message: 'Unknown Channel' });
  clock.set(slot.getTime() + 5_000);
  await app.digests.runDue();
  return app;
}

/** Stops it (as far as a dead process can be stopped) and forgets it. */
async function kill(app: App): Promise<void> {
  running.splice(running.indexOf(app), 1);
  await app.stop();
}

const slackDigests = () => fakes.slack.messages.filter((m) => m.channel === SLACK_CHANNEL);
const discordDigests = () => fakes.discord.channelMessages(DISCORD_CHANNEL).filter((m) => m.content !== 'earlier chat');
const discordPosts = (): RecordedRequest[] =>
  fakes.discord.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${DISCORD_CHANNEL}/messages` && r.status === 200);

function subscriptionIds(app: App): { slack: number; discord: number } {
  const subs = app.store.subscriptions.list();
  const id = (channel: string) => subs.find((s) => s.channel === channel)!.id;
  return { slack: id(`slack:${SLACK_CHANNEL}`), discord: id(`discord:${DISCORD_CHANNEL}`) };
}

function ledgerStates(app: App): string[] {
  const ids = subscriptionIds(app);
  return [ids.slack, ids.discord].map((id) => app.store.ledger.get({ subscriptionId: id, slot })?.state ?? 'none');
}

/**
 * The process "dies" inside a digest post: the post (if `lands`) reaches the platform, and then
 * nothing more happens in this process, so the ledger row stays pending, as after a kill -9.
 */
function dieInsidePosts(app: App, lands: boolean): { calls: number } {
  const seen = { calls: 0 };
  for (const adapter of app.adapters as Adapter[]) {
    const real = adapter.post.bind(adapter);
    adapter.post = async (channel, reply, opts) => {
      seen.calls++;
      if (lands) await real(channel, reply, opts);
      return new Promise<never>(() => undefined);
    };
  }
  return seen;
}

describe('digests through the whole app', () => {
  it('posts one digest in each channel at the New York slot, tagged for exactly-once, and a restart in the same minute posts nothing more', async () => {
    const clock = new ManualClock(slot.getTime() - 60_000);
    const first = await boot(clock);
    expect(first.store.subscriptions.list()).toHaveLength(2);
    await first.digests.runDue();
    expect(slackDigests()).toHaveLength(0);
    expect(discordDigests()).toHaveLength(0);

    clock.set(slot.getTime() + 5_000);
    await first.digests.runDue();
    const ids = subscriptionIds(first);

    expect(slackDigests()).toHaveLength(1);
    const slackPost = slackDigests()[0]!;
    expect(slackPost.text + JSON.stringify(slackPost.blocks)).toMatch(/Blinken/);
    expect(slackPost.metadata).toEqual({
      event_type: 'newsbrief_digest',
      event_payload: expect.objectContaining({ key: idempotencyKey(first.store, ids.slack, slot) }),
    });

    expect(discordDigests()).toHaveLength(1);
    expect(channelDigestTexts(fakes.discord, DISCORD_CHANNEL)).toMatch(/Blinken/);
    const [discordPost] = discordPosts();
    expect(discordPost?.body).toMatchObject({ nonce: expect.any(String), enforce_nonce: true, allowed_mentions: { parse: [] } });
    expect(ledgerStates(first)).toEqual(['sent', 'sent']);
    expect(fakes.slack.invalid).toEqual([]);
    expect(fakes.discord.specViolations()).toEqual([]);

    // Again in the same process: the ledger already has the slot.
    clock.set(slot.getTime() + 15_000);
    const again = await first.digests.runDue();
    expect(again.sent).toBe(0);
    await kill(first);

    // A restart within the same minute, on the same database.
    const second = await boot(new ManualClock(slot.getTime() + 25_000));
    const afterRestart = await second.digests.runDue();
    expect(afterRestart.sent).toBe(0);
    expect(second.store.subscriptions.list().map((s) => s.id).sort()).toEqual([ids.slack, ids.discord].sort());
    expect(slackDigests()).toHaveLength(1);
    expect(discordDigests()).toHaveLength(1);
    expect(discordPosts()).toHaveLength(1);
  });

  it('settles a digest that reached the channels just before the process died: sent on restart, not posted again', async () => {
    const clock = new ManualClock(slot.getTime() - 60_000);
    const first = await boot(clock);
    dieInsidePosts(first, true);
    clock.set(slot.getTime() + 5_000);
    void first.digests.runDue();
    await until(() => slackDigests().length === 1 && discordDigests().length === 1, 15_000, 'both digests reached the fakes');
    expect(ledgerStates(first)).toEqual(['pending', 'pending']);
    await kill(first);

    const second = await boot(new ManualClock(slot.getTime() + 40_000));
    await second.digests.runDue();
    expect(slackDigests()).toHaveLength(1);
    expect(discordDigests()).toHaveLength(1);
    expect(ledgerStates(second)).toEqual(['sent', 'sent']);
    // What the dead process posted now counts as posted: the next digest will not repeat it.
    expect([...second.store.posted.forChannel(`slack:${SLACK_CHANNEL}`).keys()]).toHaveLength(1);
    expect([...second.store.posted.forChannel(`discord:${DISCORD_CHANNEL}`).keys()]).toHaveLength(1);
  });

  it('posts once, on restart, a digest that was claimed but never reached the channels before the process died', async () => {
    // Discord cannot tell "not posted" from "history hidden" in an empty channel; a channel in use has some history.
    fakes.discord.addChannelMessage(DISCORD_CHANNEL, 'earlier chat');
    const clock = new ManualClock(slot.getTime() - 60_000);
    const first = await boot(clock);
    const dying = dieInsidePosts(first, false);
    clock.set(slot.getTime() + 5_000);
    void first.digests.runDue();
    await until(() => dying.calls === 2, 15_000, 'both posts started');
    expect(ledgerStates(first)).toEqual(['pending', 'pending']);
    expect(slackDigests()).toHaveLength(0);
    expect(discordDigests()).toHaveLength(0);
    await kill(first);

    const second = await boot(new ManualClock(slot.getTime() + 40_000));
    await second.digests.runDue();
    expect(slackDigests()).toHaveLength(1);
    expect(discordDigests()).toHaveLength(1);
    expect(channelDigestTexts(fakes.discord, DISCORD_CHANNEL)).toMatch(/Blinken/);
    expect(ledgerStates(second)).toEqual(['sent', 'sent']);

    // And a third start changes nothing.
    await kill(second);
    const third = await boot(new ManualClock(slot.getTime() + 50_000));
    await third.digests.runDue();
    expect(slackDigests()).toHaveLength(1);
    expect(discordDigests()).toHaveLength(1);
  });
  it('delivers digests subscribed from chat at the slot, and none for one unsubscribed before it', async () => {
    const clock = new ManualClock(slot.getTime() - 60_000);
    const app = await boot(clock);
    const at = DateTime.fromJSDate(slot).setZone('Asia/Tokyo').toFormat('HH:mm');
    const subscribed = await askSlack(fakes.slack, '/digest', `subscribe china at ${at} tz Asia/Tokyo`, { user: SLACK_ADMIN, channel: 'C0CHAT' });
    expect(subscribed.text).toMatch(/Subscribed: digest #\d+/);
    const dropped = await askSlack(fakes.slack, '/digest', `subscribe at ${at} tz Asia/Tokyo`, { user: SLACK_ADMIN, channel: 'C0DROPPED' });
    const droppedId = /#(\d+)/.exec(dropped.text)![1]!;
    const removed = await askSlack(fakes.slack, '/digest', `unsubscribe ${droppedId}`, { user: SLACK_ADMIN, channel: 'C0DROPPED' });
    expect(removed.text).toContain(`Removed digest #${droppedId}`);
    const onDiscord = await askDiscord(fakes.discord, {
      name: 'digest',
      channelId: '770000000000000009',
      permissions: '32',
      options: [sub('subscribe', [str('topics', 'china'), str('at', at), str('tz', 'Asia/Tokyo')])],
    });
    expect(onDiscord.text).toMatch(/Subscribed: digest #\d+/);

    clock.set(slot.getTime() + 5_000);
    await app.digests.runDue();
    const chatPosts = fakes.slack.messages.filter((m) => m.channel === 'C0CHAT');
    expect(chatPosts).toHaveLength(1);
    expect(chatPosts[0]!.text + JSON.stringify(chatPosts[0]!.blocks)).toMatch(/Daily digest: china/);
    expect(fakes.slack.messages.filter((m) => m.channel === 'C0DROPPED')).toEqual([]);
    expect(fakes.discord.channelMessages('770000000000000009')).toHaveLength(1);
    // The config digests went out at the same slot too.
    expect(slackDigests()).toHaveLength(1);
    expect(discordDigests()).toHaveLength(1);
  });

  it('pauses a config digest whose Discord channel is gone, keeps Slack going, and says why in /digest list', async () => {
    const app = await pauseDiscordDigest();
    expect(discordDigests()).toHaveLength(0);
    expect(slackDigests()).toHaveLength(1);
    const list = await askDiscord(fakes.discord, { name: 'digest', channelId: DISCORD_CHANNEL, options: [sub('list')] });
    expect(list.ephemeral).toBe(true);
    expect(list.text).toMatch(/paused/);
    expect(list.text).toMatch(/unknown_channel/);
    expect(app.store.subscriptions.list().filter((s) => s.pausedReason).map((s) => s.channel)).toEqual([`discord:${DISCORD_CHANNEL}`]);
  });

  // Was a bug: following the advice added a second, chat digest and left the config one paused.
  it('resumes a paused config digest when an admin follows the advice in /digest list', async () => {
    const app = await pauseDiscordDigest();
    const paused = app.store.subscriptions.list({ channel: `discord:${DISCORD_CHANNEL}` });
    const at = DateTime.fromJSDate(slot).setZone(ZONE).toFormat('HH:mm');
    await askDiscord(fakes.discord, {
      name: 'digest',
      channelId: DISCORD_CHANNEL,
      permissions: '32',
      options: [sub('subscribe', [str('at', at), str('tz', ZONE)])],
    });
    const after = app.store.subscriptions.list({ channel: `discord:${DISCORD_CHANNEL}` });
    expect(after.map((s) => s.id)).toEqual(paused.map((s) => s.id));
    expect(after.filter((s) => s.pausedReason)).toEqual([]);
  });

  // Was a bug: a second instance took the first one's in-flight (pending) slots for a crash and
  // posted them again. Pending rows now carry an owner and a lease that only a dead holder lets lapse.
  it('does not post again a digest another instance on the same database is still posting (deploy overlap)', async () => {
    const clock = new ManualClock(slot.getTime() - 60_000);
    const old = await boot(clock);
    // The old instance's posts are slow: they reach the platforms only when released.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let started = 0;
    for (const adapter of old.adapters as Adapter[]) {
      const real = adapter.post.bind(adapter);
      adapter.post = async (channel, reply, opts) => {
        started++;
        await gate;
        return real(channel, reply, opts);
      };
    }
    clock.set(slot.getTime() + 5_000);
    const oldRun = old.digests.runDue();
    await until(() => started === 2, 15_000, 'the old instance began both posts');

    // The new instance starts on the same database while the old one is still posting.
    const fresh = await boot(new ManualClock(slot.getTime() + 10_000));
    await fresh.digests.runDue();
    release();
    await oldRun;

    expect(slackDigests()).toHaveLength(1);
    expect(discordDigests()).toHaveLength(1);
    expect(ledgerStates(fresh)).toEqual(['sent', 'sent']);
  });
});
