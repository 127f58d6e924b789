import type { ChannelRef } from '../channels.js';

/** Where a subscription came from: the config file (synced at start) or a chat command. */
export type SubscriptionSource = 'config' | 'chat';

export interface Subscription {
  id: number;
  channel: ChannelRef;
  /** Daily local time "HH:MM"; exactly one of `at` and `cron` is set. */
  at?: string;
  cron?: string;
  timezone: string;
  topics: string[];
  stories: number;
  source: SubscriptionSource;
  /** For config subscriptions: what identifies the entry across restarts. */
  configKey?: string;
  createdBy?: string;
  pausedReason?: string;
  pausedAt?: Date;
  /** Slots before this never fire: the creation time, or when it was last resumed. */
  activeSince: Date;
  createdAt: Date;
}

/** What a caller gives to create one; the store assigns the rest. */
export type NewSubscription = Omit<Subscription, 'id' | 'pausedReason' | 'pausedAt' | 'activeSince'>;

/**
 * pending: claimed, maybe being posted (or the process died while posting);
 * sent: posted; skipped: nothing new and whenEmpty is "skip"; missed: the bot was down past the
 * grace window; failed: gave up (see `error`).
 */
export type LedgerState = 'pending' | 'sent' | 'skipped' | 'missed' | 'failed';

/** A document as it was when posted: a changed text has a different hash. */
export interface DocRef {
  id: string;
  hash: string;
}

/** One message of a digest: posted, recorded and recovered on its own. */
export interface DigestPart {
  /** 1, 2, …: the order the messages go out in. */
  part: number;
  /** Its idempotency key (the slot's key for part 1), which the platform message carries. */
  key: string;
  /** The documents this message shows; recorded as posted to the channel once it is sent. */
  docs: DocRef[];
  messageIds: string[];
  /** Undefined until it went out. */
  sentAt?: Date;
}

export interface LedgerEntry {
  subscriptionId: number;
  channel: ChannelRef;
  /** The scheduled instant. */
  slot: Date;
  state: LedgerState;
  idempotencyKey: string;
  messageIds: string[];
  /** The documents in the composed digest (kept so a recovered post can record them). */
  docs: DocRef[];
  attempts: number;
  error?: string;
  composedAt?: Date;
  createdAt: Date;
  updatedAt: Date;
  /** The scheduler instance posting it (pending rows); none on rows from before leases. */
  owner?: string;
  /** When `owner` claimed or took it over. */
  claimedAt?: Date;
  /** A pending row whose lease has run out (or that has none) is abandoned: another instance may settle it. */
  leaseUntil?: Date;
}
