import type { ChannelRef, Reply, UserRef } from '../chat/reply.js';
import type { AppConfig } from '../config.js';
import type { Logger } from '../log.js';
import type { Library } from '../news/library-api.js';
import type { Clock } from '../news/types.js';
import type { Store } from '../store/store.js';
import type { Subscription } from '../store/types.js';
import { composeDigest } from './compose.js';
import { nothingNewText } from './deliver.js';
import type { DigestCommands } from './digest-api.js';
import { parseSubscribe, SUBSCRIBE_USAGE } from './parse-subscribe.js';
import { describeSchedule, formatLocal, nextSlot } from './slots.js';

export interface CommandDeps {
  store: Store;
  library: () => Library;
  config: AppConfig;
  clock: Clock;
  logger: Logger;
  /** Called after subscriptions change, so the timers follow. */
  onChange: () => void;
}

export const DEFAULT_AT = '08:00';
const DEFAULT_STORIES = 5;

const usage = (problem: string): Reply => ({ kind: 'error', code: 'usage', text: `${problem}\nUsage: ${SUBSCRIBE_USAGE}` });

async function mayManage(deps: CommandDeps, channel: ChannelRef, user: UserRef): Promise<boolean | 'unknown'> {
  const platform = channel.split(':', 1)[0];
  if (deps.config.admins.includes(user.id) || deps.config.admins.includes(`${platform}:${user.id}`)) return true;
  try {
    return await user.isAdmin();
  } catch (err) {
    deps.logger.warn({ err: err instanceof Error ? err.message : String(err), channel }, 'digest: could not check admin rights');
    return 'unknown';
  }
}

const forbidden = (what: string): Reply => ({
  kind: 'error',
  code: 'forbidden',
  text: `Only workspace or server admins (or the admins in the bot's config) can ${what}.`,
});

const unknownRights: Reply = {
  kind: 'error',
  code: 'unavailable',
  text: 'I could not check whether you may change digests here. Nothing was changed; please try again in a moment.',
};

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

export function digestCommands(deps: CommandDeps): DigestCommands {
  const { store, clock, config } = deps;
  return {
    async subscribe(channel, text, user) {
      const rights = await mayManage(deps, channel, user);
      if (rights === 'unknown') return unknownRights;
      if (!rights) return forbidden('subscribe a channel to digests');
      const parsed = parseSubscribe(text, { at: DEFAULT_AT, timezone: config.defaultTimezone });
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
        deps.onChange();
        deps.logger.info({ subscription: paused.id, channel, user: user.id, source: paused.source }, 'digest subscription resumed');
        return { kind: 'text', text: `Resumed digest #${paused.id} (${topicsText(paused)}), daily at ${at} ${timezone}. It was paused because: ${paused.pausedReason}` };
      }
      const same = matching[0];
      if (same) return { kind: 'text', text: `This channel already has that digest: #${same.id} (${topicsText(same)}), daily at ${at} ${timezone}.`, private: true };
      if (existing.length >= config.digest.maxPerChannel) {
        return usage(`This channel already has ${existing.length} digests, the most allowed is ${config.digest.maxPerChannel}. Remove one first with /digest unsubscribe <id>.`);
      }
      const sub = store.subscriptions.add({
        channel,
        at,
        timezone,
        topics,
        stories: DEFAULT_STORIES,
        source: 'chat',
        createdBy: user.id,
        createdAt: now,
      });
      deps.onChange();
      deps.logger.info({ subscription: sub.id, channel, user: user.id }, 'digest subscription added');
      const next = nextSlot(sub, now);
      return {
        kind: 'text',
        text: `Subscribed: digest #${sub.id} (${topicsText(sub)}) daily at ${at} ${timezone}.${next ? ` First one: ${formatLocal(next, timezone)}.` : ''}`,
      };
    },

    async list(channel) {
      const subs = store.subscriptions.list({ channel });
      if (subs.length === 0) {
        return { kind: 'text', text: 'No digests in this channel. An admin can add one with /digest subscribe [topic …] [at HH:MM] [tz Area/City].', private: true };
      }
      const now = clock.now();
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
    },

    async unsubscribe(channel, idText, user) {
      const rights = await mayManage(deps, channel, user);
      if (rights === 'unknown') return unknownRights;
      if (!rights) return forbidden('remove a digest');
      const id = /^#?(\d{1,12})$/.exec(idText.trim())?.[1];
      const sub = id === undefined ? undefined : store.subscriptions.get(Number(id));
      if (!sub || sub.channel !== channel) {
        return { kind: 'error', code: 'usage', text: `There is no digest “${idText.trim().slice(0, 20).replace(/[^\w#-]/g, '?')}” in this channel. /digest list shows the ids.` };
      }
      if (sub.source === 'config') {
        return { kind: 'error', code: 'usage', text: `Digest #${sub.id} comes from the bot's config file; remove it there (it would come back on restart).` };
      }
      store.subscriptions.remove(sub.id);
      deps.onChange();
      deps.logger.info({ subscription: sub.id, channel, user: user.id }, 'digest subscription removed');
      return { kind: 'text', text: `Removed digest #${sub.id} (${topicsText(sub)}).` };
    },

    /**
     * A preview of what the next digest would hold: the channel's topics, since its last digest,
     * without what it has already seen. Nothing is marked posted, so the scheduled digest still
     * carries these stories for everyone who was not looking.
     */
    async now(channel) {
      const subs = store.subscriptions.list({ channel });
      const topics = [...new Set(subs.flatMap((s) => s.topics))];
      const stories = Math.max(DEFAULT_STORIES, ...subs.map((s) => s.stories));
      const since = latest(subs.map((s) => store.ledger.lastComposedAt(s.id)));
      const now = clock.now();
      const composed = composeDigest(deps.library(), { topics, stories, since, posted: store.posted.forChannel(channel), now });
      if (composed.empty) return { kind: 'text', text: nothingNewText(since, subs[0]?.timezone ?? config.defaultTimezone) };
      return { kind: 'digest', digest: composed.digest };
    },
  };
}

function latest(dates: (Date | undefined)[]): Date | undefined {
  let best: Date | undefined;
  for (const d of dates) if (d && (!best || d > best)) best = d;
  return best;
}
