import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import pino from 'pino';
import type { Adapter } from '../../src/chat/adapter.js';
import type { ChannelRef } from '../../src/chat/reply.js';
import { createDiscordAdapter } from '../../src/chat/discord/adapter.js';
import { createSlackAdapter } from '../../src/chat/slack/adapter.js';
import { commands } from '../../src/commands/index.js';
import { silentLogger, type Logger } from '../../src/log.js';
import type { NewsDocument } from '../../src/news/types.js';
import { createDigestService, type DigestService } from '../../src/schedule/service.js';
import { openStore, type Store } from '../../src/store/store.js';
import { startFakeDiscord, type FakeDiscord, type FakeDiscordOptions } from '../fakes/discord/server.js';
import { startFakeSlack, type FakeSlack } from '../fakes/slack/index.js';
import { digestLibrary, FakeClock, newsDoc, tempDir, testConfig } from './helpers.js';

/**
 * Never twice, never lost: the scheduler and the real adapters against a fake Slack and a fake
 * Discord that store a message and then fail, never answer, reset the connection, or run on
 * another clock; processes that die between the messages of one digest; a database that lost
 * its -wal file.
 */

const SLACK: ChannelRef = 'slack:C9FAULT';
const DISCORD: ChannelRef = 'discord:990000000000000001';

let slack: FakeSlack;
let discord: FakeDiscord;
let cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

interface World {
  adapters: Map<string, Adapter>;
  clock: FakeClock;
  store: Store;
  slot: Date;
  service(opts?: { logger?: Logger; store?: Store; adapters?: Map<string, Adapter>; sleep?: (ms: number) => Promise<void> }): DigestService;
  subscribe(channel: ChannelRef, stories?: number): number;
  slackPosts(): number;
  discordPosts(): number;
}

/** Stories with distinct titles, all published before the slot. */
function stories(n: number): NewsDocument[] {
  return Array.from({ length: n }, (_, i) =>
    newsDoc(`d${i + 1}`, `Story number ${i + 1} about trade`, `Sentence ${i + 1} says what happened in the trade talks today.`, '2026-01-01T00:00:00Z'),
  );
}

async function world(opts: { docs?: NewsDocument[]; discord?: FakeDiscordOptions; dbPath?: string } = {}): Promise<World> {
  slack = await startFakeSlack();
  discord = await startFakeDiscord(opts.discord);
  const adapters = new Map<string, Adapter>([
    ['slack', createSlackAdapter({ botToken: slack.botToken, appToken: slack.appToken, mode: 'socket', port: 0, apiUrl: slack.apiUrl }, { logger: silentLogger, replyVisibility: 'channel', requestTimeoutMs: 1000 })],
    [
      'discord',
      // No retries inside discord.js: the scheduler's own retry (after a wait) is what is tested.
      createDiscordAdapter({ token: discord.token, applicationId: discord.applicationId, apiUrl: discord.apiUrl }, { logger: silentLogger, suggestTopics: () => [], commands, restRetries: 0, requestTimeoutMs: 1000 }),
    ],
  ]);
  cleanups.push(async () => {
    for (const a of adapters.values()) await a.stop();
    await slack.close();
    await discord.close();
  });
  // A slot a minute ago by the real clock, so the fakes' timestamps (Slack ts, snowflakes) agree with it.
  const slot = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 60_000);
  const clock = new FakeClock(slot.getTime() - 30 * 60_000);
  const store = openStore(opts.dbPath ?? ':memory:');
  cleanups.push(() => store.close());
  const docs = opts.docs ?? stories(2);
  const w: World = {
    adapters,
    clock,
    store,
    slot,
    service: (o = {}) =>
      createDigestService({
        store: o.store ?? store,
        library: () => digestLibrary(() => docs),
        adapters: o.adapters ?? adapters,
        config: testConfig({ digest: { graceHours: 1 } }),
        clock,
        logger: o.logger ?? silentLogger,
        sleep: o.sleep ?? clock.sleep,
        timers: false,
      }),
    subscribe: (channel, n = 5) =>
      store.subscriptions.add({ channel, at: slot.toISOString().slice(11, 16), timezone: 'UTC', topics: [], stories: n, source: 'chat', createdAt: new Date(slot.getTime() - 30 * 60_000) }).id,
    slackPosts: () => slack.messages.filter((m) => m.channel === SLACK.slice(6)).length,
    discordPosts: () => discord.channelMessages(DISCORD.slice(8)).length,
  };
  clock.set(new Date(slot.getTime() + 5_000));
  return w;
}

const ref = (w: World, id: number) => ({ subscriptionId: id, slot: w.slot });

/**
 * An adapter whose first `completes` posts go through, and then the process "dies" inside the
 * next one: it reaches the platform when `lastLands`, and nothing returns from it.
 */
