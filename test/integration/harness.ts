import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { DestinationStream } from 'pino';
import { createApp, type App } from '../../src/app.js';
import { loadConfig, secretValues } from '../../src/config.js';
import { createLogger, silentLogger, type Logger } from '../../src/log.js';
import type { Clock } from '../../src/news/types.js';
import { startFakeDiscord, type FakeDiscord, type RecordedRequest } from '../fakes/discord/server.js';
import type { CommandInput } from '../fakes/discord/interactions.js';
import { startFakeSlack, type FakeSlack, type FakeSlackOptions } from '../fakes/slack/index.js';

/**
 * The whole bot in one process: loadConfig over an env that points Slack and Discord at the local
 * fakes, createApp as main.ts calls it (console streams included, so a stray console adapter would
 * show), and helpers that speak to the bot the way each platform does.
 */

export const ROOT = join(import.meta.dirname, '..', '..');

/** Token values that must never show up in a log line; distinctive so a leak is unmistakable. */
export const TOKENS = {
  slackBot: 'xoxb-7001-7002-IntegrationCanaryBot',
  slackApp: 'xapp-1-A7001-IntegrationCanaryApp',
  discord: 'IntegrationCanaryDiscord.Gx7y8z.token',
} as const;

export const SLACK_ADMIN = 'U0ADMIN';
export const SLACK_MEMBER = 'U0MEMBER';

export function tempDir(prefix = 'newsbrief-int-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function startFakes(slackOpts: FakeSlackOptions = {}): Promise<{ slack: FakeSlack; discord: FakeDiscord; close(): Promise<void> }> {
  const slack = await startFakeSlack({
    botToken: TOKENS.slackBot,
    appToken: TOKENS.slackApp,
    users: { [SLACK_ADMIN]: { is_admin: true, name: 'boss' }, [SLACK_MEMBER]: { is_admin: false, name: 'reader' } },
    ...slackOpts,
  });
  const discord = await startFakeDiscord({ token: TOKENS.discord });
  return {
    slack,
    discord,
    async close() {
      await slack.close();
      await discord.close();
    },
  };
}

export function writeConfig(dir: string, file: Record<string, unknown>, name = 'newsbrief.json'): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(file, null, 2));
  return path;
}

export interface EnvInput {
  slack?: FakeSlack;
  discord?: FakeDiscord;
  dir: string;
  configPath: string;
  seedsDir?: string;
  db?: string;
  logLevel?: string;
}

/** The environment a deployment would set, pointing at the fakes. */
export function envFor(input: EnvInput): Record<string, string> {
  const env: Record<string, string> = {
    NEWSBRIEF_SEEDS_DIR: input.seedsDir ?? './seeds',
    NEWSBRIEF_DB: input.db ?? join(input.dir, 'data', 'newsbrief.db'),
    NEWSBRIEF_CONFIG: input.configPath,
    LOG_LEVEL: input.logLevel ?? 'silent',
  };
  if (input.slack) {
    Object.assign(env, { SLACK_BOT_TOKEN: input.slack.botToken, SLACK_APP_TOKEN: input.slack.appToken, SLACK_API_URL: input.slack.apiUrl });
  }
  if (input.discord) {
    Object.assign(env, {
      DISCORD_TOKEN: input.discord.token,
      DISCORD_APPLICATION_ID: input.discord.applicationId,
      DISCORD_API_URL: input.discord.apiUrl,
    });
  }
  return env;
}

/** Log lines written to memory, as JSON strings exactly as they would reach stderr. */
export function captureLogs(): { destination: DestinationStream; lines: string[]; text(): string } {
  const lines: string[] = [];
  return {
    destination: { write: (line: string) => void lines.push(line) },
    lines,
    text: () => lines.join(''),
  };
}

export interface StartedApp {
  app: App;
  /** The console's stdin, as main.ts hands process.stdin to createApp. */
  consoleInput: PassThrough;
  /** What the console adapter printed (nothing, unless it started). */
  consoleOutput(): string;
}

/**
 * loadConfig(env) + createApp + start, then waits until each configured platform is connected.
 * `logs`: capture log lines at this level, scrubbed of secrets the way main.ts sets it up (or not,
 * with `scrub: false`, to see what the layers below the scrubber let through).
 */
export async function startApp(
  env: Record<string, string>,
  opts: { clock?: Clock; slack?: FakeSlack; discord?: FakeDiscord; logger?: Logger; logs?: { destination: DestinationStream; level: string; scrub?: boolean } } = {},
): Promise<StartedApp> {
  const config = loadConfig(env);
  const logger =
    opts.logger ??
    (opts.logs
      ? createLogger(opts.logs.level, { destination: opts.logs.destination, pretty: false, secrets: opts.logs.scrub === false ? [] : secretValues(config) })
      : silentLogger);
  const input = new PassThrough();
  const output = new PassThrough();
  let printed = '';
  output.on('data', (c: Buffer) => (printed += c.toString()));
  const app = await createApp(config, { logger, ...(opts.clock ? { clock: opts.clock } : {}), console: { input, output, interactive: false } });
  const slackConnections = opts.slack?.connections() ?? 0;
  await app.start();
  if (opts.slack) await opts.slack.waitFor(() => opts.slack!.connections() > slackConnections && opts.slack!.openSockets() > 0, 15_000);
  if (opts.discord) await opts.discord.waitForReady();
  return { app, consoleInput: input, consoleOutput: () => printed };
}

