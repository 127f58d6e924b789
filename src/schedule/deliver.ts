import type { Adapter } from '../chat/adapter.js';
import { parseChannelRef, type PostResult, type Reply } from '../chat/reply.js';
import type { AppConfig } from '../config.js';
import type { Logger } from '../log.js';
import type { Library } from '../news/library-api.js';
import type { Clock } from '../news/types.js';
import type { Store } from '../store/store.js';
import type { Lease, SlotRef } from '../store/ledger.js';
import type { DocRef, LedgerEntry, Subscription } from '../store/types.js';
import { composeDigest } from './compose.js';
import { formatLocal } from './slots.js';

/**
 * Exactly-once delivery of one (subscription, slot): the ledger row is claimed as pending before
 * anything is posted, every attempt carries the same idempotency key, and "sent" is written
 * together with the posted documents. A pending row left by a crash is settled by asking the
 * platform whether the key was posted (see recoverSlot).
 *
 * Several instances may share one database (a rolling deploy, two replicas), so a pending row is
 * not necessarily abandoned: it carries its owner and a lease, renewed before every attempt and
 * every backoff. Only a row whose lease has run out (or was released at shutdown) is taken over,
 * through one guarded UPDATE, so exactly one instance settles it.
 */

/** busy: another live instance holds the slot's lease and is posting it. */
export type SlotOutcome = 'sent' | 'skipped' | 'missed' | 'failed' | 'paused' | 'already' | 'recovered' | 'interrupted' | 'busy';

export interface RetryPolicy {
  /** Attempts in all for a transient error (rate limit, network). */
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
}

/** The default lease: far longer than one post attempt, short enough that a crash is settled soon. */
export const DEFAULT_LEASE_MS = 2 * 60_000;

export const MIN_GRACE_MS = 5 * 60_000;

/** "nb:<store instance>:<subscription id>:<slot>": the same slot of the same subscription, never anything else. */
export function idempotencyKey(store: Pick<Store, 'instanceId'>, subscriptionId: number, slot: Date): string {
  return `nb:${store.instanceId}:${subscriptionId}:${slot.toISOString()}`;
}

/** How late a slot may still be posted: graceHours, but never less than a few minutes (a late timer tick). */
export function graceMs(config: AppConfig): number {
  return Math.max(MIN_GRACE_MS, config.digest.graceHours * 3600_000);
}

function leaseFor(deps: DeliveryDeps, extraMs = 0): Lease {
  return { owner: deps.owner, until: new Date(deps.clock.now().getTime() + deps.leaseMs + extraMs) };
}

function tooLate(deps: DeliveryDeps, slot: Date): boolean {
  return deps.clock.now().getTime() - slot.getTime() > graceMs(deps.config);
}

/** Due now: claim the slot and post it, unless some run already settled it. */
export async function deliverSlot(deps: DeliveryDeps, sub: Subscription, slot: Date): Promise<SlotOutcome> {
  const ref = { subscriptionId: sub.id, slot };
  const key = idempotencyKey(deps.store, sub.id, slot);
  const current = deps.store.subscriptions.get(sub.id);
  if (!current || current.pausedReason) return 'already';
  const existing = deps.store.ledger.get(ref);
  if (existing) return existing.state === 'pending' ? recoverAbandoned(deps, current, existing) : 'already';
  if (tooLate(deps, slot)) return recordMissed(deps, sub, slot, 'the bot was not running within the grace window');

  const adapter = adapterFor(deps, current);
  const prepared = prepare(deps, current, key);
  const log = logFor(deps, current, slot);
  // Composed before claiming, so the claim and its contents are one write: the pending row is
  // durable before anything can reach the channel.
  if (!adapter || 'error' in prepared) {
    const why = 'error' in prepared ? prepared.error : noAdapter(current);
    const claim = deps.store.ledger.claim(ref, current.channel, key, deps.clock.now(), undefined, 'pending', leaseFor(deps));
    if (!claim.claimed) return 'already';
    deps.store.ledger.finish(ref, 'failed', deps.clock.now(), why);
    log.warn({ why }, 'digest not posted');
    return 'failed';
  }
  const composition = { at: prepared.composedAt, docs: prepared.docs };
  if (!prepared.reply) {
    const claim = deps.store.ledger.claim(ref, current.channel, key, deps.clock.now(), composition, 'skipped');
    if (!claim.claimed) return 'already';
    log.info('digest skipped: nothing new');
    return 'skipped';
  }
  const claim = deps.store.ledger.claim(ref, current.channel, key, deps.clock.now(), composition, 'pending', leaseFor(deps));
  if (!claim.claimed) return 'already';
  return postWithRetries(deps, current, slot, key, adapter, prepared.reply, prepared.docs);
}

