import { readFileSync, existsSync, statSync } from 'node:fs';
import { z } from 'zod';
import { IANAZone } from 'luxon';
import { closest } from 'fastest-levenshtein';
import { cronProblem } from './schedule/slots.js';
import { databasePathProblem } from './store/db-path.js';
import { parseDuration } from './sources/feeds/duration.js';
import { addressPolicy, isNetworkEntry } from './sources/feeds/address.js';

/**
 * Configuration is read once, here, and passed down. Secrets and deployment come from the
 * environment; the rest from config/newsbrief.json (NEWSBRIEF_CONFIG), where env can override.
 */

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time as HH:MM (00:00 to 23:59)');

/** Checked at load so a typo in a zone fails start-up instead of silently posting at UTC. */
export const ianaZone = z
  .string()
  .refine((zone) => IANAZone.isValidZone(zone), { message: 'an IANA time zone like "Europe/London" or "UTC"' });

/** The scheduler's own check, so config:check and start-up refuse the same expressions. */
export const cronExpression = z.string().superRefine((expr, ctx) => {
  const problem = cronProblem(expr.trim());
  if (problem) ctx.addIssue({ code: 'custom', message: `a cron expression like "0 8 * * 1-5" (${problem})` });
});

/** The longest delay setTimeout takes; beyond it Node fires after 1 ms instead. */
export const TIMER_MAX_MS = 2_147_483_647;

export const digestConfigSchema = z
  .strictObject({
    channel: z.string().regex(/^(slack|discord|console):.+$/, 'a channel reference like "slack:C0123" or "discord:98765"'),
    at: hhmm.optional(),
    cron: cronExpression.optional(),
    timezone: ianaZone.optional(),
    topics: z.array(z.string().min(1)).default([]),
    stories: z.number().int().min(1).max(20).default(5),
  })
  .refine((d) => !(d.at && d.cron), { message: 'give either "at" or "cron", not both' });

const duration = z
  .string()
  .transform((text, ctx) => {
    const ms = parseDuration(text);
    if (ms === undefined) {
      ctx.addIssue({ code: 'custom', message: 'a duration like "30s", "5m" or "1h"' });
      return z.NEVER;
    }
    return ms;
  });

const httpUrl = z.string().refine(
  (u) => {
    try {
      const p = new URL(u);
      return p.protocol === 'http:' || p.protocol === 'https:';
    } catch {
      return false;
    }
  },
  { message: 'an http(s) URL like "https://example.com/feed.xml"' },
);

/** Public hosts are polled at most once a minute; private ones the config allows, down to 5 s. */
export const MIN_FEED_INTERVAL_MS = 60_000;
export const MIN_PRIVATE_FEED_INTERVAL_MS = 5_000;

export const feedSourceSchema = z.strictObject({
  url: httpUrl,
  name: z.string().trim().min(1).max(100).optional(),
  tags: z.array(z.string().trim().min(1).max(40)).max(10).default([]),
  every: duration.optional(),
});

export const feedsConfigSchema = z
  .strictObject({
    every: duration.default(15 * 60_000),
    /** false: public addresses only; true: every address; a list: public ones plus these hosts, IPs and CIDRs. */
    allowPrivateNetworks: z
      .union([z.boolean(), z.array(z.string().refine(isNetworkEntry, { message: 'a host name, an IP address or a CIDR like "10.0.0.0/8"' }))])
      .default(false),
    disableAfterFailures: z.number().int().min(1).max(1000).default(10),
    sources: z.array(feedSourceSchema).default([]),
    /** The bot's page, named in the User-Agent so publishers can see who fetches and why. */
    homepage: httpUrl.default('https://github.com/newsbrief/newsbrief'),
    timeout: duration.default(30_000),
    maxBytes: z.number().int().min(1024).default(10 * 1024 * 1024),
    maxRedirects: z.number().int().min(0).max(20).default(5),
    /** Requests at a time to one host. */
    perHost: z.number().int().min(1).max(16).default(2),
    /** Requests at a time in all. */
    concurrency: z.number().int().min(1).max(256).default(16),
    /** A Cache-Control max-age longer than this is honoured only up to this. */
    maxCacheAge: duration.default(60 * 60_000),
    /** Fetch the article page when an item's text is shorter than this many characters (0: never). */
    fullTextBelow: z.number().int().min(0).default(400),
    /** Worker threads that read fetched feeds (0: on the main thread). */
    readers: z.number().int().min(0).max(8).default(1),
  })
  .superRefine((feeds, ctx) => {
    const policy = addressPolicy(feeds.allowPrivateNetworks);
    feeds.sources.forEach((source, i) => {
      const every = source.every ?? feeds.every;
      const host = new URL(source.url).hostname;
      const min = policy.allowsPrivateHost(host) ? MIN_PRIVATE_FEED_INTERVAL_MS : MIN_FEED_INTERVAL_MS;
      if (every < min) {
        ctx.addIssue({
          code: 'custom',
          path: ['sources', i, 'every'],
          message: min === MIN_FEED_INTERVAL_MS ? 'at least "1m" for a public host (down to "5s" only for private hosts that allowPrivateNetworks allows)' : 'at least "5s"',
        });
      }
    });
    const seen = new Set<string>();
    feeds.sources.forEach((source, i) => {
      if (seen.has(source.url)) ctx.addIssue({ code: 'custom', path: ['sources', i, 'url'], message: 'listed twice' });
      seen.add(source.url);
    });
  });

