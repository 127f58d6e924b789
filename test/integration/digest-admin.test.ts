import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { str, sub } from '../fakes/discord/interactions.js';
import { askDiscord, askSlack, envFor, SLACK_ADMIN, SLACK_MEMBER, startApp, startFakes, tempDir, writeConfig } from './harness.js';

/**
 * Who may change a channel's digests, as a user sees it: Slack asks users.info (workspace admin or
 * owner), Discord reads the member's Manage Server permission from the interaction. A refusal is
 * private and changes nothing in the store.
 */

const SUBSCRIBE = 'subscribe china at 08:00 tz Europe/London';
const SLACK_CHANNEL = 'C0ADMINS';
const DISCORD_CHANNEL = '780000000000000001';
const MANAGE_GUILD = '32';

let fakes: Awaited<ReturnType<typeof startFakes>>;
let tmp: ReturnType<typeof tempDir>;
let app: App;

beforeAll(async () => {
  fakes = await startFakes();
  tmp = tempDir();
  const configPath = writeConfig(tmp.dir, { watchSeeds: false, shutdownGraceMs: 1000 });
  ({ app } = await startApp(envFor({ slack: fakes.slack, discord: fakes.discord, dir: tmp.dir, configPath }), { slack: fakes.slack, discord: fakes.discord }));
}, 60_000);

afterAll(async () => {
  await app?.stop();
  await fakes?.close();
  tmp?.cleanup();
});

const discordSubscribe = (permissions: string) =>
  askDiscord(fakes.discord, {
    name: 'digest',
    channelId: DISCORD_CHANNEL,
    permissions,
    options: [sub('subscribe', [str('topics', 'china'), str('at', '08:00'), str('tz', 'Europe/London')])],
  });

describe('/digest subscribe on Slack', () => {
  it('refuses a member who is not a workspace admin, privately, and stores nothing', async () => {
    const answer = await askSlack(fakes.slack, '/digest', SUBSCRIBE, { user: SLACK_MEMBER, channel: SLACK_CHANNEL });
    expect(answer.responseType).toBe('ephemeral');
    expect(answer.text).toMatch(/only .*admins/i);
    expect(app.store.subscriptions.list()).toEqual([]);
    // Slack itself was asked who this is.
    expect(fakes.slack.calls.some((c) => c.method === 'users.info' && c.body['user'] === SLACK_MEMBER)).toBe(true);
  });

  it('stores it for an admin, and /digest list then shows it to anyone in the channel', async () => {
    const answer = await askSlack(fakes.slack, '/digest', SUBSCRIBE, { user: SLACK_ADMIN, channel: SLACK_CHANNEL });
    expect(answer.text).toMatch(/Subscribed: digest #\d+ \(china\) daily at 08:00 Europe\/London/);
    const stored = app.store.subscriptions.list({ channel: `slack:${SLACK_CHANNEL}` });
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ at: '08:00', timezone: 'Europe/London', topics: ['china'], source: 'chat', createdBy: SLACK_ADMIN });

    const list = await askSlack(fakes.slack, '/digest', 'list', { user: SLACK_MEMBER, channel: SLACK_CHANNEL });
    expect(list.responseType).toBe('ephemeral');
    expect(list.text).toContain(`#${stored[0]!.id}`);
    expect(list.text).toMatch(/china · daily at 08:00/);
    expect(list.text).toContain('Europe/London');
  });

  it('refuses /digest unsubscribe from a non-admin and keeps the digest', async () => {
    const [stored] = app.store.subscriptions.list({ channel: `slack:${SLACK_CHANNEL}` });
    const answer = await askSlack(fakes.slack, '/digest', `unsubscribe ${stored!.id}`, { user: SLACK_MEMBER, channel: SLACK_CHANNEL });
    expect(answer.responseType).toBe('ephemeral');
    expect(answer.text).toMatch(/only .*admins/i);
    expect(app.store.subscriptions.get(stored!.id)).toBeDefined();
  });
});

describe('/digest subscribe on Discord', () => {
  it('refuses a member without Manage Server, privately, and stores nothing', async () => {
    const answer = await discordSubscribe('0');
    expect(answer.ephemeral).toBe(true);
    expect(answer.text).toMatch(/only .*admins/i);
    expect(app.store.subscriptions.list({ channel: `discord:${DISCORD_CHANNEL}` })).toEqual([]);
  });

  it('stores it for a member with Manage Server, and /digest list shows it', async () => {
    const answer = await discordSubscribe(MANAGE_GUILD);
    expect(answer.text).toMatch(/Subscribed: digest #\d+ \(china\) daily at 08:00 Europe\/London/);
    const stored = app.store.subscriptions.list({ channel: `discord:${DISCORD_CHANNEL}` });
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ at: '08:00', timezone: 'Europe/London', topics: ['china'], source: 'chat' });

    const list = await askDiscord(fakes.discord, { name: 'digest', channelId: DISCORD_CHANNEL, options: [sub('list')] });
    expect(list.ephemeral).toBe(true);
    expect(list.text).toContain(`#${stored[0]!.id}`);
    expect(list.text).toContain('Europe/London');
    expect(fakes.discord.specViolations()).toEqual([]);
  });
});
