import type { Adapter } from '../chat/adapter.js';
import type { Reply } from '../chat/reply.js';
import { partTitle } from '../chat/split-digest.js';
import type { DocRef, PartPlan } from '../store/store.js';
import type { Subscription } from '../store/types.js';
import { composeDigest, digestDocs } from './compose.js';
import { errorText, partKey, type DeliveryDeps } from './delivery.js';
import { formatLocal } from './slots.js';

/** What a slot's digest says now, and the messages it goes out as. */

/**
 * How long before the previous digest a story may have been published and still count as new
 * when it arrives after it: as long as the longest grace window (a bot or a feed down for up to
 * three days), not a new feed's whole archive.
 */
const LATE_ARRIVAL_MS = 72 * 3_600_000;
/** Ranked like any other candidate, so a bound only keeps one query small after a flood. */
const LATE_ARRIVALS_MAX = 5_000;

/** One message to post: its part number, key, what it shows and the reply that says it. */
export interface PlannedPart extends PartPlan {
  reply: Reply;
}

export type Plan =
  | { kind: 'post'; composedAt: Date; docs: DocRef[]; parts: PlannedPart[] }
  /** Nothing new, and whenEmpty says skip. */
  | { kind: 'empty'; composedAt: Date }
  | { kind: 'error'; why: string };

export interface PlanOptions {
  /** Only these documents (recovery: what the messages that never went out were to show). */
  only?: ReadonlySet<string>;
  /** The part numbers to give the messages, in order; more messages than numbers continue after the last. */
  numbers?: number[];
  /** How many messages the digest has in all (recovery: titles say "(2/3)" as the first ones did). */
  of?: number;
}

/** Composes the digest and splits it the way the platform posts it; never throws (a failure is a plan of kind 'error'). */
export function planDigest(deps: DeliveryDeps, sub: Subscription, slotKey: string, adapter: Adapter, opts: PlanOptions = {}): Plan {
  const { store, clock } = deps;
  const since = store.ledger.lastComposedAt(sub.id);
  let reply: Reply;
  let composedAt: Date;
  try {
    composedAt = clock.now();
    const composed = composeDigest(deps.library(), {
      topics: sub.topics,
      stories: sub.stories,
      since,
      lateArrivals: since ? store.arrivals.late(since.getTime(), since.getTime() - LATE_ARRIVAL_MS, LATE_ARRIVALS_MAX) : [],
      posted: store.posted.forChannel(sub.channel),
      only: opts.only,
      now: composedAt,
    });
    if (!composed.empty) reply = { kind: 'digest', digest: composed.digest };
    else if (opts.only || deps.config.digest.whenEmpty === 'skip') return { kind: 'empty', composedAt };
    else reply = { kind: 'text', text: nothingNewText(since, sub.timezone) };
  } catch (err) {
    deps.logger.error({ err, subscription: sub.id }, 'digest could not be composed');
    return { kind: 'error', why: `could not compose: ${errorText(err)}` };
  }
  let pieces: Reply[];
  try {
    pieces = adapter.split ? adapter.split(reply) : [reply];
  } catch (err) {
    deps.logger.error({ err, subscription: sub.id }, 'digest could not be split into messages');
    return { kind: 'error', why: `could not split into messages: ${errorText(err)}` };
  }
  const numbers = numbering(opts.numbers ?? [], pieces.length);
  const of = Math.max(opts.of ?? 0, ...numbers);
  const parts = pieces.map((piece, i): PlannedPart => {
    const part = numbers[i]!;
    const key = partKey(slotKey, part);
    if (piece.kind !== 'digest') return { part, key, docs: [], reply: piece };
    // Composed again for recovery: titled as the part it is among those already posted.
    const digest = opts.numbers && of > 1 && reply.kind === 'digest' ? { ...piece.digest, title: partTitle(reply.digest.title, part, of) } : piece.digest;
    return { part, key, docs: digestDocs(digest), reply: { ...piece, digest, marker: key } };
  });
  return { kind: 'post', composedAt, docs: parts.flatMap((p) => p.docs), parts };
}

function numbering(given: number[], count: number): number[] {
  const out = given.slice(0, count);
  let next = Math.max(0, ...given) + 1;
  while (out.length < count) out.push(next++);
  return out;
}

export function nothingNewText(since: Date | undefined, zone: string): string {
  return since ? `No new stories since ${formatLocal(since, zone)}.` : 'No stories to report yet.';
}
