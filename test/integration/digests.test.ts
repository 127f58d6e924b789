import { DateTime } from 'luxon';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Adapter } from '../../src/chat/adapter.js';
import { idempotencyKey } from '../../src/schedule/deliver.js';
import type { RecordedRequest } from '../fakes/discord/server.js';
import { channelDigestTexts, envFor, ManualClock, startApp, startFakes, tempDir, until, writeConfig } from './harness.js';

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
});
