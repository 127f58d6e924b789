import type { Adapter } from '../chat/adapter.js';
import type { DigestPart, LedgerEntry, Subscription } from '../store/types.js';
import {
  adapterFor,
  idempotencyKey,
  leaseFor,
  logFor,
  noAdapter,
  refOf,
  settleFailed,
  settleMissed,
  tooLate,
  type DeliveryDeps,
  type SlotOutcome,
} from './delivery.js';
import { planDigest, type PlannedPart } from './plan.js';
import { lookFor, postParts } from './post-parts.js';

export { DEFAULT_LEASE_MS, graceMs, idempotencyKey, MIN_GRACE_MS, partKey, type DeliveryDeps, type RetryPolicy, type SlotOutcome } from './delivery.js';
export { nothingNewText } from './plan.js';

/**
 * Exactly-once delivery of one (subscription, slot): the ledger row is claimed as pending, with
 * the messages it will go out as, before anything is posted; each message carries its own
 * idempotency key and is recorded sent (with its documents) once it is in the channel. A pending
 * row left by a crash is settled by asking the platform which of its messages arrived.
 *
 * Several instances may share one database (a rolling deploy, two replicas), so a pending row is
 * not necessarily abandoned: it carries its owner and a lease, renewed before every attempt and
 * every backoff. Only a row whose lease has run out (or was released at shutdown) is taken over,
 * through one guarded UPDATE, so exactly one instance settles it.
 */

/** Due now: claim the slot and post it, unless some run already settled it. */
export async function deliverSlot(deps: DeliveryDeps, sub: Subscription, slot: Date): Promise<SlotOutcome> {
  const ref = refOf(sub, slot);
  const current = deps.store.subscriptions.get(sub.id);
  if (!current || current.pausedReason) return 'already';
  const existing = deps.store.ledger.get(ref);
  if (existing) return existing.state === 'pending' ? recoverAbandoned(deps, current, existing) : 'already';
  if (tooLate(deps, slot)) return recordMissedSlot(deps, current, slot, 'the bot was not running within the grace window');

  const key = idempotencyKey(deps.store, sub.id, slot);
  const log = logFor(deps, current, slot);
  const row = { slot: ref, channel: current.channel, key, now: deps.clock.now() };
  const adapter = adapterFor(deps, current);
  // Composed before claiming, so the claim and its messages are one write: the pending row is
  // durable before anything can reach the channel.
  const plan = adapter ? planDigest(deps, current, key, adapter) : { kind: 'error' as const, why: noAdapter(current) };
  if (plan.kind === 'error') {
    if (!deps.store.ledger.recordFailed({ ...row, why: plan.why })) return 'already';
    log.warn({ why: plan.why }, 'digest not posted');
    return 'failed';
  }
  if (plan.kind === 'empty') {
    if (!deps.store.ledger.recordSkipped({ ...row, composed: { at: plan.composedAt, docs: [] } })) return 'already';
    log.info('digest skipped: nothing new');
    return 'skipped';
  }
  const claimed = deps.store.ledger.claim({
    ...row,
    lease: leaseFor(deps),
    composed: { at: plan.composedAt, docs: plan.docs },
    parts: plan.parts,
  });
  if (!claimed) return 'already';
  if (deps.lookFirstUpTo && slot <= deps.lookFirstUpTo) {
    // The database lost recent writes: this slot may have gone out and its record been lost.
    log.warn('digest: the database lost recent writes, so this slot is looked for on the platform before it is posted');
    return settleInterrupted(deps, current, deps.store.ledger.get(ref)!, adapter!, plan.parts);
  }
  return postParts(deps, current, slot, adapter!, plan.parts);
}

/** Records a slot that will not be posted; a pending one is settled only if its holder is gone. */
export function recordMissedSlot(deps: DeliveryDeps, sub: Subscription, slot: Date, why: string): SlotOutcome {
  const ref = refOf(sub, slot);
  const now = deps.clock.now();
  const inserted = deps.store.ledger.recordMissed({ slot: ref, channel: sub.channel, key: idempotencyKey(deps.store, sub.id, slot), why, now });
  if (!inserted) {
    const entry = deps.store.ledger.get(ref);
    if (entry?.state !== 'pending') return 'already';
    // Pending: another instance may be posting it right now; only an abandoned row is ours to settle.
    if (!deps.store.ledger.takeOver({ slot: ref, lease: leaseFor(deps), now })) return 'busy';
    return settleMissed(deps, sub, slot, why);
  }
  deps.logger.warn({ subscription: sub.id, channel: sub.channel, slot: slot.toISOString(), why }, 'digest missed');
  return 'missed';
}