/** A clock the test moves by hand. */
export class ManualClock implements Clock {
  constructor(private t: number) {}
  now = (): Date => new Date(this.t);
  set(at: Date | number): void {
    this.t = typeof at === 'number' ? at : at.getTime();
  }
}

// ---- Slack ---------------------------------------------------------------------------------

export interface SlackAnswer {
  responseType: unknown;
  bodies: Record<string, unknown>[];
  /** Every text the user would read: fallback text, header, sections, context elements. */
  text: string;
}

export function slackTexts(body: Record<string, unknown>): string[] {
  const out: string[] = [];
  if (typeof body['text'] === 'string') out.push(body['text']);
  const blocks = Array.isArray(body['blocks']) ? (body['blocks'] as unknown[]) : [];
  for (const block of blocks) {
    if (typeof block !== 'object' || block === null) continue;
    const b = block as { text?: { text?: unknown }; elements?: { text?: unknown }[] };
    if (typeof b.text?.text === 'string') out.push(b.text.text);
    for (const e of b.elements ?? []) if (typeof e.text === 'string') out.push(e.text);
  }
  return out;
}

/** A slash command over Socket Mode; resolves with everything posted to its response URL. */
export async function askSlack(slack: FakeSlack, command: string, text: string, opts: { channel?: string; user?: string; settleMs?: number } = {}): Promise<SlackAnswer> {
  const sent = slack.sendSlashCommand({ command, text, channel_id: opts.channel ?? 'C0NEWS', user_id: opts.user ?? SLACK_MEMBER });
  await withTimeout(sent.acked, 10_000, `no ack for ${command} ${text}`);
  await slack.waitFor(() => slack.responsesFor(sent.responseUrlId).length > 0, 15_000);
  // A long reply goes out in several parts; give the rest a moment to arrive.
  await sleep(opts.settleMs ?? 150);
  const bodies = slack.responsesFor(sent.responseUrlId);
  return { responseType: bodies[0]?.['response_type'], bodies, text: bodies.flatMap(slackTexts).join('\n') };
}

// ---- Discord -------------------------------------------------------------------------------

interface DiscordEmbed {
  title?: string;
  description?: string;
  footer?: { text?: string };
  fields?: { name?: string; value?: string }[];
}

export interface DiscordAnswer {
  ephemeral: boolean;
  /** The message bodies (callback data, @original edit, follow-ups), in order. */
  bodies: Record<string, unknown>[];
  text: string;
}

function discordTexts(body: Record<string, unknown>): string[] {
  const out: string[] = [];
  if (typeof body['content'] === 'string') out.push(body['content']);
  for (const e of (Array.isArray(body['embeds']) ? body['embeds'] : []) as DiscordEmbed[]) {
    for (const t of [e.title, e.description, e.footer?.text, ...(e.fields ?? []).flatMap((f) => [f.name, f.value])]) if (typeof t === 'string') out.push(t);
  }
  return out;
}

/** INTERACTION_CREATE over the gateway; resolves with the answer, direct or deferred. */
export async function askDiscord(discord: FakeDiscord, input: CommandInput, settleMs = 150): Promise<DiscordAnswer> {
  const { token } = discord.sendCommand(input);
  const callback = await discord.waitForRequest((r) => r.path.includes(token) && r.path.endsWith('/callback'), 15_000);
  const cb = callback.body as { type?: number; data?: Record<string, unknown> };
  let ephemeral = ((Number(cb.data?.['flags'] ?? 0) & 64) === 64);
  if (cb.type === 5) await discord.waitForRequest((r) => r.path.includes(token) && r.path.endsWith('/messages/@original') && r.method === 'PATCH', 15_000);
  await sleep(settleMs);
  const bodies: Record<string, unknown>[] = [];
  for (const r of discord.interactionRequests(token)) {
    if (r.method === 'DELETE' || r.status >= 400) continue;
    if (r.path.endsWith('/callback')) {
      if (cb.type === 4 && cb.data) bodies.push(cb.data);
    } else bodies.push((r.body ?? {}) as Record<string, unknown>);
  }
  if (cb.type === 4) ephemeral = (Number(cb.data?.['flags'] ?? 0) & 64) === 64;
  return { ephemeral, bodies, text: bodies.flatMap(discordTexts).join('\n') };
}

/** Every message body the bot sent to the fake Discord (replies and channel posts). */
export function discordMessageBodies(discord: FakeDiscord): { request: RecordedRequest; body: Record<string, unknown> }[] {
  const out: { request: RecordedRequest; body: Record<string, unknown> }[] = [];
  for (const r of discord.requests) {
    if (r.method === 'GET' || r.method === 'DELETE' || r.method === 'PUT') continue;
    const body = (r.body ?? {}) as { type?: number; data?: Record<string, unknown> } & Record<string, unknown>;
    if (r.path.endsWith('/callback')) {
      // Deferrals (5) and autocomplete (8) carry no message.
      if (body.type === 4 && body.data) out.push({ request: r, body: body.data });
    } else out.push({ request: r, body });
  }
  return out;
}

export function channelDigestTexts(discord: FakeDiscord, channelId: string): string {
  return discord
    .channelMessages(channelId)
    .flatMap((m) => discordTexts({ content: m.content, embeds: m.embeds }))
    .join('\n');
}

// ---- misc ----------------------------------------------------------------------------------

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${what}`);
    await sleep(25);
  }
}
