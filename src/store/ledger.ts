import type Database from 'better-sqlite3';
import type { ChannelRef } from '../channels.js';
import type { PostedRepo } from './posted.js';
import { digestPartRow, ledgerRow } from './rows.js';
import type { DigestPart, DocRef, LedgerEntry } from './types.js';

/**
 * The digest ledger: one row per (subscription, scheduled slot), written before anything is
 * posted, and one row per message ("part") of that digest. Each operation is named for the step
 * of a delivery it records.
 *
 * What exactly-once needs from these tables (for retention pruning, see `safeToPruneBefore`):
 * - a row must outlive every process that could still run its slot: a slot with no row and
 *   inside the grace window is posted (again), so never delete a row whose slot is younger than
 *   the grace window (`digest.graceHours`, at least 5 minutes) plus the lease;
 * - never delete a pending row, whatever its age: it is the only trace of a post that may be
 *   in the channel (crash recovery asks the platform for its key);
 * - `lastComposedAt` reads the newest sent or skipped row of a subscription: keep at least that
 *   one per subscription, or the next digest starts from "the current top stories" again;
 * - parts go with their slot row (ON DELETE CASCADE); posted_documents rows are independent and
 *   only make a digest leave out stories the channel has seen (pruning them can repeat a story,
 *   never a digest).
 */

export interface SlotRef {
  subscriptionId: number;
  slot: Date;
}

/** Who holds a pending row, and until when: past `until` the holder is presumed dead. */
export interface Lease {
  owner: string;
  until: Date;
}

export interface Composition {
  at: Date;
  docs: DocRef[];
}

/** One message of a digest as planned: its own idempotency key and the documents it shows. */
export interface PartPlan {
  part: number;
  key: string;
  docs: DocRef[];
}

interface Settled {
  slot: SlotRef;
  channel: ChannelRef;
  key: string;
  now: Date;
}

export interface LedgerRepo {
  /**
   * Claims a due slot for posting: inserts it as pending, held by `lease.owner`, with what was
   * composed for it and its parts, in one transaction. False when the slot already had a row
   * (the UNIQUE key makes the check and the insert one step).
   */
  claim(o: Settled & { lease: Lease; composed: Composition; parts: PartPlan[] }): boolean;
  /** Nothing new to post (whenEmpty "skip"): settles the slot at once. False if it had a row. */
  recordSkipped(o: Settled & { composed: Composition }): boolean;
  /** A slot that will never be posted (the bot was down past the grace window). False if it had a row. */
  recordMissed(o: Settled & { why: string }): boolean;
  /** A slot given up before any post (nothing to post with, could not compose). False if it had a row. */
  recordFailed(o: Settled & { why: string }): boolean;
  get(slot: SlotRef): LedgerEntry | undefined;
  /** The slot's messages, in order. */
  parts(slot: SlotRef): DigestPart[];
  /**
   * Pending rows `owner` may take over at `now`: held by someone else (or no one) whose lease has
   * run out or was released. Oldest slot first.
   */
  abandoned(o: { owner: string; now: Date }): LedgerEntry[];
  /**
   * Makes `lease.owner` the holder of an abandoned pending row (see `abandoned`). One guarded
   * UPDATE, so of two instances trying at once exactly one gets true.
   */
  takeOver(o: { slot: SlotRef; lease: Lease; now: Date }): boolean;
  /** Extends a lease its owner still holds; false when the row is settled, released or taken over. */
  renewLease(o: { slot: SlotRef; lease: Lease; now: Date }): boolean;
  /** Gives up `owner`'s leases on its pending rows (shutting down), so the next start settles them at once. */
  releaseLeases(o: { owner: string; now: Date }): number;
  /**
   * Recovery composed the parts that never went out again: they replace the unsent parts (sent
   * ones stay as they are), and the composition time moves to now.
   */
  replanUnsent(o: { slot: SlotRef; composedAt: Date; parts: PartPlan[] }): void;
  /** A post attempt that did not go through (it is counted, and its error kept). */
  recordFailedAttempt(o: { slot: SlotRef; error: string; now: Date }): void;
  /**
   * One message went out: marks the part sent and records its documents as posted to the
   * channel, in one transaction (a crash leaves both or neither).
   */
  recordPartSent(o: { slot: SlotRef; channel: ChannelRef; part: number; messageIds: string[]; now: Date }): void;
  /** Every part went out: the slot is sent. */
  recordSent(o: { slot: SlotRef; now: Date }): void;
  /** Settles a pending row; false when it was already settled (by another instance). */
  settle(o: { slot: SlotRef; state: 'failed' | 'missed' | 'skipped'; why: string; now: Date }): boolean;
  /** When the subscription's latest delivered (sent or skipped) digest was composed. */
  lastComposedAt(subscriptionId: number): Date | undefined;
}

