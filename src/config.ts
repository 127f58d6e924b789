import { readFileSync, existsSync } from 'node:fs';
import { z } from 'zod';

/**
 * Configuration is read once, here, and passed down. Secrets and deployment come from the
 * environment; the rest from config/newsbrief.json (NEWSBRIEF_CONFIG), where env can override.
 */

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time as HH:MM (00:00 to 23:59)');

export const digestConfigSchema = z
  .strictObject({
    channel: z.string().regex(/^(slack|discord|console):.+$/, 'a channel reference like "slack:C0123" or "discord:98765"'),
    at: hhmm.optional(),
    cron: z.string().optional(),
    timezone: z.string().optional(),
    topics: z.array(z.string().min(1)).default([]),
    stories: z.number().int().min(1).max(20).default(5),
  })
  .refine((d) => !(d.at && d.cron), { message: 'give either "at" or "cron", not both' });

export const fileConfigSchema = z.strictObject({
  seedsDir: z.string().min(1).default('./seeds'),
  storiesPerBriefing: z.number().int().min(1).max(10).default(5),
  /** Where /brief answers go: the channel for everyone, or only the asker. */
  replyVisibility: z.enum(['channel', 'private']).default('channel'),
  defaultTimezone: z.string().default('UTC'),
  admins: z.array(z.string()).default([]),
  digests: z.array(digestConfigSchema).default([]),
  digest: z
    .strictObject({
      whenEmpty: z.enum(['skip', 'post']).default('skip'),
      graceHours: z.number().min(0).max(72).default(6),
      maxPerChannel: z.number().int().min(1).max(100).default(10),
    })
    .prefault({}),
  limits: z
    .strictObject({
      maxFileBytes: z.number().int().min(1).default(2 * 1024 * 1024),
    })
    .prefault({}),
  watchSeeds: z.boolean().default(true),
  shutdownGraceMs: z.number().int().min(0).default(10_000),
});

export type FileConfig = z.infer<typeof fileConfigSchema>;
export type DigestConfig = z.infer<typeof digestConfigSchema>;

export interface SlackConfig {
  botToken: string;
  appToken?: string;
  signingSecret?: string;
  mode: 'socket' | 'http';
  port: number;
  apiUrl?: string;
}

export interface DiscordConfig {
  token: string;
  applicationId?: string;
  guildId?: string;
  apiUrl?: string;
}

export interface AppConfig extends FileConfig {
  configPath: string;
  dbPath: string;
  logLevel: string;
  healthPort?: number;
  slack?: SlackConfig;
  discord?: DiscordConfig;
}

/** A configuration problem: one line naming the key at fault and what is expected. */
export class ConfigError extends Error {
  constructor(
    readonly key: string,
    readonly expected: string,
  ) {
    super(`config: ${key}: ${expected}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function nonEmpty(env: Env, key: string): string | undefined {
  const v = env[key]?.trim();
  return v ? v : undefined;
}

function port(env: Env, key: string, fallback?: number): number | undefined {
  const raw = nonEmpty(env, key);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new ConfigError(key, `a port number 0-65535, got "${raw}"`);
  return n;
}

function url(env: Env, key: string): string | undefined {
  const raw = nonEmpty(env, key);
  if (raw === undefined) return undefined;
  try {
    new URL(raw);
  } catch {
    throw new ConfigError(key, `a URL like https://host/path, got "${raw}"`);
  }
  return raw.replace(/\/+$/, '');
}

function readFileConfig(path: string, required: boolean): unknown {
  if (!existsSync(path)) {
    if (required) throw new ConfigError('NEWSBRIEF_CONFIG', `a readable JSON file, but ${path} does not exist`);
    return {};
  }
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new ConfigError(path, `valid JSON (${(err as Error).message})`);
  }
}

function slackFrom(env: Env): SlackConfig | undefined {
  const botToken = nonEmpty(env, 'SLACK_BOT_TOKEN');
  const appToken = nonEmpty(env, 'SLACK_APP_TOKEN');
  const signingSecret = nonEmpty(env, 'SLACK_SIGNING_SECRET');
  const modeRaw = nonEmpty(env, 'SLACK_MODE') ?? 'socket';
  if (!botToken && !appToken && !signingSecret) return undefined;
  if (modeRaw !== 'socket' && modeRaw !== 'http') throw new ConfigError('SLACK_MODE', `"socket" or "http", got "${modeRaw}"`);
  if (!botToken) throw new ConfigError('SLACK_BOT_TOKEN', 'a bot token (xoxb-…) since other Slack settings are set');
  if (modeRaw === 'socket' && !appToken)
    throw new ConfigError('SLACK_APP_TOKEN', 'an app-level token (xapp-…) for Socket Mode, or SLACK_MODE=http');
  if (modeRaw === 'http' && !signingSecret)
    throw new ConfigError('SLACK_SIGNING_SECRET', 'the app signing secret, needed when SLACK_MODE=http');
  return { botToken, appToken, signingSecret, mode: modeRaw, port: port(env, 'SLACK_PORT', 3000)!, apiUrl: url(env, 'SLACK_API_URL') };
}

function discordFrom(env: Env): DiscordConfig | undefined {
  const token = nonEmpty(env, 'DISCORD_TOKEN');
  const applicationId = nonEmpty(env, 'DISCORD_APPLICATION_ID');
  const guildId = nonEmpty(env, 'DISCORD_GUILD_ID');
  if (!token) {
    if (applicationId || guildId) throw new ConfigError('DISCORD_TOKEN', 'a bot token, since other Discord settings are set');
    return undefined;
  }
  return { token, applicationId, guildId, apiUrl: url(env, 'DISCORD_API_URL') };
}

/** Validate everything at once; throws ConfigError naming the first key at fault. */
export function loadConfig(env: Env = process.env): AppConfig {
  const explicit = nonEmpty(env, 'NEWSBRIEF_CONFIG');
  const configPath = explicit ?? './config/newsbrief.json';
  const raw = readFileConfig(configPath, explicit !== undefined);
  const parsed = fileConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const key = issue.path.join('.') || '(top level)';
    throw new ConfigError(`${configPath}: ${key}`, issue.message);
  }
  const file = parsed.data;
  const seedsDir = nonEmpty(env, 'NEWSBRIEF_SEEDS_DIR') ?? file.seedsDir;
  return {
    ...file,
    seedsDir,
    configPath,
    dbPath: nonEmpty(env, 'NEWSBRIEF_DB') ?? './data/newsbrief.db',
    logLevel: nonEmpty(env, 'LOG_LEVEL') ?? 'info',
    healthPort: port(env, 'HEALTH_PORT'),
    slack: slackFrom(env),
    discord: discordFrom(env),
  };
}
