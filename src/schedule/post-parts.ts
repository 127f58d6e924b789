import type { Adapter } from '../chat/adapter.js';
import type { PostResult } from '../chat/reply.js';
import type { Subscription } from '../store/types.js';
import {
  errorText,
  leaseFor,
  logFor,
  refOf,
  searchFrom,
  settleFailed,
  type DeliveryDeps,
  type SlotOutcome,
} from './delivery.js';
import type { PlannedPart } from './plan.js';

/**
 * The one post path, for a slot this instance holds (just claimed, or taken over after a crash):
 * the messages go out in order, each retried on its own and recorded sent (with its documents) as
 * soon as it is in the channel; the slot is sent once all are.
 *
 * An answer that never came (a timeout, a 5xx, a connection reset after sending) is not a
 * failure: the message may be in the channel. Before sending it again, the platform is asked for
 * it by its key, exactly as after a crash; when the platform cannot tell, the digest is marked
 * failed rather than risk posting it twice.
 */
export async function postParts(deps: DeliveryDeps, sub: Subscription, slot: Date, adapter: Adapter, parts: PlannedPart[]): Promise<SlotOutcome> {
  for (const part of parts) {
    const outcome = await postPart(deps, sub, slot, adapter, part, parts.length);
    if (outcome !== 'sent') return outcome;
  }
  deps.store.ledger.recordSent({ slot: refOf(sub, slot), now: deps.clock.now() });
  logFor(deps, sub, slot).info({ messages: parts.length }, 'digest posted');
  return 'sent';
}

/** Whether a message with this key is in the channel: true, false, or 'unknown' (including a failed lookup). */
export async function lookFor(deps: DeliveryDeps, sub: Subscription, slot: Date, adapter: Adapter, key: string): Promise<boolean | 'unknown'> {
  if (!adapter.findPosted) return 'unknown';
  try {
    return await adapter.findPosted(sub.channel, key, searchFrom(slot));
  } catch (err) {
    logFor(deps, sub, slot).warn({ err: errorText(err) }, 'digest: could not ask the platform whether a message arrived');
    return 'unknown';
  }
}

async function postPart(
  deps: DeliveryDeps,
  sub: Subscription,
  slot: Date,
  adapter: Adapter,
  part: PlannedPart,
  of: number,
): Promise<SlotOutcome> {
  const { store, clock } = deps;
  const ref = refOf(sub, slot);
  const log = logFor(deps, sub, slot).child({ part: part.part, of });
  const sent = (messageIds: string[]): SlotOutcome => {
    store.ledger.recordPartSent({ slot: ref, channel: sub.channel, part: part.part, messageIds, now: clock.now() });
    return 'sent';
  };
  /** After an ambiguous answer: did it arrive after all? */
  const settleUncertain = async (): Promise<SlotOutcome | undefined> => {
    const found = await lookFor(deps, sub, slot, adapter, part.key);
    if (found === true) {
      log.info('digest message arrived although the platform did not say so; not sending it again');
      return sent([]);
    }
    if (found === 'unknown') {
      const why = 'the platform did not confirm a message and cannot tell whether it arrived: not sent again, to avoid a duplicate';
      log.warn(why);
      return settleFailed(deps, sub, slot, why);
    }
    return undefined;
  };

  let uncertain = false;
  for (let attempt = 1; ; attempt++) {
    if (deps.stopping()) {
      // Left pending: the next start (or another instance) asks the platform before posting again.
      log.info('shutting down: digest left pending for the next start');
      return 'interrupted';
    }
    await waitForChannel(deps, sub.channel);
    // Renewed before every attempt; lost means another instance presumed us dead and took the
    // slot over (or we released it shutting down), so posting now could make a duplicate.
    if (!store.ledger.renewLease({ slot: ref, lease: leaseFor(deps), now: clock.now() })) {
      log.warn('digest not posted by this instance: its claim on the slot lapsed and the slot is no longer ours');
      return 'busy';
    }
    if (uncertain) {
      const settled = await settleUncertain();
      if (settled) return settled;
    }
    const result = await postHoldingLease(deps, ref, () => adapter.post(sub.channel, part.reply, { idempotencyKey: part.key }));
    deps.lastPostAt.set(sub.channel, clock.now().getTime());
    if (result.ok) {
      if (attempt > 1) log.info({ attempts: attempt }, 'digest message posted after retrying');
      return sent(result.messageIds);
    }
    const problem = `${result.error}: ${result.detail}`;
    store.ledger.recordFailedAttempt({ slot: ref, error: problem, now: clock.now() });
    uncertain = result.uncertain === true;
    if (result.permanent) return refused(deps, sub, slot, result, problem, log);
    if (attempt >= deps.retry.attempts) {
      if (uncertain) {
        const settled = await settleUncertain();
        if (settled) return settled;
      }
      log.error({ error: result.error, detail: result.detail, attempts: attempt }, 'digest not posted: still failing after retries');
      return settleFailed(deps, sub, slot, `gave up after ${attempt} attempts: ${problem}`);
    }
    const backoff = Math.min(deps.retry.maxMs, deps.retry.baseMs * 2 ** (attempt - 1));
    const wait = Math.max(backoff, result.retryAfterMs ?? 0);
    log.info({ error: result.error, attempt, waitMs: wait, uncertain }, 'digest post failed; retrying');
    store.ledger.renewLease({ slot: ref, lease: leaseFor(deps, wait), now: clock.now() });
    await deps.sleep(wait);
  }
}