function dyingAfter(real: Adapter, completes: number, lastLands: boolean): Adapter & { calls: number } {
  const dying = Object.assign(Object.create(real) as Adapter, { calls: 0 });
  dying.post = async (channel, reply, opts) => {
    dying.calls++;
    if (dying.calls <= completes) return real.post(channel, reply, opts);
    if (lastLands) await real.post(channel, reply, opts);
    return new Promise<never>(() => undefined);
  };
  return dying;
}

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
}

describe('an answer that never comes is not a failure', () => {
  it.each([
    ['stores the message and answers 500', { fault: 'store-then-fail', status: 500 }],
    ['stores the message and never answers (the client times out)', { fault: 'hang', store: true }],
    ['stores the message and resets the connection', { fault: 'reset', store: true }],
  ] as const)('Slack %s: the retry looks first and the channel gets one copy', async (_what, failure) => {
    const w = await world();
    const id = w.subscribe(SLACK);
    slack.failNextPosts(1, failure);
    const report = await w.service().runDue();
    expect(report).toMatchObject({ sent: 1, failed: 0 });
    expect(w.slackPosts()).toBe(1);
    expect(w.store.ledger.get(ref(w, id))?.state).toBe('sent');
    expect([...w.store.posted.forChannel(SLACK).keys()].sort()).toEqual(['d1', 'd2']);
  });

  it('Slack never answers and did not store it: the retry finds nothing and posts it once', async () => {
    const w = await world();
    w.subscribe(SLACK);
    slack.failNextPosts(1, { fault: 'hang' });
    expect(await w.service().runDue()).toMatchObject({ sent: 1 });
    expect(w.slackPosts()).toBe(1);
  });

  it.each([
    ['stores the message and answers 500', { kind: 'store-then-fail', status: 500 }],
    ['stores the message and never answers', { kind: 'hang', store: true }],
    ['stores the message and resets the connection', { kind: 'reset', store: true }],
  ] as const)('Discord %s, and the retry comes after the nonce is forgotten: it looks first, one copy', async (_what, fault) => {
    const w = await world({ discord: { nonceWindowMs: 60_000 } });
    const id = w.subscribe(DISCORD);
    // A channel in use (an empty one cannot tell "absent" from "history hidden").
    discord.addChannelMessage(DISCORD.slice(8), 'earlier chat');
    discord.failNextChannelPosts(1, fault);
    // The scheduler's backoff outlasts Discord's nonce memory: enforce_nonce no longer helps.
    const service = w.service({ sleep: async (ms) => (w.clock.advance(ms), discord.setClockSkew(10 * 60_000)) });
    expect(await service.runDue()).toMatchObject({ sent: 1, failed: 0 });
    expect(w.discordPosts()).toBe(2); // the earlier chat and one digest
    expect(w.store.ledger.get(ref(w, id))?.state).toBe('sent');
    expect(discord.specViolations()).toEqual([]);
  });

  it('marks the digest failed, not posted twice, when the platform cannot tell whether it arrived', async () => {
    const w = await world();
    const id = w.subscribe(DISCORD);
    discord.hideHistory(DISCORD.slice(8));
    discord.failNextChannelPosts(1, { kind: 'store-then-fail', status: 502 });
    expect(await w.service({ sleep: async (ms) => (w.clock.advance(ms), discord.setClockSkew(10 * 60_000)) }).runDue()).toMatchObject({ failed: 1, sent: 0 });
    expect(w.discordPosts()).toBe(1);
    expect(w.store.ledger.get(ref(w, id))?.error).toMatch(/cannot tell whether it arrived/);
  });
});

describe('clocks disagree', () => {
  it.each([
    ['Slack', SLACK, (ms: number) => slack.setClockSkew(ms), () => slack.messages.length],
    ['Discord', DISCORD, (ms: number) => discord.setClockSkew(ms), () => discord.channelMessages(DISCORD.slice(8)).length],
  ] as const)('with the bot 2 s ahead of %s, recovery after a crash finds the post by its key and does not post again', async (_name, channel, skew, count) => {
    const w = await world();
    const id = w.subscribe(channel);
    const platform = channel.split(':')[0]!;
    // One second after the slot by the bot's clock, a second before it by the platform's.
    w.clock.set(new Date(w.slot.getTime() + 1_000));
    skew(w.clock.now().getTime() - 2_000 - Date.now());
    const dying = dyingAfter(w.adapters.get(platform)!, 0, true);
    void w.service({ adapters: new Map([[platform, dying]]) }).runDue();
    await until(() => count() === 1);

    w.clock.advance(3 * 60_000); // the dead process's lease has run out
    const report = await w.service().runDue();
    expect(report).toMatchObject({ recovered: 1, sent: 0 });
    expect(count()).toBe(1);
    expect(w.store.ledger.get(ref(w, id))?.state).toBe('sent');
  });
});

