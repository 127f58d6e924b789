import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { str } from '../fakes/discord/interactions.js';
import { askDiscord, askSlack, captureLogs, envFor, startApp, startFakes, tempDir, TOKENS, until, writeConfig, type StartedApp } from './harness.js';

/**
 * The whole app in one process, Slack and Discord at once, configured only through env and a
 * config file: the seed documents, the real commands, Bolt over Socket Mode and discord.js over
 * the gateway, against the local fakes.
 */

let fakes: Awaited<ReturnType<typeof startFakes>>;
let tmp: ReturnType<typeof tempDir>;
let started: StartedApp;
const logs = captureLogs();

beforeAll(async () => {
  fakes = await startFakes();
  tmp = tempDir();
  const configPath = writeConfig(tmp.dir, { watchSeeds: false, shutdownGraceMs: 1000 });
  const env = envFor({ slack: fakes.slack, discord: fakes.discord, dir: tmp.dir, configPath });
  // As main.ts sets it up (secrets scrubbed), at the most talkative level.
  started = await startApp(env, { slack: fakes.slack, discord: fakes.discord, logs: { destination: logs.destination, level: 'trace' } });
}, 60_000);

afterAll(async () => {
  await started?.app.stop();
  await fakes?.close();
  tmp?.cleanup();
});

describe('the whole app on Slack and Discord at once', () => {
  it('runs exactly the Slack and Discord adapters, and no console, when both tokens are set', () => {
    expect(started.app.adapters.map((a) => a.platform).sort()).toEqual(['discord', 'slack']);
    expect(started.app.adapters.map((a) => a.state?.())).toEqual(['up', 'up']);
    expect(started.app.library().size).toBe(1);
    expect(started.consoleOutput()).toBe('');
  });

  it('answers /brief china on Slack in the channel with the Blinken story and its source', async () => {
    const answer = await askSlack(fakes.slack, '/brief', 'china');
    expect(answer.responseType).toBe('in_channel');
    expect(answer.text).toContain('Briefing: china');
    expect(answer.text).toMatch(/Blinken/);
    // The citation: the seed file's date, under the story.
    expect(answer.text).toMatch(/\d{4}-\d{2}-\d{2}/);
    expect(fakes.slack.invalid).toEqual([]);
  });

  it('answers /brief china on Discord in the channel with the Blinken story and its source', async () => {
    const answer = await askDiscord(fakes.discord, { name: 'brief', options: [str('topic', 'china')] });
    expect(answer.ephemeral).toBe(false);
    expect(answer.text).toMatch(/Briefing: china/i);
    expect(answer.text).toMatch(/Blinken/);
    expect(answer.text).toMatch(/\d{4}-\d{2}-\d{2}/);
    expect(fakes.discord.specViolations()).toEqual([]);
  });

  it('answers /topics on both platforms with the same topics from the seeds', async () => {
    const slack = await askSlack(fakes.slack, '/topics', '');
    const discord = await askDiscord(fakes.discord, { name: 'topics' });
    expect(slack.text).toContain('Topics I can brief on now');
    expect(slack.text).toMatch(/China|Blinken/);
    expect(discord.text).toContain('Topics I can brief on now');
    // Same core, same answer: the topic list line is identical on both.
    const topicLine = (t: string) => t.split('\n').find((l) => /\(\d+\)/.test(l));
    expect(topicLine(slack.text)).toBeDefined();
    expect(topicLine(discord.text)).toBe(topicLine(slack.text));
  });

  it('answers /help on both platforms only to the asker', async () => {
    const slack = await askSlack(fakes.slack, '/help', '');
    const discord = await askDiscord(fakes.discord, { name: 'help' });
    expect(slack.responseType).toBe('ephemeral');
    expect(slack.text).toContain('/digest subscribe');
    expect(discord.ephemeral).toBe(true);
    expect(discord.text).toContain('/digest subscribe');
    expect(fakes.slack.invalid).toEqual([]);
    expect(fakes.discord.specViolations()).toEqual([]);
  });

  it('answers /digest now on both platforms with the digest of the seeds, and posts nothing to the channel', async () => {
    const slack = await askSlack(fakes.slack, '/digest', 'now');
    const discord = await askDiscord(fakes.discord, { name: 'digest', options: [{ type: 1, name: 'now', options: [] }] });
    expect(slack.text).toMatch(/Daily digest: top stories/);
    expect(slack.text).toMatch(/Blinken/);
    expect(discord.text).toMatch(/Daily digest: top stories/);
    expect(discord.text).toMatch(/Blinken/);
    // A preview: the reply, not a channel post, and nothing recorded as posted.
    expect(fakes.slack.messages).toEqual([]);
    expect(started.app.store.posted.forChannel('slack:C0NEWS').size).toBe(0);
  });

  it('answers an unknown topic privately on both, with the topic named', async () => {
    const slack = await askSlack(fakes.slack, '/brief', 'zzqqxx');
    const discord = await askDiscord(fakes.discord, { name: 'brief', options: [str('topic', 'zzqqxx')] });
    expect(slack.responseType).toBe('ephemeral');
    expect(slack.text).toContain('zzqqxx');
    expect(discord.ephemeral).toBe(true);
    expect(discord.text).toContain('zzqqxx');
  });
});

describe('tokens in the logs of the whole app', () => {
  it('writes no token value into any log line, at trace level, through start-up and commands', () => {
    const text = logs.text();
    // The capture is real: start-up and both platforms logged.
    expect(logs.lines.length).toBeGreaterThan(10);
    expect(text).toContain('adapter started');
    for (const secret of Object.values(TOKENS)) {
      expect(text).not.toContain(secret);
      // Not even the distinctive tail, as part of some longer string or split by a prefix.
      expect(text).not.toContain(secret.slice(-18));
    }
    expect(text).not.toContain('Canary');
  });

  it('logged no error or warning while serving all of the above', () => {
    const problems = logs.lines.map((l) => JSON.parse(l) as { level: number; msg: string }).filter((l) => l.level >= 40);
    expect(problems.map((l) => l.msg)).toEqual([]);
  });
});

describe('the whole app without platform tokens', () => {
  it('runs the console instead, on the streams main.ts gives it', async () => {
    const dir = tempDir();
    try {
      const configPath = writeConfig(dir.dir, { watchSeeds: false, shutdownGraceMs: 1000 });
      const consoleApp = await startApp(envFor({ dir: dir.dir, configPath }));
      expect(consoleApp.app.adapters.map((a) => a.platform)).toEqual(['console']);
      consoleApp.consoleInput.write('/brief china\n');
      await until(() => /Blinken/.test(consoleApp.consoleOutput()), 10_000, 'the console answer');
      await consoleApp.app.stop();
    } finally {
      dir.cleanup();
    }
  });
});
