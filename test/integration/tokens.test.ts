import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { str } from '../fakes/discord/interactions.js';
import { askDiscord, askSlack, captureLogs, discordMessageBodies, envFor, ManualClock, startApp, startFakes, tempDir, TOKENS, writeConfig } from './harness.js';

/**
 * Defence in depth: main.ts scrubs token values from every log line as the last step, but the
 * layers below (pino redact paths, the Bolt and discord.js log adapters, error summaries) must not
 * need it. Here the scrubber is off, the level is trace, and the app goes through start-up,
 * commands on both platforms, digest posts the platforms refuse as unauthorized, and shutdown.
 */

const logs = captureLogs();
let fakes: Awaited<ReturnType<typeof startFakes>>;
let tmp: ReturnType<typeof tempDir>;

// A slot a minute ago (real time), so the fakes' own timestamps agree with the injected clock.
const slot = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 60_000);
const clock = new ManualClock(slot.getTime() - 60_000);

beforeAll(async () => {
  fakes = await startFakes();
  tmp = tempDir();
  const at = DateTime.fromJSDate(slot).setZone('UTC').toFormat('HH:mm');
  const configPath = writeConfig(tmp.dir, {
    watchSeeds: false,
    shutdownGraceMs: 1000,
    digests: [
      { channel: 'slack:C0TOKENS', at, timezone: 'UTC' },
      { channel: 'discord:760000000000000001', at, timezone: 'UTC' },
    ],
  });
  const env = envFor({ slack: fakes.slack, discord: fakes.discord, dir: tmp.dir, configPath, logLevel: 'trace' });
  const { app } = await startApp(env, { clock, slack: fakes.slack, discord: fakes.discord, logs: { destination: logs.destination, level: 'trace', scrub: false } });
  await askSlack(fakes.slack, '/brief', 'china');
  await askSlack(fakes.slack, '/digest', 'subscribe china', { user: 'U0NOBODY' });
  await askDiscord(fakes.discord, { name: 'brief', options: [str('topic', 'china')] });
  await askDiscord(fakes.discord, { name: 'topics' });
  fakes.slack.failNextPosts(1, { error: 'invalid_auth' });
  fakes.discord.failNextChannelPosts(1, { kind: 'error', status: 401, code: 0, message: '401: Unauthorized' });
  clock.set(slot.getTime() + 5_000);
  const report = await app.digests.runDue();
  expect(report.failed).toBe(2);
  await app.stop();
}, 60_000);

afterAll(async () => {
  await fakes?.close();
  tmp?.cleanup();
});

describe('tokens never leak', () => {
  it('writes no token into a log line even with the last-line scrubber off, at trace level', () => {
    const text = logs.text();
    expect(logs.lines.length).toBeGreaterThan(10);
    // The refused posts were logged, so the error paths were really taken.
    expect(text).toContain('rejected the bot token');
    for (const secret of Object.values(TOKENS)) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain(secret.slice(-18));
    }
    expect(text).not.toContain('Canary');
  });

  it('sends no token inside any message body to Slack or Discord', () => {
    const slackBodies = JSON.stringify([...fakes.slack.responses.map((r) => r.body), ...fakes.slack.messages]);
    const discordBodies = JSON.stringify(discordMessageBodies(fakes.discord).map((m) => m.body));
    expect(slackBodies.length).toBeGreaterThan(100);
    expect(discordBodies.length).toBeGreaterThan(100);
    for (const secret of Object.values(TOKENS)) {
      expect(slackBodies).not.toContain(secret);
      expect(discordBodies).not.toContain(secret);
    }
    // Only the bot token authenticates Web API calls; the app token only opens the socket.
    const tokensUsed = new Set(fakes.slack.calls.map((c) => `${c.method}:${c.token === TOKENS.slackApp ? 'app' : c.token === TOKENS.slackBot ? 'bot' : 'other'}`));
    expect([...tokensUsed].filter((t) => t.endsWith(':other'))).toEqual([]);
  });
});