export function recordMissed(deps: DeliveryDeps, sub: Subscription, slot: Date, why: string): SlotOutcome {
  const ref = { subscriptionId: sub.id, slot };
  const inserted = deps.store.ledger.recordMissed(ref, sub.channel, idempotencyKey(deps.store, sub.id, slot), deps.clock.now());
  if (!inserted) {
    const entry = deps.store.ledger.get(ref);
    if (entry?.state !== 'pending') return 'already';
    // Pending: another instance may be posting it right now; only an abandoned row is ours to settle.
    if (!deps.store.ledger.takeOver(ref, leaseFor(deps), deps.clock.now())) return 'busy';
    return settleMissed(deps, sub, ref, why);
  }
  deps.logger.warn({ subscription: sub.id, channel: sub.channel, slot: slot.toISOString(), why }, 'digest missed');
  return 'missed';
}

/** Settles a pending row this instance holds as missed. */
function settleMissed(deps: DeliveryDeps, sub: Subscription, ref: SlotRef, why: string): SlotOutcome {
  deps.store.ledger.finish(ref, 'missed', deps.clock.now(), why);
  deps.logger.warn({ subscription: sub.id, channel: sub.channel, slot: ref.slot.toISOString(), why }, 'digest missed');
  return 'missed';
}

/**
 * A pending row found by a run or at start: settled here only if its holder's lease has run out
 * (a dead process, or one that released it when shutting down). A live holder, in this process or
 * another, is left to finish: 'busy'.
 */
export async function recoverAbandoned(deps: DeliveryDeps, sub: Subscription, entry: LedgerEntry): Promise<SlotOutcome> {
  const ref = { subscriptionId: entry.subscriptionId, slot: entry.slot };
  if (!deps.store.ledger.takeOver(ref, leaseFor(deps), deps.clock.now())) {
    deps.logger.debug({ subscription: sub.id, slot: entry.slot.toISOString(), owner: entry.owner }, 'digest slot held by a live instance; leaving it');
    return 'busy';
  }
  if (entry.owner) deps.logger.info({ subscription: sub.id, slot: entry.slot.toISOString(), from: entry.owner }, 'digest recovery: took over an abandoned slot');
  return recoverSlot(deps, sub, entry);
}

/**
 * A pending row this instance has just taken over: the process that claimed it died (or shut
 * down) between claiming and completing it. The platform says whether the key was posted; when it
 * cannot tell, the digest is marked failed rather than risk posting it twice (chat platforms do
 * not deduplicate across a restart: Discord honours a nonce for a few minutes only).
 */
