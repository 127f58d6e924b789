import { Client, Events, GatewayIntentBits, Routes, type Interaction } from 'discord.js';
import { z } from 'zod';
import type { Adapter, AdapterState, PostOptions } from '../adapter.js';
import { parseChannelRef, type ChannelRef } from '../../channels.js';
import type { Dispatch, PostResult, Reply } from '../reply.js';
import type { ReplyVisibility } from '../present.js';
import type { CommandDecl } from '../../commands/command.js';
import type { DiscordConfig } from '../../config.js';
import type { Logger } from '../../log.js';
import { NO_MENTIONS } from './limits.js';
import { renderReply } from './render.js';
import { messageProblems } from './message-check.js';
import { splitReply } from '../split-digest.js';
import { markerFor, nonceFor, postFailure, snowflakeAt } from './post-result.js';
import { answerAutocomplete, answerCommand, apologize, errorSummary, type InteractionOptions } from './interactions.js';

export interface DiscordAdapterDeps {
  logger: Logger;
  suggestTopics: (prefix: string) => string[];
  /** The declared commands (src/commands/index.ts): the options, autocomplete and deferral follow them. */
  commands: readonly CommandDecl[];
  /** config `replyVisibility`: briefings and digests for the whole channel (default) or only the asker. */
  replyVisibility?: ReplyVisibility;
  /** Answer directly when the command is done within this; otherwise defer first (default 1500 ms of Discord's 3 s). */
  deferAfterMs?: number;
  /** discord.js REST retries on 5xx and network errors (default 3). */
  restRetries?: number;
  /** How long a REST call may take before it is given up as unanswered (default 15 s). */
  requestTimeoutMs?: number;
}

/** Pages of 100 messages findPosted reads at most. */
const FIND_PAGES = 10;

const recentMessages = z.array(
  z.looseObject({
    id: z.string().regex(/^\d+$/),
    content: z.string().optional(),
    nonce: z.union([z.string(), z.number()]).nullish(),
    embeds: z.array(z.looseObject({ footer: z.looseObject({ text: z.string() }).optional() })).optional(),
  }),
);

const createdMessage = z.looseObject({ id: z.string() });

