import { describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import pino from 'pino';
import type { Store } from '../../src/store/store.js';
import { tempStores } from './temp-stores.js';
import { migrate, migrations } from '../../src/store/migrations.js';
import { safeToPruneBefore, type Lease, type SlotRef } from '../../src/store/ledger.js';

const { dbPath, open, closeLast } = tempStores('newsbrief-ledger-', 'db/newsbrief.db');

const t0 = new Date('2026-11-27T07:00:00Z');
const slot = new Date('2026-11-27T08:00:00Z');
const later = (ms: number) => new Date(t0.getTime() + ms);
const lease = (owner: string, ms: number): Lease => ({ owner, until: later(ms) });
const docs = [{ id: 'd1', hash: 'h1' }];

function subscribe(s: Store) {
  return s.subscriptions.add({ channel: 'slack:C1', at: '08:00', timezone: 'UTC', topics: [], stories: 5, source: 'chat', createdAt: t0 });
}

function claim(s: Store, ref: SlotRef, held: Lease = lease('A', 120_000), parts = [{ part: 1, key: 'k', docs }]): boolean {
  return s.ledger.claim({ slot: ref, channel: 'slack:C1', key: 'k', now: t0, lease: held, composed: { at: t0, docs }, parts });
}

function pendingRow(s: Store, held?: Lease): SlotRef {
  const ref = { subscriptionId: subscribe(s).id, slot };
  claim(s, ref, held);
  return ref;
}

describe('the digest ledger', () => {
  it('lets only the first claim of a (subscription, slot) win, and nothing else record it', () => {
    const s = open(':memory:');
    const ref = { subscriptionId: subscribe(s).id, slot };
    expect(claim(s, ref)).toBe(true);
    expect(claim(s, ref, lease('B', 120_000))).toBe(false);
    expect(s.ledger.get(ref)).toMatchObject({ state: 'pending', owner: 'A' });
    const row = { slot: ref, channel: 'slack:C1' as const, key: 'k', now: t0 };
    expect(s.ledger.recordMissed({ ...row, why: 'down' })).toBe(false);
    expect(s.ledger.recordSkipped({ ...row, composed: { at: t0, docs: [] } })).toBe(false);
    expect(s.ledger.recordFailed({ ...row, why: 'no adapter' })).toBe(false);
    expect(s.ledger.get(ref)?.state).toBe('pending');
  });

  it('forgets a removed subscription’s rows and parts and never reuses its id', () => {
    const s = open(':memory:');
    const first = subscribe(s);
    claim(s, { subscriptionId: first.id, slot });
    s.subscriptions.remove(first.id);
    expect(s.ledger.get({ subscriptionId: first.id, slot })).toBeUndefined();
    expect(s.ledger.parts({ subscriptionId: first.id, slot })).toEqual([]);
    expect(subscribe(s).id).toBe(first.id + 1);
  });

  it('tells when a subscription’s last digest was composed, counting skipped ones', () => {
    const s = open(':memory:');
    const sub = subscribe(s);
    const day2 = new Date('2026-11-28T08:00:00Z');
    const ref = { subscriptionId: sub.id, slot };
    claim(s, ref);
    s.ledger.recordPartSent({ slot: ref, channel: 'slack:C1', part: 1, messageIds: ['m1'], now: slot });
    s.ledger.recordSent({ slot: ref, now: slot });
    s.ledger.recordSkipped({ slot: { subscriptionId: sub.id, slot: day2 }, channel: 'slack:C1', key: 'k2', now: day2, composed: { at: day2, docs: [] } });
    expect(s.ledger.lastComposedAt(sub.id)).toEqual(day2);
  });

  it('records each message of a digest on its own: its documents count as posted only once it is sent', () => {
    const s = open(':memory:');
    const ref = { subscriptionId: subscribe(s).id, slot };
    claim(s, ref, lease('A', 120_000), [
      { part: 1, key: 'k', docs: [{ id: 'd1', hash: 'h1' }] },
      { part: 2, key: 'k#2', docs: [{ id: 'd2', hash: 'h2' }] },
    ]);
    s.ledger.recordPartSent({ slot: ref, channel: 'slack:C1', part: 1, messageIds: ['m1'], now: slot });
    expect(s.posted.forChannel('slack:C1')).toEqual(new Map([['d1', 'h1']]));
    expect(s.ledger.parts(ref).map((p) => [p.part, p.key, p.sentAt !== undefined])).toEqual([[1, 'k', true], [2, 'k#2', false]]);

    // Recovery composed part 2 again (its story changed): only the unsent part is replaced.
    s.ledger.replanUnsent({ slot: ref, composedAt: later(60_000), parts: [{ part: 2, key: 'k#2', docs: [{ id: 'd2', hash: 'h2b' }] }] });
    s.ledger.recordPartSent({ slot: ref, channel: 'slack:C1', part: 2, messageIds: ['m2'], now: slot });
    s.ledger.recordSent({ slot: ref, now: slot });
    expect(s.posted.forChannel('slack:C1')).toEqual(new Map([['d1', 'h1'], ['d2', 'h2b']]));
    expect(s.ledger.get(ref)).toMatchObject({ state: 'sent', messageIds: ['m1', 'm2'], attempts: 2, composedAt: later(60_000) });
  });

  it('does not let a late "failed" or "missed" overwrite a digest another instance already settled', () => {
    const s = open(':memory:');
    const ref = pendingRow(s, lease('A', 120_000));
    s.ledger.recordSent({ slot: ref, now: t0 });
    expect(s.ledger.settle({ slot: ref, state: 'failed', why: 'timed out', now: t0 })).toBe(false);
    expect(s.ledger.get(ref)).toMatchObject({ state: 'sent', error: undefined });
  });

  it('says before when a settled row may be pruned: past the grace window and every lease', () => {
    const now = new Date('2026-11-27T20:00:00Z');
    expect(safeToPruneBefore(now, 6 * 3600_000, 120_000).toISOString()).toBe('2026-11-27T13:57:00.000Z');
  });
});

describe('leases on pending digests', () => {
  it('records who claimed a pending digest and until when', () => {
    const s = open(':memory:');
    const ref = pendingRow(s, lease('A', 120_000));
    expect(s.ledger.get(ref)).toMatchObject({ state: 'pending', owner: 'A', claimedAt: t0, leaseUntil: later(120_000) });
  });

  it('lets no one take over a row while its holder’s lease runs, not even the holder itself', () => {
    const s = open(':memory:');
    const ref = pendingRow(s, lease('A', 120_000));
    expect(s.ledger.abandoned({ owner: 'B', now: later(60_000) })).toEqual([]);
    expect(s.ledger.takeOver({ slot: ref, lease: lease('B', 180_000), now: later(60_000) })).toBe(false);
    expect(s.ledger.abandoned({ owner: 'A', now: later(180_000) })).toEqual([]);
    expect(s.ledger.takeOver({ slot: ref, lease: lease('A', 300_000), now: later(180_000) })).toBe(false);
    expect(s.ledger.get(ref)?.owner).toBe('A');
  });

  it('hands an expired row to exactly one of two instances on the same database file', () => {
    const path = dbPath();
    const a = open(path);
    const b = open(path);
    const ref = pendingRow(a, lease('A', 120_000));
    const at = later(121_000);
    expect(b.ledger.abandoned({ owner: 'B', now: at }).map((e) => e.owner)).toEqual(['A']);
    expect(b.ledger.takeOver({ slot: ref, lease: { owner: 'B', until: later(241_000) }, now: at })).toBe(true);
    expect(a.ledger.takeOver({ slot: ref, lease: { owner: 'C', until: later(241_000) }, now: at })).toBe(false);
    expect(a.ledger.get(ref)).toMatchObject({ owner: 'B', claimedAt: at, leaseUntil: later(241_000) });
    // The old holder has lost it: it can no longer renew.
    expect(a.ledger.renewLease({ slot: ref, lease: lease('A', 400_000), now: at })).toBe(false);
  });

  it('renews a lease only for its holder, and a released row can be taken over at once', () => {
    const s = open(':memory:');
    const ref = pendingRow(s, lease('A', 120_000));
    expect(s.ledger.renewLease({ slot: ref, lease: lease('A', 600_000), now: later(100_000) })).toBe(true);
    expect(s.ledger.renewLease({ slot: ref, lease: lease('B', 600_000), now: later(100_000) })).toBe(false);
    expect(s.ledger.abandoned({ owner: 'B', now: later(300_000) })).toEqual([]);
    expect(s.ledger.releaseLeases({ owner: 'A', now: later(300_000) })).toBe(1);
    expect(s.ledger.renewLease({ slot: ref, lease: lease('A', 600_000), now: later(300_000) })).toBe(false);
    expect(s.ledger.abandoned({ owner: 'B', now: later(300_000) })).toHaveLength(1);
    expect(s.ledger.takeOver({ slot: ref, lease: lease('B', 420_000), now: later(300_000) })).toBe(true);
  });

  it('never takes over a settled row', () => {
    const s = open(':memory:');
    const ref = pendingRow(s, lease('A', 0));
    expect(s.ledger.abandoned({ owner: 'B', now: t0 })).toHaveLength(1);
    s.ledger.recordSent({ slot: ref, now: t0 });
    expect(s.ledger.abandoned({ owner: 'B', now: t0 })).toEqual([]);
    expect(s.ledger.takeOver({ slot: ref, lease: lease('B', 120_000), now: t0 })).toBe(false);
  });

  it('migrates a version-1 database, keeping its rows; its pending rows count as abandoned, with no parts', () => {
    const path = dbPath();
    mkdirSync(dirname(path), { recursive: true });
    const old = new Database(path);
    migrate(old, migrations.slice(0, 1));
    old.prepare(
      `INSERT INTO subscriptions (channel, at, timezone, topics, stories, source, active_since, created_at)
       VALUES ('slack:C1', '08:00', 'UTC', '[]', 5, 'chat', ?, ?)`,
    ).run(t0.toISOString(), t0.toISOString());
    old.prepare(
      `INSERT INTO digest_ledger (subscription_id, slot, channel, state, idempotency_key, created_at, updated_at)
       VALUES (1, ?, 'slack:C1', 'pending', 'k', ?, ?)`,
    ).run(slot.toISOString(), t0.toISOString(), t0.toISOString());
    old.close();

    const s = open(path);
    expect(s.schemaVersion).toBe(migrations.length);
    expect(s.ledger.abandoned({ owner: 'B', now: t0 }).map((e) => [e.state, e.owner])).toEqual([['pending', undefined]]);
    expect(s.ledger.parts({ subscriptionId: 1, slot })).toEqual([]);
  });
});

describe('a database that lost its -wal file', () => {
  function warnings(): { logger: pino.Logger; lines: string[] } {
    const lines: string[] = [];
    return { lines, logger: pino({ level: 'warn' }, { write: (l: string) => void lines.push(String((JSON.parse(l) as { msg: unknown }).msg)) }) };
  }

  it('says so once at open when only the .db of a running database was copied, and not for a cleanly closed one', () => {
    const path = dbPath();
    const running = open(path);
    subscribe(running);
    expect(existsSync(`${path}-wal`)).toBe(true);
    const copy = join(dirname(path), 'copy.db');
    copyFileSync(path, copy);

    const w = warnings();
    const restored = open(copy, w.logger);
    expect(restored.lostWrites).toBe(true);
    expect(w.lines.filter((m) => m.includes('-wal file is missing'))).toHaveLength(1);
    closeLast();

    // Closed cleanly since: no alarm on the next open.
    const again = warnings();
    expect(open(copy, again.logger).lostWrites).toBe(false);
    expect(again.lines).toEqual([]);
  });

  it('is not alarmed by a cleanly closed database, nor by a crashed one whose -wal is still there', () => {
    const path = dbPath();
    open(path);
    closeLast();
    expect(existsSync(`${path}-wal`)).toBe(false);
    expect(open(path).lostWrites).toBe(false);
    // Still open (as a crashed process leaves it, -wal and all): a second open is not alarmed.
    expect(open(path).lostWrites).toBe(false);
  });
});
