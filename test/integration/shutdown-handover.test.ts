import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/store.js';
import { startFakeSlack, type FakeSlack } from '../fakes/slack/index.js';
import { tempDir, TOKENS, until, writeConfig } from './harness.js';
import { startBot, type Bot } from './process.js';

/**
 * SIGTERM while a digest post hangs: the scheduler's wait and the process's grace are one budget,
 * so the process hands its claim over before it exits (0), and the next start posts the digest
 * at once instead of waiting out the two-minute lease.
 */

const CHANNEL = 'C0HANDOVER';
const LEASE_MS = 2 * 60_000;

let slack: FakeSlack | undefined;
let tmp: ReturnType<typeof tempDir> | undefined;
const bots: Bot[] = [];

afterEach(async () => {
  for (const bot of bots.splice(0)) await bot.stop(5_000);
  await slack?.close();
  tmp?.cleanup();
});

describe('SIGTERM during a digest post', () => {
  it('exits 0 after handing the claim over, and the next start posts the digest at once', async () => {
    slack = await startFakeSlack({ botToken: TOKENS.slackBot, appToken: TOKENS.slackApp });
    tmp = tempDir();
    const dbPath = join(tmp.dir, 'data', 'newsbrief.db');
    // A chat digest whose slot was two minutes ago: due at start (inside the grace window).
    const now = Date.now();
    const slot = new Date(Math.floor(now / 60_000) * 60_000 - 2 * 60_000);
    const store = openStore(dbPath);
    store.subscriptions.add({
      channel: `slack:${CHANNEL}`,
      at: slot.toISOString().slice(11, 16),
      timezone: 'UTC',
      topics: [],
      stories: 5,
      source: 'chat',
      createdAt: new Date(now - 10 * 60_000),
    });
    store.close();
    const configPath = writeConfig(tmp.dir, { shutdownGraceMs: 3_000, watchSeeds: false });
    const env = {
      SLACK_BOT_TOKEN: slack.botToken,
      SLACK_APP_TOKEN: slack.appToken,
      SLACK_API_URL: slack.apiUrl,
      NEWSBRIEF_SEEDS_DIR: './seeds',
      NEWSBRIEF_DB: dbPath,
      NEWSBRIEF_CONFIG: configPath,
      LOG_LEVEL: 'info',
    };
    // Slack takes the first post and never answers.
    slack.failNextPosts(1, { fault: 'hang' });

    const first = startBot(env);
    bots.push(first);
    await until(() => slack!.hanging() === 1, 90_000, 'the first digest post in flight');
    const claimedAt = Date.now();
    const stopping = Date.now();
    const code = await first.stop(20_000);
    bots.splice(bots.indexOf(first), 1);
    expect(code, first.output()).toBe(0);
    expect(Date.now() - stopping).toBeLessThan(10_000);
    expect(first.logs().find((l) => l.msg === 'digest slots left pending for the next start')).toMatchObject({ released: 1 });
    expect(first.logs().some((l) => l.msg.includes('work still in flight after the shutdown grace'))).toBe(false);

    const second = startBot(env);
    bots.push(second);
    await until(() => slack!.messages.some((m) => m.channel === CHANNEL), 90_000, 'the digest posted by the next start');
    // At once: not after the dead process's lease ran out.
    expect(Date.now() - claimedAt).toBeLessThan(LEASE_MS);
    await second.waitForLog((l) => l.msg.startsWith('digest recovery'), 5_000, 'the recovery logged');
    await second.waitForLog((l) => l.msg === 'digest scheduler started', 30_000, 'second start done');
    expect(slack.messages.filter((m) => m.channel === CHANNEL)).toHaveLength(1);
    const secondCode = await second.stop();
    expect(secondCode, second.output()).toBe(0);
    bots.splice(bots.indexOf(second), 1);
  }, 240_000);
});
