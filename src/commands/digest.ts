import type { ChannelRef } from '../channels.js';
import type { Reply } from '../chat/reply.js';
import { UserError } from '../errors.js';
import type { Subscription } from '../store/types.js';
import { composeDigest } from '../schedule/compose.js';
import { DEFAULT_AT } from '../schedule/config-sync.js';
import { nothingNewText } from '../schedule/deliver.js';
import { parseSubscribe, SUBSCRIBE_USAGE } from '../schedule/parse-subscribe.js';
import { describeSchedule, formatLocal, nextSlot } from '../schedule/slots.js';
import type { CommandContext, CommandDecl, DigestStore } from './command.js';

/** /digest: a channel's daily digests, over the store's subscriptions. */

const DEFAULT_STORIES = 5;

function storeOf(ctx: CommandContext): DigestStore {
  if (!ctx.store) throw new UserError('unavailable', 'Digests are not available here (no store is configured).');
  return ctx.store;
}

const usage = (problem: string): Reply => ({ kind: 'error', code: 'usage', text: `${problem}\nUsage: ${SUBSCRIBE_USAGE}` });

function topicsText(sub: Subscription): string {
  return sub.topics.length > 0 ? sub.topics.join(', ') : 'top stories';
}

function resumeAdvice(sub: Subscription): string {
  const fix = 'Fix the channel, then';
  if (sub.source === 'chat') return `${fix} subscribe again with the same topics and time to resume.`;
  // A cron schedule cannot be typed into /digest subscribe; a restart resumes any config digest.
  if (sub.at === undefined) return `${fix} restart the bot to resume (digests from the config file resume at start).`;
  return `${fix} subscribe again with the same topics and time, or restart the bot, to resume.`;
}

function sameRequest(sub: Subscription, at: string, timezone: string, topics: string[]): boolean {
  const norm = (ts: string[]) => ts.map((t) => t.toLowerCase()).sort().join('\n');
  return sub.at === at && sub.timezone === timezone && norm(sub.topics) === norm(topics);
}

function subscribe(ctx: CommandContext): Reply {
  const store = storeOf(ctx);
  const { settings, clock, req, logger } = ctx;
  const channel = req.channel;
  const parsed = parseSubscribe(ctx.args, { at: DEFAULT_AT, timezone: settings.defaultTimezone });
  if (!parsed.ok) return usage(parsed.problem);
  const { topics, at, timezone } = parsed.value;
  const now = clock.now();
  const existing = store.subscriptions.list({ channel });
  // Whatever its source: the same request names the same digest, and for a paused one from
  // the config file this is how /digest list says to resume it.
  const matching = existing.filter((s) => sameRequest(s, at, timezone, topics));
  const paused = matching.find((s) => s.pausedReason);
  if (paused) {
    store.subscriptions.resume(paused.id, now);
    logger.info({ subscription: paused.id, channel, user: req.user.id, source: paused.source }, 'digest subscription resumed');
    return { kind: 'text', text: `Resumed digest #${paused.id} (${topicsText(paused)}), daily at ${at} ${timezone}. It was paused because: ${paused.pausedReason}` };
  }
  const same = matching[0];
  if (same) return { kind: 'text', text: `This channel already has that digest: #${same.id} (${topicsText(same)}), daily at ${at} ${timezone}.`, private: true };
  const max = settings.digest.maxPerChannel;
  if (existing.length >= max) {
    return usage(`This channel already has ${existing.length} digests, the most allowed is ${max}. Remove one first with /digest unsubscribe <id>.`);
  }
  const sub = store.subscriptions.add({
    channel,
    at,
    timezone,
    topics,
    stories: DEFAULT_STORIES,
    source: 'chat',
    createdBy: req.user.id,
    createdAt: now,
  });
  logger.info({ subscription: sub.id, channel, user: req.user.id }, 'digest subscription added');
  const next = nextSlot(sub, now);
  return {
    kind: 'text',
    text: `Subscribed: digest #${sub.id} (${topicsText(sub)}) daily at ${at} ${timezone}.${next ? ` First one: ${formatLocal(next, timezone)}.` : ''}`,
  };
}

