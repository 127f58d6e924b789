import { z } from 'zod';
import type { ChannelRef } from '../channels.js';

/** Rows come back from SQLite as unknown; these schemas are the one place they get a type. */

const channel = z.string().regex(/^(slack|discord|console):.+$/).transform((s) => s as ChannelRef);
const date = z.string().transform((s) => new Date(s));
const optionalDate = z.string().nullable().transform((s) => (s === null ? undefined : new Date(s)));
const optionalText = z.string().nullable().transform((s) => s ?? undefined);
const jsonOf = <T extends z.ZodType>(schema: T) =>
  z.string().transform((s, ctx): z.infer<T> => {
    const parsed = schema.safeParse(JSON.parse(s));
    if (parsed.success) return parsed.data;
    ctx.addIssue({ code: 'custom', message: 'stored JSON has the wrong shape' });
    return z.NEVER;
  });

export const subscriptionRow = z
  .object({
    id: z.number().int(),
    channel,
    at: optionalText,
    cron: optionalText,
    timezone: z.string(),
    topics: jsonOf(z.array(z.string())),
    stories: z.number().int(),
    source: z.enum(['config', 'chat']),
    config_key: optionalText,
    created_by: optionalText,
    paused_reason: optionalText,
    paused_at: optionalDate,
    active_since: date,
    created_at: date,
  })
  .transform((r) => ({
    id: r.id,
    channel: r.channel,
    at: r.at,
    cron: r.cron,
    timezone: r.timezone,
    topics: r.topics,
    stories: r.stories,
    source: r.source,
    configKey: r.config_key,
    createdBy: r.created_by,
    pausedReason: r.paused_reason,
    pausedAt: r.paused_at,
    activeSince: r.active_since,
    createdAt: r.created_at,
  }));

export const docRefs = z.array(z.object({ id: z.string(), hash: z.string() }));

export const ledgerRow = z
  .object({
    subscription_id: z.number().int(),
    slot: date,
    channel,
    state: z.enum(['pending', 'sent', 'skipped', 'missed', 'failed']),
    idempotency_key: z.string(),
    message_ids: jsonOf(z.array(z.string())),
    docs: jsonOf(docRefs),
    attempts: z.number().int(),
    error: optionalText,
    composed_at: optionalDate,
    created_at: date,
    updated_at: date,
    owner: optionalText,
    claimed_at: optionalDate,
    lease_until: optionalDate,
  })
  .transform((r) => ({
    subscriptionId: r.subscription_id,
    slot: r.slot,
    channel: r.channel,
    state: r.state,
    idempotencyKey: r.idempotency_key,
    messageIds: r.message_ids,
    docs: r.docs,
    attempts: r.attempts,
    error: r.error,
    composedAt: r.composed_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    owner: r.owner,
    claimedAt: r.claimed_at,
    leaseUntil: r.lease_until,
  }));

export const digestPartRow = z
  .object({
    subscription_id: z.number().int(),
    slot: date,
    part: z.number().int(),
    idempotency_key: z.string(),
    docs: jsonOf(docRefs),
    message_ids: jsonOf(z.array(z.string())),
    sent_at: optionalDate,
  })
  .transform((r) => ({ part: r.part, key: r.idempotency_key, docs: r.docs, messageIds: r.message_ids, sentAt: r.sent_at }));

export const postedRow = z.object({ doc_id: z.string(), content_hash: z.string() });
export const configKeyRow = z.object({ id: z.number().int(), config_key: z.string() });
