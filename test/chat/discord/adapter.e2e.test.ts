import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { APIEmbed } from 'discord.js';
import { startHarness, type Harness, mentionPolicyViolations } from './harness.js';
import { str, sub, DEFAULT_CHANNEL } from '../../fakes/discord/interactions.js';
import type { RecordedRequest } from '../../fakes/discord/server.js';

interface SentMessage {
  content?: string;
  embeds?: APIEmbed[];
  flags?: number;
  allowed_mentions?: { parse?: unknown[] };
}

/** The message data of a callback, an @original edit or a follow-up. */
function messageOf(r: RecordedRequest): SentMessage {
  const body = r.body as { type?: number; data?: SentMessage } & SentMessage;
  return r.path.includes('/callback') ? (body.data ?? {}) : body;
}

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h.close();
});

afterEach(() => {
  // Every body the bot sent must be one Discord's own spec accepts.
  expect(h.fake.specViolations()).toEqual([]);
  expect(mentionPolicyViolations(h.fake)).toEqual([]);
});

describe('the Discord adapter against a local Discord', () => {
  it('logs in over the gateway with the Guilds intent only and sends the token only as the Bot authorization', () => {
    expect(h.fake.gatewayIdentifies).toHaveLength(1);
    expect(h.fake.gatewayIdentifies[0]!.intents).toBe(1);
    expect(h.fake.gatewayIdentifies[0]!.token).toBe(h.fake.token);
    const gw = h.fake.requests.find((r) => r.path === '/gateway/bot');
    expect(gw?.authorization).toBe(`Bot ${h.fake.token}`);
    expect(h.adapter.state?.()).toBe('up');
  });

  it('answers /brief china with one embed per story, links and sources, and no mentions allowed', async () => {
    const { token } = h.fake.sendCommand({ name: 'brief', options: [str('topic', 'china')] });
    const cb = await h.fake.waitForRequest((r) => r.path.includes(token) && r.path.endsWith('/callback'));
    const body = cb.body as { type: number; data: SentMessage };
    expect(body.type).toBe(4);
    expect(body.data.flags ?? 0).toBe(0);
    expect(body.data.allowed_mentions).toEqual({ parse: [] });
    expect(body.data.content).toContain('Briefing: china');
    const embeds = body.data.embeds!;
    expect(embeds.map((e) => e.url)).toEqual(['https://www.bbc.co.uk/news/business-1', 'https://edition.cnn.com/2024/04/26/tech/china']);
    expect(embeds[0]!.footer?.text).toBe('BBC · 2024-04-26');
    expect(embeds[1]!.title).not.toMatch(/@everyone|<@\d/);
    expect(embeds[1]!.description).not.toMatch(/@here/);
    const req = h.calls.at(-1)!;
    expect(req).toMatchObject({ name: 'brief', text: 'china', options: { topic: 'china' }, channel: `discord:${DEFAULT_CHANNEL}` });
  });

  it('answers autocomplete with the topics that start with what was typed', async () => {
    const { token } = h.fake.sendAutocomplete({ name: 'brief', options: [str('topic', 'ch', true)] });
    const cb = await h.fake.waitForRequest((r) => r.path.includes(token));
    expect(cb.body).toEqual({ type: 8, data: { choices: [{ name: 'china', value: 'china' }] } });
  });

  it('autocompletes time zones for /digest subscribe tz', async () => {
    const { token } = h.fake.sendAutocomplete({ name: 'digest', options: [sub('subscribe', [str('tz', 'europe/lon', true)])] });
    const cb = await h.fake.waitForRequest((r) => r.path.includes(token));
    const choices = (cb.body as { data: { choices: { value: string }[] } }).data.choices;
    expect(choices.map((c) => c.value)).toContain('Europe/London');
  });

  it('answers a bad topic with the usage error, ephemerally', async () => {
    const { token } = h.fake.sendCommand({ name: 'brief', options: [str('topic', '<script>!!')] });
    const cb = await h.fake.waitForRequest((r) => r.path.includes(token) && r.path.endsWith('/callback'));
    const data = messageOf(cb);
    expect(data.flags).toBe(64);
    expect(data.content).toContain('Usage: /brief');
    expect(data.embeds ?? []).toEqual([]);
  });

  it('rebuilds /digest subscribe options into the command-line text and checks Manage Server itself', async () => {
    const { token } = h.fake.sendCommand({
      name: 'digest',
      permissions: '0',
      options: [sub('subscribe', [str('topics', 'china tech'), str('at', '08:00'), str('tz', 'Europe/London')])],
    });
    const cb = await h.fake.waitForRequest((r) => r.path.includes(token) && r.path.endsWith('/callback'));
    expect(h.calls.at(-1)!.text).toBe('subscribe china tech at 08:00 tz Europe/London');
    expect(messageOf(cb)).toMatchObject({ flags: 64, content: expect.stringContaining('Only people who can manage') });

    const admin = h.fake.sendCommand({ name: 'digest', permissions: String(1n << 5n | 1n << 10n), options: [sub('subscribe', [str('topics', 'china')])] });
    const ok = await h.fake.waitForRequest((r) => r.path.includes(admin.token) && r.path.endsWith('/callback'));
    expect(messageOf(ok).content).toBe('digest subscribe china');
  });

  it('turns a throw inside dispatch into a short ephemeral apology', async () => {
    const { token } = h.fake.sendCommand({ name: 'explode' });
    const cb = await h.fake.waitForRequest((r) => r.path.includes(token) && r.path.endsWith('/callback'));
    const data = messageOf(cb);
    expect(data.flags).toBe(64);
    expect(data.content).toMatch(/^Sorry, something went wrong/);
    expect(data.content).not.toContain('kaboom');
  });
});