async function recoverSlot(deps: DeliveryDeps, sub: Subscription, entry: LedgerEntry): Promise<SlotOutcome> {
  const ref = { subscriptionId: entry.subscriptionId, slot: entry.slot };
  const log = deps.logger.child({ subscription: sub.id, channel: sub.channel, slot: entry.slot.toISOString() });
  const adapter = adapterFor(deps, sub);
  let found: boolean | 'unknown' = 'unknown';
  if (adapter?.findPosted) {
    try {
      found = await adapter.findPosted(sub.channel, entry.idempotencyKey, entry.slot);
    } catch (err) {
      log.warn({ err: errorText(err) }, 'digest recovery: could not ask the platform');
    }
  }
  if (found === true) {
    deps.store.completeSent(ref, sub.channel, entry.messageIds, entry.docs, deps.clock.now());
    log.info('digest recovery: it was posted before the interruption; marked sent');
    return 'recovered';
  }
  if (found === false) {
    if (tooLate(deps, entry.slot)) return settleMissed(deps, sub, ref, 'interrupted, and now past the grace window');
    log.info('digest recovery: not posted before the interruption; posting now');
    return postClaimed(deps, sub, entry.slot, entry.idempotencyKey);
  }
  const why = 'interrupted while posting, and the platform cannot tell whether it arrived: not posted again to avoid a duplicate';
  deps.store.ledger.finish(ref, 'failed', deps.clock.now(), why);
  log.warn(why);
  return 'failed';
}