export type FeedsConfig = z.infer<typeof feedsConfigSchema>;
export type FeedSourceConfig = z.infer<typeof feedSourceSchema>;

export const fileConfigSchema = z.strictObject({
  seedsDir: z.string().min(1).default('./seeds'),
  storiesPerBriefing: z.number().int().min(1).max(10).default(5),
  /** Where /brief answers go: the channel for everyone, or only the asker. */
  replyVisibility: z.enum(['channel', 'private']).default('channel'),
  defaultTimezone: ianaZone.default('UTC'),
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
  /** The archive: what is kept, for how long, and what stays in memory. */
  archive: z
    .strictObject({
      /** Documents published (or, undated, stored) longer ago than this are deleted; null keeps everything. */
      keepDays: z.number().int().min(1).nullable().default(null),
      /** Documents published within this many days are kept in memory for fast briefings (0: no age limit). */
      recentDays: z.number().int().min(0).default(30),
      /** At most this many documents in memory (the newest); the rest are searched on disk. */
      recentMax: z.number().int().min(0).max(1_000_000).default(20_000),
      /** A document that takes longer than this to summarize is skipped with a warning. */
      budgetMs: z.number().int().min(50).max(60_000).default(1000),
      /** Summarize on a worker thread (off the event loop); false summarizes in the main thread. */
      worker: z.boolean().default(true),
      /** Summarizing worker threads (one leaves the other core of a 2-core machine to commands and the database). */
      workers: z.number().int().min(1).max(16).default(1),
    })
    .prefault({}),
  watchSeeds: z.boolean().default(true),
  /** Quiet time after the last change in the seeds folder before one reload takes the batch. */
  watchDebounceMs: z.number().int().min(50).max(60_000).default(400),
  shutdownGraceMs: z.number().int().min(0).max(TIMER_MAX_MS, `at most ${TIMER_MAX_MS} (about 24.8 days, the longest timer Node can set)`).default(10_000),
  /** How long a platform may be reconnecting before /healthz answers 503. */
  reconnectGraceMs: z.number().int().min(0).default(60_000),
  feeds: feedsConfigSchema.prefault({}),
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

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface AppConfig extends FileConfig {
  configPath: string;
  dbPath: string;
  logLevel: LogLevel;
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

/** Every environment variable newsbrief reads (documented in .env.example and the README). */
export const ENV_VARS = [
  'SLACK_BOT_TOKEN',
  'SLACK_APP_TOKEN',
  'SLACK_SIGNING_SECRET',
  'SLACK_MODE',
  'SLACK_PORT',
  'SLACK_API_URL',
  'DISCORD_TOKEN',
  'DISCORD_APPLICATION_ID',
  'DISCORD_GUILD_ID',
  'DISCORD_API_URL',
  'NEWSBRIEF_SEEDS_DIR',
  'NEWSBRIEF_DB',
  'NEWSBRIEF_CONFIG',
  'HEALTH_PORT',
  'LOG_LEVEL',
] as const;

function nonEmpty(env: Env, key: string): string | undefined {
  const v = env[key]?.trim();
  return v ? v : undefined;
}

function port(env: Env, key: string, fallback?: number): number | undefined {
  const raw = nonEmpty(env, key);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n > 65535) throw new ConfigError(key, `a port number 0-65535, got "${raw}"`);
  return n;
}

function url(env: Env, key: string): string | undefined {
  const raw = nonEmpty(env, key);
  if (raw === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(key, `a URL like https://host/path, got "${raw}"`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new ConfigError(key, `an http(s) URL, got "${raw}"`);
  return raw.replace(/\/+$/, '');
}

/** Tokens are never echoed back, not even in an error: only their first characters. */
function token(env: Env, key: string, prefix: string, what: string): string | undefined {
  const raw = nonEmpty(env, key);
  if (raw === undefined) return undefined;
  if (!raw.startsWith(prefix) || /\s/.test(raw)) {
    throw new ConfigError(key, `${what} starting with "${prefix}", got a value starting with "${raw.slice(0, 4)}…"`);
  }
  return raw;
}

function readFileConfig(path: string, required: boolean): unknown {
  if (!existsSync(path)) {
    if (required) throw new ConfigError('NEWSBRIEF_CONFIG', `a readable JSON file, but ${path} does not exist`);
    return {};
  }
  try {
    // Editors on Windows save UTF-8 with a byte order mark; JSON.parse would call it a bad token.
    return JSON.parse(readFileSync(path, 'utf8').replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new ConfigError(path, `valid JSON (${(err as Error).message})`);
  }
}

function describeValue(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let node = root;
  for (const step of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[step];
  }
  return node;
}

/** Known keys of the object schema at `path`, to suggest a fix for an unknown key. */
function knownKeysAt(path: readonly PropertyKey[]): string[] {
  if (path.length === 0) return Object.keys(fileConfigSchema.shape);
  if (path.length === 1 && path[0] === 'digest') return ['whenEmpty', 'graceHours', 'maxPerChannel'];
  if (path.length === 1 && path[0] === 'limits') return ['maxFileBytes'];
  if (path.length === 1 && path[0] === 'archive') return ['keepDays', 'recentDays', 'recentMax', 'budgetMs', 'worker', 'workers'];
  if (path.length === 2 && path[0] === 'digests') return ['channel', 'at', 'cron', 'timezone', 'topics', 'stories'];
  if (path.length === 1 && path[0] === 'feeds') return Object.keys(feedsConfigSchema.shape);
  if (path.length === 3 && path[0] === 'feeds' && path[1] === 'sources') return Object.keys(feedSourceSchema.shape);
  return [];
}

/** Turn the first zod issue into one line: the key, what is expected, and what was given. */
function fileConfigError(configPath: string, raw: unknown, issue: z.core.$ZodIssue): ConfigError {
  if (issue.code === 'unrecognized_keys') {
    const unknownKey = issue.keys[0] ?? '?';
    const key = [...issue.path, unknownKey].join('.');
    const known = knownKeysAt(issue.path);
    const hint = known.length ? ` (did you mean "${closest(unknownKey, known)}"?)` : '';
    return new ConfigError(`${configPath}: ${key}`, `not a known setting${hint}`);
  }
  const key = issue.path.join('.') || '(top level)';
  const given = valueAt(raw, issue.path);
  let expected = issue.message;
  if (issue.code === 'invalid_type') expected = `expected ${issue.expected}`;
  // A rule about a whole object (a digest) says enough; echoing the object adds noise.
  if (issue.code === 'custom' && given !== null && typeof given === 'object') return new ConfigError(`${configPath}: ${key}`, expected);
  const got = given === undefined ? (issue.path.length ? 'it is missing' : 'got nothing') : `got ${describeValue(given)}`;
  return new ConfigError(`${configPath}: ${key}`, `${expected}, ${got}`);
}

function slackFrom(env: Env): SlackConfig | undefined {
  const modeRaw = nonEmpty(env, 'SLACK_MODE') ?? 'socket';
  if (modeRaw !== 'socket' && modeRaw !== 'http') throw new ConfigError('SLACK_MODE', `"socket" or "http", got "${modeRaw}"`);
  const botToken = token(env, 'SLACK_BOT_TOKEN', 'xoxb-', 'a bot token');
  const appToken = token(env, 'SLACK_APP_TOKEN', 'xapp-', 'an app-level token');
  const signingSecret = nonEmpty(env, 'SLACK_SIGNING_SECRET');
  if (!botToken && !appToken && !signingSecret) return undefined;
  if (!botToken) throw new ConfigError('SLACK_BOT_TOKEN', 'a bot token (xoxb-…), since other Slack settings are set');
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
  for (const [key, value] of [['DISCORD_APPLICATION_ID', applicationId], ['DISCORD_GUILD_ID', guildId]] as const) {
    if (value !== undefined && !/^\d{5,25}$/.test(value)) throw new ConfigError(key, `a Discord snowflake id (digits), got "${value}"`);
  }
  if (!token) {
    if (applicationId || guildId) throw new ConfigError('DISCORD_TOKEN', 'a bot token, since other Discord settings are set');
    return undefined;
  }
  if (/\s/.test(token)) throw new ConfigError('DISCORD_TOKEN', 'a bot token without spaces (leave out the "Bot " prefix)');
  return { token, applicationId, guildId, apiUrl: url(env, 'DISCORD_API_URL') };
}

function logLevel(env: Env): LogLevel {
  const raw = (nonEmpty(env, 'LOG_LEVEL') ?? 'info').toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(raw)) throw new ConfigError('LOG_LEVEL', `one of ${LOG_LEVELS.join(', ')}, got "${raw}"`);
  return raw as LogLevel;
}

function seedsFolder(env: Env, file: FileConfig, configPath: string): string {
  const fromEnv = nonEmpty(env, 'NEWSBRIEF_SEEDS_DIR');
  const dir = fromEnv ?? file.seedsDir;
  const key = fromEnv ? 'NEWSBRIEF_SEEDS_DIR' : `${configPath}: seedsDir`;
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    throw new ConfigError(key, `a folder of news documents, but ${dir} does not exist`);
  }
  if (!isDir) throw new ConfigError(key, `a folder of news documents, but ${dir} is not a folder`);
  return dir;
}

function databasePath(env: Env): string {
  const file = nonEmpty(env, 'NEWSBRIEF_DB') ?? './data/newsbrief.db';
  const problem = databasePathProblem(file);
  if (problem) throw new ConfigError('NEWSBRIEF_DB', `a SQLite file this user can write, but ${problem}`);
  return file;
}

/** Validate everything at once; throws ConfigError naming the first key at fault. */
export function loadConfig(env: Env = process.env): AppConfig {
  const explicit = nonEmpty(env, 'NEWSBRIEF_CONFIG');
  const configPath = explicit ?? './config/newsbrief.json';
  const raw = readFileConfig(configPath, explicit !== undefined);
  const parsed = fileConfigSchema.safeParse(raw);
  if (!parsed.success) throw fileConfigError(configPath, raw, parsed.error.issues[0]!);
  const file = parsed.data;
  const config: AppConfig = {
    ...file,
    seedsDir: seedsFolder(env, file, configPath),
    configPath,
    dbPath: databasePath(env),
    logLevel: logLevel(env),
    healthPort: port(env, 'HEALTH_PORT'),
    slack: slackFrom(env),
    discord: discordFrom(env),
  };
  const { slack, healthPort } = config;
  if (slack?.mode === 'http' && healthPort !== undefined && healthPort !== 0 && healthPort === slack.port) {
    throw new ConfigError('HEALTH_PORT', `a port other than SLACK_PORT (${slack.port}), which the Slack HTTP receiver uses`);
  }
  return config;
}

/** Every secret in the configuration with the variable it came from, so nothing sends or logs it. */
export function namedSecrets(config: Pick<AppConfig, 'slack' | 'discord'>): { name: string; value: string }[] {
  const named: [string, string | undefined][] = [
    ['SLACK_BOT_TOKEN', config.slack?.botToken],
    ['SLACK_APP_TOKEN', config.slack?.appToken],
    ['SLACK_SIGNING_SECRET', config.slack?.signingSecret],
    ['DISCORD_TOKEN', config.discord?.token],
  ];
  return named.flatMap(([name, value]) => (typeof value === 'string' && value.length > 0 ? [{ name, value }] : []));
}

/** Every secret value in the configuration, so logs can scrub them wherever they appear. */
export function secretValues(config: Pick<AppConfig, 'slack' | 'discord'>): string[] {
  return namedSecrets(config).map((s) => s.value);
}

/** "xoxb-123-abc" → "xoxb-****": enough to tell which kind of token is set, nothing more. */
export function maskSecret(value: string): string {
  const m = /^(xox[a-z]-|xapp-)/.exec(value);
  return `${m ? m[1] : ''}****`;
}

/** The effective configuration as config:check prints it: every secret masked. */
export function maskedConfig(config: AppConfig): AppConfig {
  const slack = config.slack && {
    ...config.slack,
    botToken: maskSecret(config.slack.botToken),
    appToken: config.slack.appToken && maskSecret(config.slack.appToken),
    signingSecret: config.slack.signingSecret && maskSecret(config.slack.signingSecret),
  };
  const discord = config.discord && { ...config.discord, token: maskSecret(config.discord.token) };
  return { ...config, slack, discord };
}