/** A permanent refusal: whose fault decides whether the subscription is paused. */
function refused(
  deps: DeliveryDeps,
  sub: Subscription,
  slot: Date,
  result: Extract<PostResult, { ok: false }>,
  problem: string,
  log: ReturnType<typeof logFor>,
): SlotOutcome {
  settleFailed(deps, sub, slot, problem);
  if (result.error === 'invalid_auth') {
    // The token, not the channel: pausing every subscription would outlive the fix.
    log.error({ error: result.error }, 'digest not posted: the platform rejected the bot token');
    return 'failed';
  }
  if (result.error === 'invalid_message') {
    // newsbrief built a message the platform refuses: a bug to fix here, not a reason to stop
    // the channel's daily digest. Tomorrow's digest is different and may well go out.
    log.error(
      { error: result.error, detail: result.detail },
      'BUG: the platform refused a digest message newsbrief built (it should never send one); this digest is marked failed, the subscription stays active',
    );
    return 'failed';
  }
  deps.store.subscriptions.pause(sub.id, problem, deps.clock.now());
  log.warn({ error: result.error, detail: result.detail }, 'digest subscription paused: the channel refuses posts');
  return 'paused';
}

/**
 * One attempt can outlast the lease (an adapter waiting out a rate limit, a slow answer): keep it
 * alive while this process is, so only a dead holder's lease runs out. A throw is most likely
 * the network, after the request may have gone out: retried, after looking.
 */
async function postHoldingLease(deps: DeliveryDeps, ref: ReturnType<typeof refOf>, post: () => Promise<PostResult>): Promise<PostResult> {
  const keepAlive = setInterval(() => {
    try {
      deps.store.ledger.renewLease({ slot: ref, lease: leaseFor(deps), now: deps.clock.now() });
    } catch {
      // the store is closed (shutdown): nothing left to hold
    }
  }, Math.max(1000, Math.floor(deps.leaseMs / 3)));
  keepAlive.unref();
  try {
    return await post();
  } catch (err) {
    return { ok: false, error: 'unknown', permanent: false, detail: errorText(err), uncertain: true };
  } finally {
    clearInterval(keepAlive);
  }
}

async function waitForChannel(deps: DeliveryDeps, channel: string): Promise<void> {
  const last = deps.lastPostAt.get(channel);
  if (last === undefined) return;
  const wait = last + deps.channelGapMs - deps.clock.now().getTime();
  if (wait > 0) await deps.sleep(wait);
}