/**
 * The instant before which a settled (not pending) ledger row may be deleted by retention: its
 * slot is older than the grace window and every lease, so no scheduler can run it again.
 */
export function safeToPruneBefore(now: Date, graceMs: number, leaseMs: number): Date {
  return new Date(now.getTime() - graceMs - leaseMs - 60_000);
}

export function ledgerRepo(db: Database.Database, posted: PostedRepo): LedgerRepo {
  const insert = db.prepare(
    `INSERT INTO digest_ledger (subscription_id, slot, channel, state, idempotency_key, composed_at, docs, error, created_at, updated_at, owner, claimed_at, lease_until)
     VALUES (@sid, @slot, @channel, @state, @key, @composedAt, @docs, @error, @now, @now, @owner, @claimedAt, @until)
     ON CONFLICT (subscription_id, slot) DO NOTHING`,
  );
  const insertPart = db.prepare(
    'INSERT INTO digest_parts (subscription_id, slot, part, idempotency_key, docs) VALUES (@sid, @slot, @part, @key, @docs)',
  );
  const deleteUnsent = db.prepare('DELETE FROM digest_parts WHERE subscription_id = @sid AND slot = @slot AND sent_at IS NULL');
  const partsStmt = db.prepare('SELECT * FROM digest_parts WHERE subscription_id = @sid AND slot = @slot ORDER BY part');
  const partSent = db.prepare(
    `UPDATE digest_parts SET sent_at = @now, message_ids = @ids
     WHERE subscription_id = @sid AND slot = @slot AND part = @part AND sent_at IS NULL`,
  );
  const abandonedStmt = db.prepare(
    `SELECT * FROM digest_ledger WHERE state = 'pending' AND (owner IS NULL OR owner <> @owner)
       AND (lease_until IS NULL OR lease_until <= @now) ORDER BY slot`,
  );
  // The WHERE is the whole guard: the check and the write are one statement, so it is atomic.
  const takeOverStmt = db.prepare(
    `UPDATE digest_ledger SET owner = @owner, claimed_at = @now, lease_until = @until, updated_at = @now
     WHERE subscription_id = @sid AND slot = @slot AND state = 'pending' AND (owner IS NULL OR owner <> @owner)
       AND (lease_until IS NULL OR lease_until <= @now)`,
  );
  const renewStmt = db.prepare(
    `UPDATE digest_ledger SET lease_until = @until, updated_at = @now
     WHERE subscription_id = @sid AND slot = @slot AND state = 'pending' AND owner = @owner AND lease_until IS NOT NULL`,
  );
  const releaseStmt = db.prepare(
    "UPDATE digest_ledger SET lease_until = NULL, updated_at = @now WHERE state = 'pending' AND owner = @owner AND lease_until IS NOT NULL",
  );
  const one = db.prepare('SELECT * FROM digest_ledger WHERE subscription_id = ? AND slot = ?');
  const composedStmt = db.prepare(
    "UPDATE digest_ledger SET composed_at = @at, updated_at = @at WHERE subscription_id = @sid AND slot = @slot AND state = 'pending'",
  );
  const docsStmt = db.prepare('UPDATE digest_ledger SET docs = @docs WHERE subscription_id = @sid AND slot = @slot');
  const attempt = db.prepare(
    'UPDATE digest_ledger SET attempts = attempts + 1, error = @error, updated_at = @now WHERE subscription_id = @sid AND slot = @slot',
  );
  const countAttempt = db.prepare('UPDATE digest_ledger SET attempts = attempts + 1, updated_at = @now WHERE subscription_id = @sid AND slot = @slot');
  const sent = db.prepare(
    "UPDATE digest_ledger SET state = 'sent', error = NULL, message_ids = @ids, updated_at = @now WHERE subscription_id = @sid AND slot = @slot AND state = 'pending'",
  );
  const settleStmt = db.prepare(
    "UPDATE digest_ledger SET state = @state, error = @why, updated_at = @now WHERE subscription_id = @sid AND slot = @slot AND state = 'pending'",
  );
  const lastComposed = db
    .prepare("SELECT max(composed_at) FROM digest_ledger WHERE subscription_id = ? AND state IN ('sent', 'skipped')")
    .pluck();

  const iso = (d: Date) => d.toISOString();
  const keyOf = (ref: SlotRef) => ({ sid: ref.subscriptionId, slot: iso(ref.slot) });
  const get = (ref: SlotRef): LedgerEntry | undefined => {
    const row = one.get(ref.subscriptionId, iso(ref.slot));
    return row === undefined ? undefined : ledgerRow.parse(row);
  };
  const parts = (ref: SlotRef): DigestPart[] => partsStmt.all(keyOf(ref)).map((r) => digestPartRow.parse(r));

  const settledRow = (o: Settled, state: 'skipped' | 'missed' | 'failed', composed: Composition | undefined, why: string | null) =>
    insert.run({
      ...keyOf(o.slot),
      channel: o.channel,
      state,
      key: o.key,
      composedAt: composed ? iso(composed.at) : null,
      docs: JSON.stringify(composed?.docs ?? []),
      error: why,
      now: iso(o.now),
      owner: null,
      claimedAt: null,
      until: null,
    }).changes === 1;

  const insertParts = (ref: SlotRef, plans: PartPlan[]) => {
    for (const p of plans) insertPart.run({ ...keyOf(ref), part: p.part, key: p.key, docs: JSON.stringify(p.docs) });
  };

  const claim = db.transaction((o: Settled & { lease: Lease; composed: Composition; parts: PartPlan[] }): boolean => {
    const inserted =
      insert.run({
        ...keyOf(o.slot),
        channel: o.channel,
        state: 'pending',
        key: o.key,
        composedAt: iso(o.composed.at),
        docs: JSON.stringify(o.composed.docs),
        error: null,
        now: iso(o.now),
        owner: o.lease.owner,
        claimedAt: iso(o.now),
        until: iso(o.lease.until),
      }).changes === 1;
    if (inserted) insertParts(o.slot, o.parts);
    return inserted;
  });

  const replanUnsent = db.transaction((o: { slot: SlotRef; composedAt: Date; parts: PartPlan[] }) => {
    deleteUnsent.run(keyOf(o.slot));
    insertParts(o.slot, o.parts);
    const all = parts(o.slot).flatMap((p) => p.docs);
    composedStmt.run({ ...keyOf(o.slot), at: iso(o.composedAt) });
    docsStmt.run({ ...keyOf(o.slot), docs: JSON.stringify(all) });
  });

  const recordPartSent = db.transaction((o: { slot: SlotRef; channel: ChannelRef; part: number; messageIds: string[]; now: Date }) => {
    const changed = partSent.run({ ...keyOf(o.slot), part: o.part, ids: JSON.stringify(o.messageIds), now: iso(o.now) }).changes;
    if (changed === 0) return;
    countAttempt.run({ ...keyOf(o.slot), now: iso(o.now) });
    const part = parts(o.slot).find((p) => p.part === o.part);
    if (part) posted.record(o.channel, part.docs, o.now);
  });

  return {
    claim: (o) => claim(o),
    recordSkipped: (o) => settledRow(o, 'skipped', o.composed, null),
    recordMissed: (o) => settledRow(o, 'missed', undefined, o.why),
    recordFailed: (o) => settledRow(o, 'failed', undefined, o.why),
    get,
    parts,
    abandoned: ({ owner, now }) => abandonedStmt.all({ owner, now: iso(now) }).map((r) => ledgerRow.parse(r)),
    takeOver: ({ slot, lease, now }) =>
      takeOverStmt.run({ owner: lease.owner, until: iso(lease.until), now: iso(now), ...keyOf(slot) }).changes === 1,
    renewLease: ({ slot, lease, now }) =>
      renewStmt.run({ owner: lease.owner, until: iso(lease.until), now: iso(now), ...keyOf(slot) }).changes === 1,
    releaseLeases: ({ owner, now }) => releaseStmt.run({ owner, now: iso(now) }).changes,
    replanUnsent: (o) => replanUnsent(o),
    recordFailedAttempt: ({ slot, error, now }) => void attempt.run({ ...keyOf(slot), error, now: iso(now) }),
    recordPartSent: (o) => recordPartSent(o),
    recordSent({ slot, now }) {
      const ids = parts(slot).flatMap((p) => p.messageIds);
      sent.run({ ...keyOf(slot), ids: JSON.stringify(ids), now: iso(now) });
    },
    settle: ({ slot, state, why, now }) => settleStmt.run({ ...keyOf(slot), state, why, now: iso(now) }).changes === 1,
    lastComposedAt(id) {
      const v: unknown = lastComposed.get(id);
      return typeof v === 'string' ? new Date(v) : undefined;
    },
  };
}
