import type Database from 'better-sqlite3';
import type { ChannelRef } from '../channels.js';
import { ledgerRow } from './rows.js';
import type { DocRef, LedgerEntry, LedgerState } from './types.js';

export interface SlotRef {
  subscriptionId: number;
  slot: Date;
}

export interface Claim {
  /** True when this call created the pending row; false when the slot already had one. */
  claimed: boolean;
  entry: LedgerEntry;
}

export interface Composition {
  at: Date;
  docs: DocRef[];
}

/** Who holds a pending row, and until when: past `until` the holder is presumed dead. */
export interface Lease {
  owner: string;
  until: Date;
}

export interface LedgerRepo {
  /**
   * Inserts (subscription, slot) unless a row exists; the UNIQUE key makes it atomic. Normally as
   * pending, with what was composed for it; 'skipped' settles a slot with nothing to post at once.
   * A pending claim should carry a lease, or any other instance may take it over at once.
   */
  claim(
    ref: SlotRef,
    channel: ChannelRef,
    idempotencyKey: string,
    now: Date,
    composed?: Composition,
    state?: 'pending' | 'skipped',
    lease?: Lease,
  ): Claim;
  get(ref: SlotRef): LedgerEntry | undefined;
  pending(): LedgerEntry[];
  /**
   * Pending rows `owner` may take over at `now`: held by someone else (or no one) whose lease has
   * run out or was released. Oldest slot first.
   */
  abandoned(owner: string, now: Date): LedgerEntry[];
  /**
   * Makes `lease.owner` the holder of an abandoned pending row (see `abandoned`). One guarded
   * UPDATE, so of two instances trying at once exactly one gets true.
   */
  takeOver(ref: SlotRef, lease: Lease, now: Date): boolean;
  /** Extends a lease its owner still holds; false when the row is settled, released or taken over. */
  renew(ref: SlotRef, lease: Lease, now: Date): boolean;
  /** Gives up `owner`'s leases on its pending rows (shutting down), so the next start settles them at once. */
  release(owner: string, now: Date): number;
  /** The subscription's rows, newest slot first. */
  history(subscriptionId: number, limit?: number): LedgerEntry[];
  setComposed(ref: SlotRef, composedAt: Date, docs: DocRef[]): void;
  recordAttempt(ref: SlotRef, now: Date, error?: string): void;
  /** Marks it sent, counting the attempt that succeeded. */
  markSent(ref: SlotRef, messageIds: string[], now: Date): void;
  /** Settles a pending row; a row already settled (by another instance) is left as it is. */
  finish(ref: SlotRef, state: Exclude<LedgerState, 'pending' | 'sent'>, now: Date, error?: string): void;
  /** Records a slot that will never be posted; false if the slot already had a row. */
  recordMissed(ref: SlotRef, channel: ChannelRef, idempotencyKey: string, now: Date): boolean;
  /** When the subscription's latest delivered (sent or skipped) digest was composed. */
  lastComposedAt(subscriptionId: number): Date | undefined;
}

export function ledgerRepo(db: Database.Database): LedgerRepo {
  const insert = db.prepare(
    `INSERT INTO digest_ledger (subscription_id, slot, channel, state, idempotency_key, composed_at, docs, created_at, updated_at, owner, claimed_at, lease_until)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (subscription_id, slot) DO NOTHING`,
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
  const pendingStmt = db.prepare("SELECT * FROM digest_ledger WHERE state = 'pending' ORDER BY slot");
  const historyStmt = db.prepare('SELECT * FROM digest_ledger WHERE subscription_id = ? ORDER BY slot DESC LIMIT ?');
  const composed = db.prepare('UPDATE digest_ledger SET composed_at = ?, docs = ?, updated_at = ? WHERE subscription_id = ? AND slot = ?');
  const attempt = db.prepare(
    'UPDATE digest_ledger SET attempts = attempts + 1, error = ?, updated_at = ? WHERE subscription_id = ? AND slot = ?',
  );
  const sent = db.prepare(
    "UPDATE digest_ledger SET state = 'sent', message_ids = ?, attempts = attempts + 1, error = NULL, updated_at = ? WHERE subscription_id = ? AND slot = ?",
  );
  const finishStmt = db.prepare(
    "UPDATE digest_ledger SET state = ?, error = ?, updated_at = ? WHERE subscription_id = ? AND slot = ? AND state = 'pending'",
  );
  const lastComposed = db
    .prepare("SELECT max(composed_at) FROM digest_ledger WHERE subscription_id = ? AND state IN ('sent', 'skipped')")
    .pluck();

  const iso = (d: Date) => d.toISOString();
  const get = (ref: SlotRef): LedgerEntry | undefined => {
    const row = one.get(ref.subscriptionId, iso(ref.slot));
    return row === undefined ? undefined : ledgerRow.parse(row);
  };

  return {
    claim(ref, channel, key, now, composed, state = 'pending', lease) {
      const docs = JSON.stringify(composed?.docs ?? []);
      const held = state === 'pending' && lease ? lease : undefined;
      const info = insert.run(
        ref.subscriptionId,
        iso(ref.slot),
        channel,
        state,
        key,
        composed ? iso(composed.at) : null,
        docs,
        iso(now),
        iso(now),
        held?.owner ?? null,
        held ? iso(now) : null,
        held ? iso(held.until) : null,
      );
      return { claimed: info.changes === 1, entry: get(ref)! };
    },
    get,
    pending: () => pendingStmt.all().map((r) => ledgerRow.parse(r)),
    abandoned: (owner, now) => abandonedStmt.all({ owner, now: iso(now) }).map((r) => ledgerRow.parse(r)),
    takeOver: (ref, lease, now) =>
      takeOverStmt.run({ owner: lease.owner, until: iso(lease.until), now: iso(now), sid: ref.subscriptionId, slot: iso(ref.slot) }).changes === 1,
    renew: (ref, lease, now) =>
      renewStmt.run({ owner: lease.owner, until: iso(lease.until), now: iso(now), sid: ref.subscriptionId, slot: iso(ref.slot) }).changes === 1,
    release: (owner, now) => releaseStmt.run({ owner, now: iso(now) }).changes,
    history: (id, limit = 50) => historyStmt.all(id, limit).map((r) => ledgerRow.parse(r)),
    setComposed: (ref, at, docs) => void composed.run(iso(at), JSON.stringify(docs), iso(at), ref.subscriptionId, iso(ref.slot)),
    recordAttempt: (ref, now, error) => void attempt.run(error ?? null, iso(now), ref.subscriptionId, iso(ref.slot)),
    markSent: (ref, ids, now) => void sent.run(JSON.stringify(ids), iso(now), ref.subscriptionId, iso(ref.slot)),
    finish: (ref, state, now, error) => void finishStmt.run(state, error ?? null, iso(now), ref.subscriptionId, iso(ref.slot)),
    recordMissed(ref, channel, key, now) {
      return insert.run(ref.subscriptionId, iso(ref.slot), channel, 'missed', key, null, '[]', iso(now), iso(now), null, null, null).changes === 1;
    },
    lastComposedAt(id) {
      const v: unknown = lastComposed.get(id);
      return typeof v === 'string' ? new Date(v) : undefined;
    },
  };
}
