import { createHash } from 'node:crypto';
import { channelRef, parseChannelRef } from '../channels.js';
import { ConfigError, type AppConfig } from '../config.js';
import type { NewSubscription } from '../store/types.js';
import { cronProblem, isValidTimezone } from './slots.js';

/** The time of day of a digest that names none, from the config file or /digest subscribe. */
export const DEFAULT_AT = '08:00';

/**
 * config.digests as subscriptions. The key is the entry's content, so a restart finds the same
 * subscription (and its ledger), and an edited entry is a new subscription replacing the old one.
 * Throws ConfigError naming the entry at fault: a bad schedule should stop the start, not be skipped.
 */
export function configSubscriptions(config: AppConfig, now: Date): NewSubscription[] {
  if (!isValidTimezone(config.defaultTimezone)) {
    throw new ConfigError('defaultTimezone', `an IANA time zone like Europe/London or UTC, got "${config.defaultTimezone}"`);
  }
  return config.digests.map((entry, i) => {
    const ref = parseChannelRef(entry.channel);
    if (!ref) throw new ConfigError(`digests[${i}].channel`, 'a channel reference like "slack:C0123" or "discord:98765"');
    const timezone = entry.timezone ?? config.defaultTimezone;
    if (!isValidTimezone(timezone)) {
      throw new ConfigError(`digests[${i}].timezone`, `an IANA time zone like Europe/London or UTC, got "${timezone}"`);
    }
    const cron = entry.cron?.trim();
    if (cron !== undefined) {
      const problem = cronProblem(cron);
      if (problem) throw new ConfigError(`digests[${i}].cron`, problem);
    }
    const at = cron === undefined ? (entry.at ?? DEFAULT_AT) : undefined;
    const topics = entry.topics.map((t) => t.trim()).filter(Boolean);
    const canonical = JSON.stringify([entry.channel, at ?? null, cron ?? null, timezone, [...topics].map((t) => t.toLowerCase()).sort(), entry.stories]);
    return {
      channel: channelRef(ref.platform, ref.id),
      at,
      cron,
      timezone,
      topics,
      stories: entry.stories,
      source: 'config' as const,
      configKey: createHash('sha256').update(canonical).digest('hex').slice(0, 24),
      createdAt: now,
    };
  });
}
