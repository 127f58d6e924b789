import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Adapter } from '../../src/chat/adapter.js';
import type { ChannelRef } from '../../src/chat/reply.js';
import { createDiscordAdapter } from '../../src/chat/discord/adapter.js';
import { createSlackAdapter } from '../../src/chat/slack/adapter.js';
import { silentLogger } from '../../src/log.js';
import { createDigestService } from '../../src/schedule/service.js';
import { idempotencyKey } from '../../src/schedule/deliver.js';
import { LAST_RUN_KEY } from '../../src/schedule/run.js';
import { openStore, type Store } from '../../src/store/store.js';
import { startFakeDiscord, type FakeDiscord } from '../fakes/discord/server.js';
import { startFakeSlack, type FakeSlack } from '../fakes/slack/index.js';
import { digestLibrary, FakeClock, newsDoc, testConfig } from './helpers.js';
import { commands } from '../../src/commands/index.js';

/** The scheduler against the real Slack and Discord adapters, over the local fakes' wire protocols. */

let slack: FakeSlack;
let discord: FakeDiscord;
let adapters: Map<string, Adapter>;

const docs = [
  newsDoc('d1', 'China trade talks resume', 'China and the US resume trade talks @everyone <!channel>.', '2026-11-27T06:00:00Z', ['world']),
  newsDoc('d2', 'Markets rally', 'Shares rose across Asia after the talks were announced.', '2026-11-27T05:00:00Z', ['business']),
];

beforeAll(async () => {
  slack = await startFakeSlack();
  discord = await startFakeDiscord();
  adapters = new Map<string, Adapter>([
    ['slack', createSlackAdapter({ botToken: slack.botToken, appToken: slack.appToken, mode: 'socket', port: 0, apiUrl: slack.apiUrl }, { logger: silentLogger, replyVisibility: 'channel' })],
    [
      'discord',
      createDiscordAdapter({ token: discord.token, applicationId: discord.applicationId, apiUrl: discord.apiUrl }, { logger: silentLogger, suggestTopics: () => [], commands, restRetries: 1 }),
    ],
  ]);
});

afterAll(async () => {
  for (const a of adapters.values()) await a.stop();
  await slack.close();
  await discord.close();
});

function service(store: Store, clock: FakeClock) {
  return createDigestService({
    store,
    library: () => digestLibrary(() => docs),
    adapters,
    config: testConfig(),
    clock,
    logger: silentLogger,
    sleep: clock.sleep,
    timers: false,
  });
}

const add = (store: Store, channel: ChannelRef, clock: FakeClock) =>
  store.subscriptions.add({ channel, at: '08:00', timezone: 'UTC', topics: [], stories: 5, source: 'chat', createdAt: clock.now() });

describe('digests through the real adapters', () => {
  it('delivers 500 subscriptions due in one minute, half Slack and half Discord, exactly once each', async () => {
    const clock = new FakeClock(Date.parse('2026-11-27T07:00:00Z'));
    const store = openStore(':memory:');
    const slackChannels = Array.from({ length: 250 }, (_, i) => `C5${String(i).padStart(4, '0')}`);
    const discordChannels = Array.from({ length: 250 }, (_, i) => String(810000000000000000n + BigInt(i)));
    for (const c of slackChannels) add(store, `slack:${c}`, clock);
    for (const c of discordChannels) add(store, `discord:${c}`, clock);
    const s = service(store, clock);
    clock.set('2026-11-27T08:00:00Z');
    const report = await s.runDue();
    await s.runDue();
    expect(report).toMatchObject({ due: 500, sent: 500, failed: 0, paused: 0 });

    const slackPerChannel = new Map<string, number>();
    for (const m of slack.messages) slackPerChannel.set(m.channel, (slackPerChannel.get(m.channel) ?? 0) + 1);
    expect(slackChannels.every((c) => slackPerChannel.get(c) === 1)).toBe(true);
    expect(discordChannels.every((c) => discord.channelMessages(c).length === 1)).toBe(true);
    expect(slack.invalid).toEqual([]);
    expect(discord.specViolations()).toEqual([]);
    store.close();
  }, 60_000);

  it('settles a crash mid-post from what each platform holds: present is not reposted, absent is posted once', async () => {
    const clock = new FakeClock(Date.parse('2026-11-27T07:00:00Z'));
    const store = openStore(':memory:');
    const slot = new Date('2026-11-27T08:00:00Z');
    const channels: ChannelRef[] = ['slack:C7POSTED', 'slack:C7LOST', 'discord:820000000000000001', 'discord:820000000000000002'];
    const subs = channels.map((c) => add(store, c, clock));
    clock.set('2026-11-27T08:00:01Z');
    for (const sub of subs) {
      const key = idempotencyKey(store, sub.id, slot);
      store.ledger.claim({ slot: { subscriptionId: sub.id, slot }, channel: sub.channel, key, now: clock.now(), lease: { owner: 'dead', until: clock.now() }, composed: { at: clock.now(), docs: [] }, parts: [{ part: 1, key, docs: [] }] });
    }
    store.meta.set(LAST_RUN_KEY, '2026-11-27T07:59:00.000Z');
    // Discord answers "unknown" for a channel whose history shows nothing (it may be unreadable),
    // so the lost channel has an earlier, unrelated message in it.
    await adapters.get('discord')!.post('discord:820000000000000002', { kind: 'text', text: 'earlier chat' });
    // The dead process got the first of each pair out before it died.
    for (const sub of [subs[0]!, subs[2]!]) {
      const result = await adapters.get(sub.channel.split(':')[0]!)!.post(sub.channel, { kind: 'text', text: 'digest' }, { idempotencyKey: idempotencyKey(store, sub.id, slot) });
      expect(result.ok).toBe(true);
    }

    clock.set('2026-11-27T08:03:00Z');
    const s = service(store, clock);
    await s.start();
    await s.stop();
    expect(slack.messages.filter((m) => m.channel === 'C7POSTED')).toHaveLength(1);
    expect(slack.messages.filter((m) => m.channel === 'C7LOST')).toHaveLength(1);
    expect(discord.channelMessages('820000000000000001')).toHaveLength(1);
    expect(discord.channelMessages('820000000000000002')).toHaveLength(2);
    expect(subs.map((sub) => store.ledger.get({ subscriptionId: sub.id, slot })?.state)).toEqual(['sent', 'sent', 'sent', 'sent']);
    store.close();
  });

  it('pauses a Discord subscription whose channel is gone and delivers the Slack one', async () => {
    const clock = new FakeClock(Date.parse('2026-11-27T07:00:00Z'));
    const store = openStore(':memory:');
    const gone = add(store, 'discord:830000000000000001', clock);
    add(store, 'slack:C8OK', clock);
    discord.failNextChannelPosts(1, { kind: 'error', status: 404, code: 10003, message: 'Unknown Channel' });
    clock.set('2026-11-27T08:00:00Z');
    const report = await service(store, clock).runDue();
    expect(report).toMatchObject({ sent: 1, paused: 1 });
    expect(store.subscriptions.get(gone.id)?.pausedReason).toMatch(/unknown_channel/);
    store.close();
  });
});