export function createDiscordAdapter(cfg: DiscordConfig, deps: DiscordAdapterDeps): Adapter {
  const logger = deps.logger;
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    allowedMentions: NO_MENTIONS,
    rest: { ...(cfg.apiUrl ? { api: cfg.apiUrl } : {}), retries: deps.restRetries ?? 3, timeout: deps.requestTimeoutMs ?? 15_000 },
  });
  // post() may run before start() (a scheduled digest right at boot); REST needs only the token.
  client.rest.setToken(cfg.token);
  let state: AdapterState = 'down';
  let stopped = false;
  // destroy() itself emits shard events; once stopped, the adapter stays down.
  const setState = (next: AdapterState) => {
    if (!stopped) state = next;
  };
  const opts: InteractionOptions = {
    logger,
    suggestTopics: deps.suggestTopics,
    replyVisibility: deps.replyVisibility ?? 'channel',
    deferAfterMs: deps.deferAfterMs ?? 1500,
    commands: deps.commands,
  };

  const onInteraction = (dispatch: Dispatch) => (i: Interaction) => {
    if (i.isAutocomplete()) {
      answerAutocomplete(i, opts).catch((err: unknown) => logger.warn({ err: errorSummary(err) }, 'discord: autocomplete answer failed'));
    } else if (i.isChatInputCommand()) {
      answerCommand(i, dispatch, opts).catch(async (err: unknown) => {
        logger.error({ err: errorSummary(err), command: i.commandName }, 'discord: answering a command failed');
        await apologize(i, logger);
      });
    }
  };

  client.on(Events.ClientReady, (c) => {
    setState('up');
    logger.info({ user: c.user.tag, applicationId: c.application.id }, 'discord: connected');
  });
  client.on(Events.ShardDisconnect, () => setState('down'));
  client.on(Events.ShardReconnecting, () => setState('connecting'));
  client.on(Events.ShardResume, () => setState('up'));
  client.on(Events.ShardReady, () => setState('up'));
  client.on(Events.Error, (err) => logger.error({ err: errorSummary(err) }, 'discord: client error'));

  async function postMessages(channelId: string, reply: Reply, key: string | undefined): Promise<PostResult> {
    const messages = renderReply(reply, key ? { marker: markerFor(key) } : {});
    const problems = messages.flatMap((m, i) => messageProblems(m).map((p) => (messages.length > 1 ? `message ${i + 1}: ${p}` : p)));
    if (problems.length > 0) {
      logger.error({ channel: channelId, problems }, 'BUG: a rendered Discord message breaks Discord limits; not sent');
      return { ok: false, error: 'invalid_message', permanent: true, detail: `not sent, it breaks Discord limits: ${problems.join('; ')}` };
    }
    const ids: string[] = [];
    for (const [part, msg] of messages.entries()) {
      const body = {
        ...(msg.content !== undefined ? { content: msg.content } : {}),
        ...(msg.embeds.length > 0 ? { embeds: msg.embeds } : {}),
        allowed_mentions: NO_MENTIONS,
        ...(key ? { nonce: nonceFor(key, part), enforce_nonce: true } : {}),
      };
      try {
        const created = createdMessage.safeParse(await client.rest.post(Routes.channelMessages(channelId), { body }));
        if (created.success) ids.push(created.data.id);
      } catch (err) {
        const failure = postFailure(err);
        logger.warn({ channel: channelId, part, error: failure.error, detail: failure.detail }, 'discord: post failed');
        return failure;
      }
    }
    return { ok: true, messageIds: ids };
  }

  const readMessages = async (channelId: string, query: Record<string, string>) => {
    const parsed = recentMessages.safeParse(await client.rest.get(Routes.channelMessages(channelId), { query: new URLSearchParams(query) }));
    if (!parsed.success) throw new Error('Discord answered the message history with something unexpected');
    return parsed.data;
  };

  /**
   * Pages forward from `since` (oldest first, up to FIND_PAGES × 100 messages) looking for the
   * nonce or the marker. Without Read Message History Discord returns no messages at all rather
   * than an error, so "nothing after since" is only trusted when the channel shows any message.
   */
  async function searchChannel(channelId: string, key: string, since: Date): Promise<boolean | 'unknown'> {
    const marker = markerFor(key);
    const nonce = nonceFor(key);
    let after = snowflakeAt(since);
    let seen = 0;
    for (let page = 0; page < FIND_PAGES; page++) {
      const batch = await readMessages(channelId, { limit: '100', after });
      seen += batch.length;
      const hit = batch.some(
        (m) => m.nonce === nonce || (m.content ?? '').includes(marker) || (m.embeds ?? []).some((e) => e.footer?.text.includes(marker)),
      );
      if (hit) return true;
      if (batch.length < 100) {
        if (seen > 0) return false;
        // Nothing since then: an empty channel, or one whose history the bot cannot read.
        const anyVisible = await readMessages(channelId, { limit: '1' });
        return anyVisible.length > 0 ? false : 'unknown';
      }
      after = batch.reduce((max, m) => (BigInt(m.id) > BigInt(max) ? m.id : max), after);
    }
    // More messages than were read: it may be further on.
    return 'unknown';
  }

  return {
    platform: 'discord',

    async start(dispatch: Dispatch) {
      client.on(Events.InteractionCreate, onInteraction(dispatch));
      setState('connecting');
      try {
        await client.login(cfg.token);
      } catch (err) {
        setState('down');
        // discord.js messages here never contain the token; errorSummary keeps it that way for URLs too.
        throw new Error(`Discord login failed: ${errorSummary(err).message}`);
      }
    },

    async post(channel: ChannelRef, reply: Reply, postOpts?: PostOptions): Promise<PostResult> {
      const ref = parseChannelRef(channel);
      if (!ref || ref.platform !== 'discord' || !/^\d+$/.test(ref.id)) {
        return { ok: false, error: 'unknown_channel', permanent: true, detail: `not a Discord channel: ${channel.slice(0, 80)}` };
      }
      return postMessages(ref.id, reply, postOpts?.idempotencyKey);
    },

    // A digest as the messages Discord shows it in, each posted and recorded on its own.
    split: (reply: Reply) => splitReply(reply, (digest) => renderReply({ kind: 'digest', digest }, { marker: markerFor('probe') }).length === 1),

    async findPosted(channel: ChannelRef, idempotencyKey: string, since: Date): Promise<boolean | 'unknown'> {
      const ref = parseChannelRef(channel);
      if (!ref || ref.platform !== 'discord' || !/^\d+$/.test(ref.id)) return 'unknown';
      try {
        return await searchChannel(ref.id, idempotencyKey, since);
      } catch (err) {
        logger.warn({ channel: ref.id, detail: errorSummary(err).message }, 'discord: findPosted could not read the channel');
        return 'unknown';
      }
    },

    state: () => state,

    async stop() {
      stopped = true;
      state = 'down';
      await client.destroy();
    },
  };
}