/**
 * A pending row found by a run or at start: settled here only if its holder's lease has run out
 * (a dead process, or one that released it when shutting down). A live holder, in this process or
 * another, is left to finish: 'busy'.
 */
export async function recoverAbandoned(deps: DeliveryDeps, sub: Subscription, entry: LedgerEntry): Promise<SlotOutcome> {
  const ref = { subscriptionId: entry.subscriptionId, slot: entry.slot };
  if (!deps.store.ledger.takeOver({ slot: ref, lease: leaseFor(deps), now: deps.clock.now() })) {
    deps.logger.debug({ subscription: sub.id, slot: entry.slot.toISOString(), owner: entry.owner }, 'digest slot held by a live instance; leaving it');
    return 'busy';
  }
  if (entry.owner) deps.logger.info({ subscription: sub.id, slot: entry.slot.toISOString(), from: entry.owner }, 'digest recovery: took over an abandoned slot');
  const adapter = adapterFor(deps, sub);
  if (!adapter) return settleFailed(deps, sub, entry.slot, `interrupted, and ${noAdapter(sub)}`);
  return settleInterrupted(deps, sub, entry, adapter);
}

/**
 * A pending row this instance holds, whose messages may or may not be in the channel (its holder
 * died or shut down mid-post, or the database lost the record). Each message not recorded sent
 * is looked for by its key: found, it is recorded sent with its documents; absent, it is composed
 * again (from the documents it was to show) and posted. When the platform cannot tell, the digest
 * is marked failed rather than risk posting it twice (chat platforms do not deduplicate across a
 * restart: Discord honours a nonce for a few minutes only).
 */
async function settleInterrupted(
  deps: DeliveryDeps,
  sub: Subscription,
  entry: LedgerEntry,
  adapter: Adapter,
  planned?: PlannedPart[],
): Promise<SlotOutcome> {
  const { store, clock } = deps;
  const slot = entry.slot;
  const ref = refOf(sub, slot);
  const log = logFor(deps, sub, slot);
  if (store.ledger.parts(ref).length === 0) {
    // A row from before digests had parts (or from a claim that planned none): one message, the slot's key.
    store.ledger.replanUnsent({ slot: ref, composedAt: entry.composedAt ?? clock.now(), parts: [{ part: 1, key: entry.idempotencyKey, docs: entry.docs }] });
  }
  const absent: DigestPart[] = [];
  let unknown = 0;
  const unsent = store.ledger.parts(ref).filter((p) => !p.sentAt);
  for (const part of unsent) {
    const found = await lookFor(deps, sub, slot, adapter, part.key);
    if (found === true) store.ledger.recordPartSent({ slot: ref, channel: sub.channel, part: part.part, messageIds: [], now: clock.now() });
    else if (found === false) absent.push(part);
    else unknown++;
  }
  const arrived = unsent.length - absent.length - unknown;
  if (unknown > 0) {
    const why = 'interrupted while posting, and the platform cannot tell whether it arrived: not posted again to avoid a duplicate';
    log.warn({ arrived, unknown }, why);
    return settleFailed(deps, sub, slot, why);
  }
  if (absent.length === 0) {
    store.ledger.recordSent({ slot: ref, now: clock.now() });
    log.info({ messages: arrived }, 'digest recovery: it was posted before the interruption; marked sent');
    return 'recovered';
  }
  if (tooLate(deps, slot)) return settleMissed(deps, sub, slot, 'interrupted, and now past the grace window');
  // The planned messages, when this process planned them; otherwise composed again from the
  // documents the missing ones were to show (none recorded: a plain reply, composed afresh).
  let parts = planned?.filter((p) => absent.some((a) => a.part === p.part));
  if (!parts) {
    const docs = absent.flatMap((p) => p.docs.map((d) => d.id));
    const plan = planDigest(deps, sub, entry.idempotencyKey, adapter, {
      only: docs.length > 0 ? new Set(docs) : undefined,
      numbers: absent.map((p) => p.part),
      of: store.ledger.parts(ref).length,
    });
    if (plan.kind === 'error') return settleFailed(deps, sub, slot, plan.why);
    if (plan.kind === 'empty') {
      if (arrived > 0 || absent.length < store.ledger.parts(ref).length) {
        store.ledger.recordSent({ slot: ref, now: clock.now() });
        return 'recovered';
      }
      store.ledger.settle({ slot: ref, state: 'skipped', why: 'nothing new', now: clock.now() });
      return 'skipped';
    }
    store.ledger.replanUnsent({ slot: ref, composedAt: plan.composedAt, parts: plan.parts });
    parts = plan.parts;
  }
  log.info({ arrived, missing: absent.length }, 'digest recovery: not (all) posted before the interruption; posting the rest now');
  return postParts(deps, sub, slot, adapter, parts);
}