function adapterFor(deps: DeliveryDeps, sub: Subscription): Adapter | undefined {
  const platform = parseChannelRef(sub.channel)?.platform;
  return platform ? deps.adapters.get(platform) : undefined;
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

interface Prepared {
  /** Undefined: nothing new, and whenEmpty says skip. */
  reply?: Reply;
  docs: DocRef[];
  composedAt: Date;
}

function noAdapter(sub: Subscription): string {
  return `no ${parseChannelRef(sub.channel)?.platform ?? 'unknown'} connection is configured`;
}

function logFor(deps: DeliveryDeps, sub: Subscription, slot: Date): Logger {
  return deps.logger.child({ subscription: sub.id, channel: sub.channel, slot: slot.toISOString() });
}

/** What the digest would say now; never throws (a library failure is an error to record). */
function prepare(deps: DeliveryDeps, sub: Subscription, key: string): Prepared | { error: string } {
  const { store, clock } = deps;
  const since = store.ledger.lastComposedAt(sub.id);
  try {
    const composedAt = clock.now();
    const composed = composeDigest(deps.library(), {
      topics: sub.topics,
      stories: sub.stories,
      since,
      posted: store.posted.forChannel(sub.channel),
      now: composedAt,
    });
    if (!composed.empty) return { reply: { kind: 'digest', digest: composed.digest, marker: key }, docs: composed.docs, composedAt };
    if (deps.config.digest.whenEmpty === 'skip') return { docs: [], composedAt };
    return { reply: { kind: 'text', text: nothingNewText(since, sub.timezone) }, docs: [], composedAt };
  } catch (err) {
    deps.logger.error({ err, subscription: sub.id }, 'digest could not be composed');
    return { error: `could not compose: ${errorText(err)}` };
  }
}

/** A claimed (pending) slot found not posted after an interruption: compose again and post. */
async function postClaimed(deps: DeliveryDeps, sub: Subscription, slot: Date, key: string): Promise<SlotOutcome> {
  const { store, clock } = deps;
  const ref = { subscriptionId: sub.id, slot };
  const adapter = adapterFor(deps, sub);
  const prepared = prepare(deps, sub, key);
  if (!adapter || 'error' in prepared) {
    const why = 'error' in prepared ? prepared.error : noAdapter(sub);
    store.ledger.finish(ref, 'failed', clock.now(), why);
    logFor(deps, sub, slot).warn({ why }, 'digest not posted');
    return 'failed';
  }
  store.ledger.setComposed(ref, prepared.composedAt, prepared.docs);
  if (!prepared.reply) {
    store.ledger.finish(ref, 'skipped', clock.now(), 'nothing new');
    return 'skipped';
  }
  return postWithRetries(deps, sub, slot, key, adapter, prepared.reply, prepared.docs);
}

async function postWithRetries(
  deps: DeliveryDeps,
  sub: Subscription,
  slot: Date,
  key: string,
  adapter: Adapter,
  reply: Reply,
  docs: DocRef[],
): Promise<SlotOutcome> {
  const { store, clock } = deps;
  const ref = { subscriptionId: sub.id, slot };
  const log = logFor(deps, sub, slot);
  for (let attempt = 1; ; attempt++) {
    if (deps.stopping()) {
      // Left pending: a failed attempt (a timeout) may still have arrived, so the next start asks
      // the platform before posting again.
      log.info('shutting down: digest left pending for the next start');
      return 'interrupted';
    }
    await waitForChannel(deps, sub.channel);
    // Renewed before every attempt; lost means another instance presumed us dead and took the
    // slot over (or we released it shutting down), so posting now could make a duplicate.
    if (!store.ledger.renew(ref, leaseFor(deps), clock.now())) {
      log.warn('digest not posted by this instance: its claim on the slot lapsed and the slot is no longer ours');
      return 'busy';
    }
    let result: PostResult;
    // One attempt can outlast the lease (an adapter waiting out a rate limit): keep it alive while
    // this process is, so only a dead holder's lease runs out.
    const keepAlive = setInterval(() => {
      try {
        store.ledger.renew(ref, leaseFor(deps), clock.now());
      } catch {
        // the store is closed (shutdown): nothing left to hold
      }
    }, Math.max(1000, Math.floor(deps.leaseMs / 3)));
    keepAlive.unref();
    try {
      result = await adapter.post(sub.channel, reply, { idempotencyKey: key });
    } catch (err) {
      // An adapter should return a PostResult; a throw is most likely the network, so retry it.
      result = { ok: false, error: 'unknown', permanent: false, detail: errorText(err) };
    } finally {
      clearInterval(keepAlive);
    }
    deps.lastPostAt.set(sub.channel, clock.now().getTime());
    if (result.ok) {
      store.completeSent(ref, sub.channel, result.messageIds, docs, clock.now());
      log.info({ attempts: attempt, messages: result.messageIds.length }, 'digest posted');
      return 'sent';
    }
    const problem = `${result.error}: ${result.detail}`;
    store.ledger.recordAttempt(ref, clock.now(), problem);
    if (result.permanent) {
      store.ledger.finish(ref, 'failed', clock.now(), problem);
      if (result.error === 'invalid_auth') {
        // The token, not the channel: pausing every subscription would outlive the fix.
        log.error({ error: result.error }, 'digest not posted: the platform rejected the bot token');
        return 'failed';
      }
      store.subscriptions.pause(sub.id, problem, clock.now());
      log.warn({ error: result.error, detail: result.detail }, 'digest subscription paused: the channel refuses posts');
      return 'paused';
    }
    if (attempt >= deps.retry.attempts) {
      store.ledger.finish(ref, 'failed', clock.now(), `gave up after ${attempt} attempts: ${problem}`);
      log.error({ error: result.error, detail: result.detail, attempts: attempt }, 'digest not posted: still failing after retries');
      return 'failed';
    }
    const backoff = Math.min(deps.retry.maxMs, deps.retry.baseMs * 2 ** (attempt - 1));
    const wait = Math.max(backoff, result.retryAfterMs ?? 0);
    log.info({ error: result.error, attempt, waitMs: wait }, 'digest post failed; retrying');
    store.ledger.renew(ref, leaseFor(deps, wait), clock.now());
    await deps.sleep(wait);
  }
}

async function waitForChannel(deps: DeliveryDeps, channel: string): Promise<void> {
  const last = deps.lastPostAt.get(channel);
  if (last === undefined) return;
  const wait = last + deps.channelGapMs - deps.clock.now().getTime();
  if (wait > 0) await deps.sleep(wait);
}

export function nothingNewText(since: Date | undefined, zone: string): string {
  return since ? `No new stories since ${formatLocal(since, zone)}.` : 'No stories to report yet.';
}
