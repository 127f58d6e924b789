import { describe, it, expect, beforeAll } from 'vitest';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, ConfigError, maskedConfig, secretValues, maskSecret } from '../src/config.js';

let dir: string;
let seeds: string;

/** A config file in a temp folder; returns the env that points at it. */
function withFile(content: unknown, extra: Record<string, string> = {}): Record<string, string> {
  const path = join(dir, `c${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return { NEWSBRIEF_CONFIG: path, NEWSBRIEF_SEEDS_DIR: seeds, ...extra };
}

function errorOf(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'newsbrief-config-'));
  seeds = join(dir, 'seeds');
  mkdirSync(seeds);
});

describe('loadConfig', () => {
  it('fills every default from an empty file and the console needs no token', () => {
    const config = loadConfig(withFile({}));
    expect(config.storiesPerBriefing).toBe(5);
    expect(config.defaultTimezone).toBe('UTC');
    expect(config.shutdownGraceMs).toBe(10_000);
    expect(config.reconnectGraceMs).toBe(60_000);
    expect(config.watchDebounceMs).toBe(400);
    expect(config.logLevel).toBe('info');
    expect(config.healthPort).toBeUndefined();
    expect(config.slack).toBeUndefined();
    expect(config.discord).toBeUndefined();
    expect(config.seedsDir).toBe(seeds);
  });

  it('reads the repository default config file as valid', () => {
    const config = loadConfig({ NEWSBRIEF_CONFIG: 'config/newsbrief.json' });
    expect(config.replyVisibility).toBe('channel');
  });

  it('names an unknown key and suggests the closest known one', () => {
    const err = errorOf(withFile({ storiesPerBriefin: 3 }));
    expect(err.message).toMatch(/storiesPerBriefin: not a known setting \(did you mean "storiesPerBriefing"\?\)/);
    expect(err.message.split('\n')).toHaveLength(1);
  });

  it('names an unknown key inside a digest by its index', () => {
    const err = errorOf(withFile({ digests: [{ channel: 'slack:C1', at: '08:00', timezon: 'UTC' }] }));
    expect(err.message).toMatch(/digests\.0\.timezon: not a known setting \(did you mean "timezone"\?\)/);
  });

  it('says what type was expected and what was given', () => {
    const err = errorOf(withFile({ storiesPerBriefing: 'five' }));
    expect(err.key).toMatch(/storiesPerBriefing$/);
    expect(err.message).toMatch(/expected number, got "five"/);
  });

  it('rejects an out-of-range value with the limit', () => {
    expect(errorOf(withFile({ storiesPerBriefing: 50 })).message).toMatch(/storiesPerBriefing: .*10/);
  });

  it('rejects a default timezone that is not an IANA zone', () => {
    const err = errorOf(withFile({ defaultTimezone: 'Mars/Olympus' }));
    expect(err.message).toMatch(/defaultTimezone: an IANA time zone like "Europe\/London" or "UTC", got "Mars\/Olympus"/);
  });

  it('rejects a digest with a bad timezone or a bad cron expression, naming the digest', () => {
    expect(errorOf(withFile({ digests: [{ channel: 'slack:C1', at: '08:00', timezone: 'Europe/Londn' }] })).message).toMatch(
      /digests\.0\.timezone: an IANA time zone/,
    );
    const cron = errorOf(withFile({ digests: [{ channel: 'slack:C1' }, { channel: 'discord:1', cron: '61 8 * * *' }] }));
    expect(cron.message).toMatch(/digests\.1\.cron: a cron expression .*61 is a invalid expression for minute/);
  });

  it('accepts valid digests with zones and crons', () => {
    const config = loadConfig(
      withFile({ digests: [{ channel: 'slack:C1', cron: '0 8 * * 1-5', timezone: 'America/New_York', topics: ['china'] }] }),
    );
    expect(config.digests[0]?.timezone).toBe('America/New_York');
  });

  it('reports invalid JSON with the parser message', () => {
    expect(errorOf(withFile('{ "seedsDir": ')).message).toMatch(/valid JSON/);
  });

  it('stops when NEWSBRIEF_CONFIG points at a missing file', () => {
    expect(errorOf({ NEWSBRIEF_CONFIG: join(dir, 'nope.json') }).message).toMatch(/^config: NEWSBRIEF_CONFIG: a readable JSON file/);
  });

  it('stops when the seeds folder does not exist, naming where it came from', () => {
    const env = withFile({});
    expect(errorOf({ ...env, NEWSBRIEF_SEEDS_DIR: join(dir, 'missing') }).message).toMatch(/NEWSBRIEF_SEEDS_DIR: a folder of news documents/);
    const { NEWSBRIEF_SEEDS_DIR: _, ...noEnv } = withFile({ seedsDir: join(dir, 'missing') });
    expect(errorOf(noEnv).message).toMatch(/seedsDir: a folder of news documents, but .*missing does not exist/);
  });

  it('rejects a bad port, log level and Slack mode', () => {
    expect(errorOf(withFile({}, { HEALTH_PORT: '80a' })).message).toBe('config: HEALTH_PORT: a port number 0-65535, got "80a"');
    expect(errorOf(withFile({}, { HEALTH_PORT: '70000' })).key).toBe('HEALTH_PORT');
    expect(errorOf(withFile({}, { LOG_LEVEL: 'loud' })).message).toMatch(/LOG_LEVEL: one of fatal, error, warn, info, debug, trace, silent/);
    expect(errorOf(withFile({}, { SLACK_MODE: 'rtm' })).key).toBe('SLACK_MODE');
  });

  it('stops a half-configured Slack: a bot token without the app token for Socket Mode', () => {
    const err = errorOf(withFile({}, { SLACK_BOT_TOKEN: 'xoxb-1-2-abc' }));
    expect(err.key).toBe('SLACK_APP_TOKEN');
  });

  it('stops a half-configured Slack: HTTP mode without a signing secret, and an app token without a bot token', () => {
    expect(errorOf(withFile({}, { SLACK_BOT_TOKEN: 'xoxb-1-2-abc', SLACK_MODE: 'http' })).key).toBe('SLACK_SIGNING_SECRET');
    expect(errorOf(withFile({}, { SLACK_APP_TOKEN: 'xapp-1-A-abc' })).key).toBe('SLACK_BOT_TOKEN');
  });

  it('rejects a token of the wrong kind without echoing it', () => {
    const err = errorOf(withFile({}, { SLACK_BOT_TOKEN: 'xapp-1-SECRETSECRET', SLACK_APP_TOKEN: 'xapp-1-A-abc' }));
    expect(err.key).toBe('SLACK_BOT_TOKEN');
    expect(err.message).not.toContain('SECRETSECRET');
  });

  it('stops a half-configured Discord: an application id without a token', () => {
    expect(errorOf(withFile({}, { DISCORD_APPLICATION_ID: '123456789012' })).key).toBe('DISCORD_TOKEN');
    expect(errorOf(withFile({}, { DISCORD_TOKEN: 'abc.def.ghi', DISCORD_GUILD_ID: 'my-guild' })).key).toBe('DISCORD_GUILD_ID');
  });

  it('refuses a health port that collides with the Slack HTTP receiver', () => {
    const env = withFile({}, { SLACK_BOT_TOKEN: 'xoxb-1-2-abc', SLACK_SIGNING_SECRET: 'abcdefabcdef', SLACK_MODE: 'http', HEALTH_PORT: '3000' });
    expect(errorOf(env).message).toBe('config: HEALTH_PORT: a port other than SLACK_PORT (3000), which the Slack HTTP receiver uses');
    expect(loadConfig({ ...env, HEALTH_PORT: '8080' }).healthPort).toBe(8080);
  });

  it('builds both platforms when their tokens are complete', () => {
    const config = loadConfig(
      withFile({}, {
        SLACK_BOT_TOKEN: 'xoxb-1-2-abc',
        SLACK_APP_TOKEN: 'xapp-1-A-abc',
        SLACK_API_URL: 'http://127.0.0.1:9/api/',
        DISCORD_TOKEN: 'abc.def.ghi',
        DISCORD_APPLICATION_ID: '123456789012',
      }),
    );
    expect(config.slack).toMatchObject({ mode: 'socket', port: 3000, apiUrl: 'http://127.0.0.1:9/api' });
    expect(config.discord).toMatchObject({ token: 'abc.def.ghi', applicationId: '123456789012' });
  });
});

describe('secrets in the configuration', () => {
  const env = () =>
    withFile({}, {
      SLACK_BOT_TOKEN: 'xoxb-111-222-botsecretvalue',
      SLACK_APP_TOKEN: 'xapp-1-A1-appsecretvalue',
      SLACK_SIGNING_SECRET: 'signingsecretvalue',
      DISCORD_TOKEN: 'discord.secret.value',
    });

  it('lists every secret value for the log scrubber', () => {
    expect(secretValues(loadConfig(env())).sort()).toEqual(
      ['discord.secret.value', 'signingsecretvalue', 'xapp-1-A1-appsecretvalue', 'xoxb-111-222-botsecretvalue'].sort(),
    );
  });

  it('masks every secret but keeps the token kind', () => {
    const masked = JSON.stringify(maskedConfig(loadConfig(env())));
    expect(masked).not.toMatch(/secretvalue|secret\.value/);
    expect(masked).toContain('"botToken":"xoxb-****"');
    expect(masked).toContain('"appToken":"xapp-****"');
    expect(maskSecret('plain')).toBe('****');
  });
});