function list(ctx: CommandContext): Reply {
  const subs = storeOf(ctx).subscriptions.list({ channel: ctx.req.channel });
  if (subs.length === 0) {
    return { kind: 'text', text: 'No digests in this channel. An admin can add one with /digest subscribe [topic …] [at HH:MM] [tz Area/City].', private: true };
  }
  const now = ctx.clock.now();
  const lines = subs.map((sub) => {
    const head = `#${sub.id} · ${topicsText(sub)} · ${sub.at !== undefined ? 'daily at ' : ''}${describeSchedule(sub)}${sub.source === 'config' ? ' · from config' : ''}`;
    if (sub.pausedReason) {
      const when = sub.pausedAt ? ` since ${formatLocal(sub.pausedAt, sub.timezone)}` : '';
      return `${head}\n   paused${when}: ${sub.pausedReason}. ${resumeAdvice(sub)}`;
    }
    const next = nextSlot(sub, now);
    return `${head}\n   next: ${next ? formatLocal(next, sub.timezone) : 'none within a year'}`;
  });
  return { kind: 'text', text: [`Digests in this channel (${subs.length}):`, ...lines].join('\n'), private: true };
}

function unsubscribe(ctx: CommandContext): Reply {
  const store = storeOf(ctx);
  const { req } = ctx;
  const idText = ctx.args.trim();
  const id = /^#?(\d{1,12})$/.exec(idText)?.[1];
  const sub = id === undefined ? undefined : store.subscriptions.get(Number(id));
  if (!sub || sub.channel !== req.channel) {
    return { kind: 'error', code: 'usage', text: `There is no digest “${idText.slice(0, 20).replace(/[^\w#-]/g, '?')}” in this channel. /digest list shows the ids.` };
  }
  if (sub.source === 'config') {
    return { kind: 'error', code: 'usage', text: `Digest #${sub.id} comes from the bot's config file; remove it there (it would come back on restart).` };
  }
  store.subscriptions.remove(sub.id);
  ctx.logger.info({ subscription: sub.id, channel: req.channel, user: req.user.id }, 'digest subscription removed');
  return { kind: 'text', text: `Removed digest #${sub.id} (${topicsText(sub)}).` };
}

/**
 * A preview of what the next digest would hold: the channel's topics, since its last digest,
 * without what it has already seen. Nothing is marked posted, so the scheduled digest still
 * carries these stories for everyone who was not looking.
 */
function now(ctx: CommandContext): Reply {
  const store = storeOf(ctx);
  const channel: ChannelRef = ctx.req.channel;
  const subs = store.subscriptions.list({ channel });
  const topics = [...new Set(subs.flatMap((s) => s.topics))];
  const stories = Math.max(DEFAULT_STORIES, ...subs.map((s) => s.stories));
  const since = latest(subs.map((s) => store.ledger.lastComposedAt(s.id)));
  const composed = composeDigest(ctx.library(), { topics, stories, since, posted: store.posted.forChannel(channel), now: ctx.clock.now() });
  if (composed.empty) return { kind: 'text', text: nothingNewText(since, subs[0]?.timezone ?? ctx.settings.defaultTimezone) };
  return { kind: 'digest', digest: composed.digest };
}

function latest(dates: (Date | undefined)[]): Date | undefined {
  let best: Date | undefined;
  for (const d of dates) if (d && (!best || d > best)) best = d;
  return best;
}

export const digest: CommandDecl = {
  name: 'digest',
  description: 'This channel’s daily digests: now, subscribe, list or unsubscribe',
  examples: ['/digest subscribe china tech at 08:00 tz Europe/London'],
  // Discord lists /digest only for Manage Server by default; subscribe and unsubscribe check again.
  listedFor: 'admins',
  subcommands: [
    { name: 'now', description: 'The digest for this channel now', audience: 'channel', run: now },
    {
      name: 'subscribe',
      description: 'A daily digest in this channel',
      access: 'admins',
      audience: 'channel',
      options: [
        { name: 'topics', placeholder: 'topic …', description: 'Topics separated by spaces (china tech); empty: top stories', autocomplete: 'topics', maxLength: 200 },
        { name: 'at', keyword: 'at', placeholder: 'HH:MM', description: 'Time of day as HH:MM, 24-hour (08:00)', minLength: 4, maxLength: 5 },
        { name: 'tz', keyword: 'tz', placeholder: 'Area/City', description: 'Time zone as Area/City (Europe/London)', autocomplete: 'timezone', maxLength: 64 },
      ],
      run: subscribe,
    },
    { name: 'list', description: 'The digests of this channel', audience: 'asker', run: list },
    {
      name: 'unsubscribe',
      description: 'Remove one of this channel’s digests',
      access: 'admins',
      audience: 'channel',
      options: [{ name: 'id', description: 'The digest id, from /digest list', required: true, maxLength: 40 }],
      run: unsubscribe,
    },
  ],
};
