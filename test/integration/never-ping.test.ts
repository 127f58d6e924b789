import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { str } from '../fakes/discord/interactions.js';
import { pingProblems } from '../fakes/slack/index.js';
import { askDiscord, askSlack, discordMessageBodies, envFor, ManualClock, slackTexts, startApp, startFakes, tempDir, writeConfig } from './harness.js';

/**
 * A document written to ping everyone, loaded from a seeds folder, shown through every path that
 * carries document text: /brief on Slack and Discord, and a scheduled digest on both.
 */

const SLACK_CHANNEL = 'C0PINGS';
const DISCORD_CHANNEL = '790000000000000001';
const PINGS = '@everyone @here <!channel> <!here> <!everyone> <@U123> <@&123> <@123456789012345678> <!subteam^S123>';

let fakes: Awaited<ReturnType<typeof startFakes>>;
let tmp: ReturnType<typeof tempDir>;
let app: App;
const slot = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 60_000);
const clock = new ManualClock(slot.getTime() - 60_000);

beforeAll(async () => {
  fakes = await startFakes();
  tmp = tempDir();
  const seeds = join(tmp.dir, 'seeds');
  mkdirSync(seeds);
  writeFileSync(
    join(seeds, 'lighthouse.md'),
    [
      '---',
      `title: "Lighthouse keepers strike ${PINGS.replace(/"/g, '')}"`,
      `date: ${new Date(slot.getTime() - 3 * 3600_000).toISOString()}`,
      'source: Ping Wire <!channel>',
      '---',
      `Lighthouse keepers walked out on Monday ${PINGS}, the union said.`,
      '',
      `The lighthouse union <@U123> said talks with the harbour board <@&123> would resume on Friday @everyone.`,
      '',
      `Ships were warned to keep clear of the rocks while the lighthouse stays dark <!here>.`,
    ].join('\n'),
  );
  const configPath = writeConfig(tmp.dir, {
    watchSeeds: false,
    shutdownGraceMs: 1000,
    digests: [
      { channel: `slack:${SLACK_CHANNEL}`, at: slot.toISOString().slice(11, 16), timezone: 'UTC' },
      { channel: `discord:${DISCORD_CHANNEL}`, at: slot.toISOString().slice(11, 16), timezone: 'UTC' },
    ],
  });
  ({ app } = await startApp(envFor({ slack: fakes.slack, discord: fakes.discord, dir: tmp.dir, configPath, seedsDir: seeds }), {
    clock,
    slack: fakes.slack,
    discord: fakes.discord,
  }));
}, 60_000);

afterAll(async () => {
  await app?.stop();
  await fakes?.close();
  tmp?.cleanup();
});

/** Raw control sequences that would notify someone if Slack read them. */
const SLACK_PINGS = /<!channel>|<!here>|<!everyone>|<@U|<@W|<!subteam|<#C/;

describe('never ping, whatever the document says', () => {
  it('shows the document on /brief in Slack, with every mention disarmed', async () => {
    expect(app.library().size).toBe(1);
    const answer = await askSlack(fakes.slack, '/brief', 'lighthouse');
    expect(answer.text).toMatch(/Lighthouse keepers/);
    // The words are still there, only harmless.
    expect(answer.text).toMatch(/everyone/);
    expect(answer.text).toContain('&lt;!channel&gt;');
    expect(answer.text).not.toMatch(SLACK_PINGS);
    for (const body of answer.bodies) expect(slackTexts(body).flatMap((t) => pingProblems(t, 'reply'))).toEqual([]);
  });

  it('shows the document on /brief in Discord with no mention allowed', async () => {
    const answer = await askDiscord(fakes.discord, { name: 'brief', options: [str('topic', 'lighthouse')] });
    expect(answer.text).toMatch(/Lighthouse keepers/);
    expect(answer.bodies.length).toBeGreaterThan(0);
    for (const body of answer.bodies) expect(body['allowed_mentions']).toEqual({ parse: [] });
  });

  it('posts the digest on both platforms without a ping', async () => {
    clock.set(slot.getTime() + 5_000);
    await app.digests.runDue();
    const slackPosts = fakes.slack.messages.filter((m) => m.channel === SLACK_CHANNEL);
    expect(slackPosts.length).toBeGreaterThan(0);
    const slackText = slackPosts.flatMap((m) => slackTexts({ text: m.text, blocks: m.blocks })).join('\n');
    expect(slackText).toMatch(/Lighthouse keepers/);
    expect(slackText).not.toMatch(SLACK_PINGS);
    expect(fakes.discord.channelMessages(DISCORD_CHANNEL).length).toBeGreaterThan(0);
  });

  it('never sent Slack a body it refused as pinging, and sent Discord only bodies with allowed_mentions.parse = []', () => {
    expect(fakes.slack.invalid).toEqual([]);
    const everySlackText = [...fakes.slack.responses.map((r) => r.body), ...fakes.slack.messages.map((m) => ({ text: m.text, blocks: m.blocks }))]
      .flatMap((b) => slackTexts(b as Record<string, unknown>))
      .join('\n');
    expect(everySlackText).not.toMatch(SLACK_PINGS);

    const bodies = discordMessageBodies(fakes.discord);
    // Both replies and the digest's channel post were checked.
    expect(bodies.some((b) => b.request.path === `/channels/${DISCORD_CHANNEL}/messages`)).toBe(true);
    expect(bodies.some((b) => b.request.path.includes('/interactions/') || b.request.path.includes('/webhooks/'))).toBe(true);
    for (const { request, body } of bodies) expect({ path: request.path, allowed: body['allowed_mentions'] }).toEqual({ path: request.path, allowed: { parse: [] } });
    expect(fakes.discord.specViolations()).toEqual([]);
  });
});
