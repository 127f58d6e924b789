import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { FakeSlack } from '../fakes/slack/index.js';
import { startFakeSlack } from '../fakes/slack/index.js';
import { sleep, tempDir, TOKENS, until, writeConfig } from './harness.js';
import { startBot, type Bot } from './process.js';

/**
 * The digest issue's "done when", in real time, as a user would see it: the real bot process,
 * a digest configured for the next minute (UTC), exactly one post in the Slack channel; the bot
 * restarted right after, within the same minute: still exactly one.
 */

const CHANNEL = 'C0REALTIME';
/** Start-up (tsx, both chat SDKs, the seeds) must be done before the slot: the slot must come after the subscription exists. */
const MIN_LEAD_MS = 35_000;

let slack: FakeSlack | undefined;
let tmp: ReturnType<typeof tempDir> | undefined;
const bots: Bot[] = [];

afterEach(async () => {
  for (const bot of bots.splice(0)) await bot.stop(5_000);
  await slack?.close();
  tmp?.cleanup();
});

/** The next minute boundary at least MIN_LEAD_MS away. */
function nextSlot(now = Date.now()): Date {
  let next = Math.floor(now / 60_000) * 60_000 + 60_000;
  if (next - now < MIN_LEAD_MS) next += 60_000;
  return new Date(next);
}

const digestsInChannel = () => slack!.messages.filter((m) => m.channel === CHANNEL);

describe('the real bot process and a digest at the next minute', () => {
  it('posts it exactly once, and a restart right after the post does not post it again', async () => {
    slack = await startFakeSlack({ botToken: TOKENS.slackBot, appToken: TOKENS.slackApp });
    tmp = tempDir();
    const slot = nextSlot();
    const configPath = writeConfig(tmp.dir, {
      shutdownGraceMs: 5_000,
      digests: [{ channel: `slack:${CHANNEL}`, at: slot.toISOString().slice(11, 16), timezone: 'UTC' }],
    });
    const env = {
      SLACK_BOT_TOKEN: slack.botToken,
      SLACK_APP_TOKEN: slack.appToken,
      SLACK_API_URL: slack.apiUrl,
      NEWSBRIEF_SEEDS_DIR: './seeds',
      NEWSBRIEF_DB: join(tmp.dir, 'data', 'newsbrief.db'),
      NEWSBRIEF_CONFIG: configPath,
      LOG_LEVEL: 'info',
    };

    const spawnedAt = Date.now();
    const first = startBot(env);
    bots.push(first);
    await first.waitForLog((l) => l.msg === 'digest scheduler started', 60_000, 'first start');
    const startupMs = Date.now() - spawnedAt;
    expect(Date.now(), `the bot took ${startupMs} ms to start, past the slot (${slot.toISOString()}), which then predates its subscription`).toBeLessThan(slot.getTime());
    expect(digestsInChannel()).toHaveLength(0);

    // The node-cron job for the slot (or the minute sweep) fires at the slot; give it a minute.
    const deadline = slot.getTime() + 60_000 - Date.now();
    await until(() => digestsInChannel().length > 0, Math.min(deadline, 150_000), 'the digest in the Slack channel');
    const postedAt = Date.now();
    expect(postedAt).toBeGreaterThanOrEqual(slot.getTime());
    const [post] = digestsInChannel();
    expect(post!.text + JSON.stringify(post!.blocks)).toMatch(/Blinken/);
    expect(post!.metadata?.event_type).toBe('newsbrief_digest');
    await first.waitForLog((l) => l.msg === 'digest posted', 5_000, 'the post logged as done');

    expect(await first.stop()).toBe(0);
    bots.splice(bots.indexOf(first), 1);

    // Right after: the same minute on any machine that restarts in a few seconds.
    const second = startBot(env);
    bots.push(second);
    await second.waitForLog((l) => l.msg === 'digest scheduler started', 60_000, 'second start');
    await sleep(10_000);
    expect(digestsInChannel()).toHaveLength(1);
    expect(second.logs().some((l) => l.msg === 'digest posted')).toBe(false);
    expect(await second.stop()).toBe(0);
    bots.splice(bots.indexOf(second), 1);
    expect(digestsInChannel()).toHaveLength(1);
    expect(slack.invalid).toEqual([]);
    for (const bot of [first, second]) expect(bot.logs().filter((l) => Number(l['level']) >= 40).map((l) => l.msg)).toEqual([]);
  }, 180_000);
});
