import type { Adapter } from '../chat/adapter.js';
import { parseChannelRef } from '../chat/reply.js';
import type { AppConfig } from '../config.js';
import type { Logger } from '../log.js';
import type { Library } from '../news/library-api.js';
import type { Clock } from '../news/types.js';
import type { Lease, SlotRef, Store } from '../store/store.js';
import type { Subscription } from '../store/types.js';

/** What every step of a delivery shares, and the small rules they all follow. */

/** busy: another live instance holds the slot's lease and is posting it. */
export type SlotOutcome = 'sent' | 'skipped' | 'missed' | 'failed' | 'paused' | 'already' | 'recovered' | 'interrupted' | 'busy';

export interface RetryPolicy {
  /** Attempts in all for a transient error (rate limit, network), per message. */
  attempts: number;
  baseMs: number;
  maxMs: number;
}

export interface DeliveryDeps {
  store: Store;
  library: () => Library;
  adapters: ReadonlyMap<string, Adapter>;
  config: AppConfig;
  clock: Clock;
  logger: Logger;
  sleep: (ms: number) => Promise<void>;
  retry: RetryPolicy;
  /** Minimum gap between two posts in one channel (platforms allow about one a second). */
  channelGapMs: number;
  /** When stopping, no new attempt starts: the claim stays pending for the next start to settle. */
  stopping: () => boolean;
  /** When each channel last got a post (shared by the deliveries of a service). */
  lastPostAt: Map<string, number>;
  /** This scheduler instance, as the owner of the ledger rows it is posting; random per start. */
  owner: string;
  /** How long a claim stays ours without renewal; past it, another instance presumes us dead. */
  leaseMs: number;
  /**
   * Slots at or before this instant that have no ledger row are looked for on the platform before
   * being posted, as after a crash: the database lost recent writes (a missing -wal file), so "no
   * row" may mean "posted, and the record of it lost".
   */
  lookFirstUpTo?: Date;
}

/** The default lease: far longer than one post attempt, short enough that a crash is settled soon. */
export const DEFAULT_LEASE_MS = 2 * 60_000;

export const MIN_GRACE_MS = 5 * 60_000;

/**
 * How far before a slot a search for its messages starts. The platform stamps messages with its
 * own clock, which may be behind ours; the key, not the time, identifies the message.
 */
export const SEARCH_MARGIN_MS = 15 * 60_000;

/** "nb:<store instance>:<subscription id>:<slot>": the same slot of the same subscription, never anything else. */
export function idempotencyKey(store: Pick<Store, 'instanceId'>, subscriptionId: number, slot: Date): string {
  return `nb:${store.instanceId}:${subscriptionId}:${slot.toISOString()}`;
}

/** Message `part` of a slot: the slot's own key for the first, "<key>#2", "<key>#3"… after. */
export function partKey(slotKey: string, part: number): string {
  return part === 1 ? slotKey : `${slotKey}#${part}`;
}

/** How late a slot may still be posted: graceHours, but never less than a few minutes (a late timer tick). */
export function graceMs(config: AppConfig): number {
  return Math.max(MIN_GRACE_MS, config.digest.graceHours * 3600_000);
}

export function leaseFor(deps: DeliveryDeps, extraMs = 0): Lease {
  return { owner: deps.owner, until: new Date(deps.clock.now().getTime() + deps.leaseMs + extraMs) };
}

export function tooLate(deps: DeliveryDeps, slot: Date): boolean {
  return deps.clock.now().getTime() - slot.getTime() > graceMs(deps.config);
}

export function searchFrom(slot: Date): Date {
  return new Date(slot.getTime() - SEARCH_MARGIN_MS);
}

export function adapterFor(deps: DeliveryDeps, sub: Subscription): Adapter | undefined {
  const platform = parseChannelRef(sub.channel)?.platform;
  return platform ? deps.adapters.get(platform) : undefined;
}

export function noAdapter(sub: Subscription): string {
  return `no ${parseChannelRef(sub.channel)?.platform ?? 'unknown'} connection is configured`;
}

export function logFor(deps: DeliveryDeps, sub: Subscription, slot: Date): Logger {
  return deps.logger.child({ subscription: sub.id, channel: sub.channel, slot: slot.toISOString() });
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function refOf(sub: Subscription, slot: Date): SlotRef {
  return { subscriptionId: sub.id, slot };
}

/** Settles a pending row this instance holds as missed. */
export function settleMissed(deps: DeliveryDeps, sub: Subscription, slot: Date, why: string): SlotOutcome {
  deps.store.ledger.settle({ slot: refOf(sub, slot), state: 'missed', why, now: deps.clock.now() });
  logFor(deps, sub, slot).warn({ why }, 'digest missed');
  return 'missed';
}

/** Settles a pending row this instance holds as failed. */
export function settleFailed(deps: DeliveryDeps, sub: Subscription, slot: Date, why: string): SlotOutcome {
  deps.store.ledger.settle({ slot: refOf(sub, slot), state: 'failed', why, now: deps.clock.now() });
  return 'failed';
}