describe('a digest in several messages is several deliveries', () => {
  it.each([
    ['Slack', SLACK, () => slack.messages.map((m) => m.text)],
    ['Discord', DISCORD, () => discord.channelMessages(DISCORD.slice(8)).map((m) => m.content)],
  ] as const)('%s: killed after part 1, recovery finds part 1 and posts part 2; documents count as posted only once their part went out', async (_name, channel, texts) => {
    const w = await world({ docs: stories(20) });
    const id = w.subscribe(channel, 20);
    const platform = channel.split(':')[0]!;
    const dying = dyingAfter(w.adapters.get(platform)!, 1, false);
    void w.service({ adapters: new Map([[platform, dying]]) }).runDue();
    await until(() => dying.calls === 2);

    const parts = w.store.ledger.parts(ref(w, id));
    expect(parts.length).toBeGreaterThanOrEqual(2);
    expect(parts.map((p) => p.sentAt !== undefined)).toEqual([true, ...parts.slice(1).map(() => false)]);
    const postedAfterPart1 = [...w.store.posted.forChannel(channel).keys()];
    expect(postedAfterPart1.sort()).toEqual(parts[0]!.docs.map((d) => d.id).sort());
    expect(postedAfterPart1.length).toBeLessThan(20);
    expect(texts()).toHaveLength(1);

    w.clock.advance(3 * 60_000);
    expect(await w.service().runDue()).toMatchObject({ sent: 1, failed: 0 });
    expect(texts()).toHaveLength(parts.length);
    expect(texts().join('\n')).toMatch(/\(2\/2\)/);
    expect(w.store.posted.forChannel(channel).size).toBe(20);
    expect(w.store.ledger.get(ref(w, id))?.state).toBe('sent');
    expect(slack.invalid).toEqual([]);
    expect(discord.specViolations()).toEqual([]);
  });
});

describe('the message’s fault is not the channel’s', () => {
  function capture(): { logger: Logger; errors: string[] } {
    const errors: string[] = [];
    const logger = pino({ level: 'error' }, { write: (l: string) => void errors.push(String((JSON.parse(l) as { msg: unknown }).msg)) });
    return { logger, errors };
  }

  it.each([
    ['Slack invalid_blocks', SLACK, () => slack.failNextPosts(1, { error: 'invalid_blocks' })],
    ['Slack msg_too_long', SLACK, () => slack.failNextPosts(1, { error: 'msg_too_long' })],
    ['Discord Invalid Form Body', DISCORD, () => discord.failNextChannelPosts(1, { kind: 'error', status: 400, code: 50035, message: 'Invalid Form Body' })],
  ] as const)('%s: the slot is marked failed, loudly, and the subscription stays active', async (_name, channel, fail) => {
    const w = await world();
    const id = w.subscribe(channel);
    fail();
    const { logger, errors } = capture();
    const service = w.service({ logger });
    expect(await service.runDue()).toMatchObject({ failed: 1, paused: 0 });
    expect(w.store.subscriptions.get(id)?.pausedReason).toBeUndefined();
    expect(w.store.ledger.get(ref(w, id))).toMatchObject({ state: 'failed', error: expect.stringMatching(/invalid_message/) });
    expect(errors.some((m) => m.startsWith('BUG: the platform refused a digest message'))).toBe(true);
    // The next day's digest goes out as usual.
    w.clock.advance(24 * 3600_000);
    expect(await service.runDue()).toMatchObject({ sent: 1 });
  });
});

describe('a lost -wal file', () => {
  it('warns once at start, and looks for a digest the lost writes recorded before posting it: found, it is not posted again', async () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    const path = join(dir, 'newsbrief.db');
    const w = await world({ dbPath: path });
    const id = w.subscribe(SLACK);
    const discordId = w.subscribe(DISCORD);
    discord.hideHistory(DISCORD.slice(8));
    // Closed and opened again, as at a restart: the subscriptions are in the .db file itself now.
    w.store.close();
    const running = openStore(path);
    cleanups.push(() => running.close());
    expect(await w.service({ store: running }).runDue()).toMatchObject({ sent: 2 });
    // The operator copies only the .db while the bot runs: the "sent" rows are in the -wal.
    const copy = join(dir, 'copy.db');
    copyFileSync(path, copy);

    const warnings: string[] = [];
    const logger = pino({ level: 'warn' }, { write: (l: string) => void warnings.push(String((JSON.parse(l) as { msg: unknown }).msg)) });
    const restored = openStore(copy, { logger });
    cleanups.push(() => restored.close());
    expect(restored.lostWrites).toBe(true);
    expect(restored.ledger.get(ref(w, id))).toBeUndefined();
    w.clock.advance(60_000);
    const service = w.service({ store: restored, logger });
    await service.start();
    await service.stop();
    expect(warnings.filter((m) => m.includes('-wal file is missing'))).toHaveLength(1);
    // Slack shows the digest went out: recorded, not repeated. Discord cannot tell: a gap, not a duplicate.
    expect(w.slackPosts()).toBe(1);
    expect(restored.ledger.get(ref(w, id))?.state).toBe('sent');
    expect(w.discordPosts()).toBe(1);
    expect(restored.ledger.get(ref(w, discordId))?.state).toBe('failed');
  });
});
