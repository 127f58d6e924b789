import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { openStore, type Store } from '../../src/store/store.js';
import { migrate, migrations, StoreVersionError } from '../../src/store/migrations.js';
import type { Summary } from '../../src/news/types.js';

let dirs: string[] = [];
let stores: Store[] = [];
afterEach(() => {
  for (const s of stores) s.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs = [];
  stores = [];
});
function dbPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'newsbrief-store-'));
  dirs.push(dir);
  return join(dir, 'nested', 'folder', 'newsbrief.db');
}
function open(path: string): Store {
  const s = openStore(path);
  stores.push(s);
  return s;
}

const t0 = new Date('2026-11-27T07:00:00Z');
const slot = new Date('2026-11-27T08:00:00Z');
const summary: Summary = {
  docId: 'd1',
  headline: 'China trade',
  keyPoints: ['China and the US resume trade talks.'],
  entities: [{ text: 'China', kind: 'place' }],
  keyPhrases: ['trade talks'],
};

describe('openStore', () => {
  it('creates the folder, uses WAL and migrates to the latest version', () => {
    const path = dbPath();
    const store = open(path);
    expect(existsSync(path)).toBe(true);
    expect(store.schemaVersion).toBe(migrations.length);
    const raw = new Database(path, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(raw.pragma('user_version', { simple: true })).toBe(migrations.length);
    raw.close();
  });

  it('runs migrations once: reopening and migrating again change nothing', () => {
    const path = dbPath();
    open(path).subscriptions.add({ channel: 'slack:C1', at: '08:00', timezone: 'UTC', topics: [], stories: 5, source: 'chat', createdAt: t0 });
    stores.pop()!.close();
    const again = open(path);
    expect(again.subscriptions.list()).toHaveLength(1);
    const db = new Database(path);
    expect(migrate(db)).toBe(migrations.length);
    expect(migrate(db)).toBe(migrations.length);
    db.close();
  });

  it('applies only the migrations a database lacks', () => {
    const db = new Database(':memory:');
    const list = ['CREATE TABLE a (x)', 'CREATE TABLE b (y)'];
    expect(migrate(db, list.slice(0, 1))).toBe(1);
    expect(migrate(db, list)).toBe(2);
    expect(migrate(db, list)).toBe(2);
    db.close();
  });

  it('refuses a database from a newer version instead of guessing', () => {
    const path = dbPath();
    open(path);
    stores.pop()!.close();
    const db = new Database(path);
    db.pragma(`user_version = ${migrations.length + 1}`);
    db.close();
    expect(() => openStore(path)).toThrow(StoreVersionError);
  });

  it('keeps subscriptions, the ledger, posted documents, summaries and meta across a restart', () => {
    const path = dbPath();
    const a = open(path);
    const sub = a.subscriptions.add({ channel: 'discord:42', cron: '0 9 * * 1-5', timezone: 'Asia/Tokyo', topics: ['china', 'tony blair'], stories: 3, source: 'chat', createdBy: 'U1', createdAt: t0 });
    const ref = { subscriptionId: sub.id, slot };
    a.ledger.claim(ref, 'discord:42', 'nb:1:x', t0);
    a.ledger.setComposed(ref, slot, [{ id: 'd1', hash: 'h1' }]);
    a.completeSent(ref, 'discord:42', ['m1', 'm2'], [{ id: 'd1', hash: 'h1' }], slot);
    a.subscriptions.pause(sub.id, 'missing_access: no permission', slot);
    a.summaryCache.putMany([summary]);
    a.meta.set('scheduler.last_run', slot.toISOString());
    a.close();

    const b = open(path);
    expect(b.subscriptions.get(sub.id)).toMatchObject({
      channel: 'discord:42',
      cron: '0 9 * * 1-5',
      at: undefined,
      timezone: 'Asia/Tokyo',
      topics: ['china', 'tony blair'],
      stories: 3,
      source: 'chat',
      createdBy: 'U1',
      pausedReason: 'missing_access: no permission',
      pausedAt: slot,
      createdAt: t0,
    });
    expect(b.ledger.get(ref)).toMatchObject({ state: 'sent', messageIds: ['m1', 'm2'], docs: [{ id: 'd1', hash: 'h1' }], composedAt: slot });
    expect(b.posted.forChannel('discord:42')).toEqual(new Map([['d1', 'h1']]));
    expect(b.summaryCache.get('d1')).toEqual(summary);
    expect(b.meta.get('scheduler.last_run')).toBe(slot.toISOString());
  });
});

describe('the digest ledger', () => {
  it('lets only the first claim of a (subscription, slot) win', () => {
    const s = open(':memory:');
    const sub = s.subscriptions.add({ channel: 'slack:C1', at: '08:00', timezone: 'UTC', topics: [], stories: 5, source: 'chat', createdAt: t0 });
    const ref = { subscriptionId: sub.id, slot };
    expect(s.ledger.claim(ref, 'slack:C1', 'k', t0).claimed).toBe(true);
    const second = s.ledger.claim(ref, 'slack:C1', 'k', t0);
    expect(second.claimed).toBe(false);
    expect(second.entry.state).toBe('pending');
    expect(s.ledger.recordMissed(ref, 'slack:C1', 'k', t0)).toBe(false);
    expect(s.ledger.pending()).toHaveLength(1);
  });

  it('forgets a removed subscription’s rows and never reuses its id', () => {
    const s = open(':memory:');
    const add = () => s.subscriptions.add({ channel: 'slack:C1', at: '08:00', timezone: 'UTC', topics: [], stories: 5, source: 'chat', createdAt: t0 });
    const first = add();
    s.ledger.claim({ subscriptionId: first.id, slot }, 'slack:C1', 'k', t0);
    s.subscriptions.remove(first.id);
    expect(s.ledger.pending()).toHaveLength(0);
    expect(add().id).toBe(first.id + 1);
  });

  it('tells when a subscription’s last digest was composed, counting skipped ones', () => {
    const s = open(':memory:');
    const sub = s.subscriptions.add({ channel: 'slack:C1', at: '08:00', timezone: 'UTC', topics: [], stories: 5, source: 'chat', createdAt: t0 });
    const day2 = new Date('2026-11-28T08:00:00Z');
    for (const [at, end] of [[slot, 'sent'], [day2, 'skipped']] as const) {
      const ref = { subscriptionId: sub.id, slot: at };
      s.ledger.claim(ref, 'slack:C1', 'k', at);
      s.ledger.setComposed(ref, at, []);
      if (end === 'sent') s.completeSent(ref, 'slack:C1', [], [], at);
      else s.ledger.finish(ref, 'skipped', at);
    }
    expect(s.ledger.lastComposedAt(sub.id)).toEqual(day2);
  });
});

describe('leases on pending digests', () => {
  const later = (ms: number) => new Date(t0.getTime() + ms);
  const lease = (owner: string, ms: number) => ({ owner, until: later(ms) });
  function pendingRow(s: Store, withLease?: { owner: string; until: Date }) {
    const sub = s.subscriptions.add({ channel: 'slack:C1', at: '08:00', timezone: 'UTC', topics: [], stories: 5, source: 'chat', createdAt: t0 });
    const ref = { subscriptionId: sub.id, slot };
    s.ledger.claim(ref, 'slack:C1', 'k', t0, undefined, 'pending', withLease);
    return ref;
  }

  it('records who claimed a pending digest and until when', () => {
    const s = open(':memory:');
    const ref = pendingRow(s, lease('A', 120_000));
    expect(s.ledger.get(ref)).toMatchObject({ state: 'pending', owner: 'A', claimedAt: t0, leaseUntil: later(120_000) });
  });

  it('lets no one take over a row while its holder’s lease runs, not even the holder itself', () => {
    const s = open(':memory:');
    const ref = pendingRow(s, lease('A', 120_000));
    expect(s.ledger.abandoned('B', later(60_000))).toEqual([]);
    expect(s.ledger.takeOver(ref, lease('B', 180_000), later(60_000))).toBe(false);
    expect(s.ledger.abandoned('A', later(180_000))).toEqual([]);
    expect(s.ledger.takeOver(ref, lease('A', 300_000), later(180_000))).toBe(false);
    expect(s.ledger.get(ref)?.owner).toBe('A');
  });

  it('hands an expired row to exactly one of two instances on the same database file', () => {
    const path = dbPath();
    const a = open(path);
    const b = open(path);
    const ref = pendingRow(a, lease('A', 120_000));
    const at = later(121_000);
    expect(b.ledger.abandoned('B', at).map((e) => e.owner)).toEqual(['A']);
    expect(b.ledger.takeOver(ref, { owner: 'B', until: later(241_000) }, at)).toBe(true);
    expect(a.ledger.takeOver(ref, { owner: 'C', until: later(241_000) }, at)).toBe(false);
    expect(a.ledger.get(ref)).toMatchObject({ owner: 'B', claimedAt: at, leaseUntil: later(241_000) });
    // The old holder has lost it: it can no longer renew.
    expect(a.ledger.renew(ref, lease('A', 400_000), at)).toBe(false);
  });

  it('renews a lease only for its holder, and a released row can be taken over at once', () => {
    const s = open(':memory:');
    const ref = pendingRow(s, lease('A', 120_000));
    expect(s.ledger.renew(ref, lease('A', 600_000), later(100_000))).toBe(true);
    expect(s.ledger.renew(ref, lease('B', 600_000), later(100_000))).toBe(false);
    expect(s.ledger.abandoned('B', later(300_000))).toEqual([]);
    expect(s.ledger.release('A', later(300_000))).toBe(1);
    expect(s.ledger.renew(ref, lease('A', 600_000), later(300_000))).toBe(false);
    expect(s.ledger.abandoned('B', later(300_000))).toHaveLength(1);
    expect(s.ledger.takeOver(ref, lease('B', 420_000), later(300_000))).toBe(true);
  });

  it('treats a pending row without a lease as abandoned, and never takes over a settled row', () => {
    const s = open(':memory:');
    const ref = pendingRow(s);
    expect(s.ledger.abandoned('B', t0)).toHaveLength(1);
    s.completeSent(ref, 'slack:C1', ['m1'], [], t0);
    expect(s.ledger.abandoned('B', t0)).toEqual([]);
    expect(s.ledger.takeOver(ref, lease('B', 120_000), t0)).toBe(false);
  });

  it('does not let a late "failed" or "missed" overwrite a digest another instance already settled', () => {
    const s = open(':memory:');
    const ref = pendingRow(s, lease('A', 120_000));
    s.completeSent(ref, 'slack:C1', ['m1'], [], t0);
    s.ledger.finish(ref, 'failed', t0, 'timed out');
    expect(s.ledger.get(ref)).toMatchObject({ state: 'sent', error: undefined });
  });

  it('migrates a version-1 database, keeping its rows; its pending rows count as abandoned', () => {
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
    old.prepare('INSERT INTO summaries (doc_id, summary, updated_at) VALUES (?, ?, ?)').run('d1', JSON.stringify(summary), t0.toISOString());
    old.close();

    const s = openStore(path, { summaryVersion: '1' });
    stores.push(s);
    expect(s.schemaVersion).toBe(migrations.length);
    expect(s.subscriptions.list()).toHaveLength(1);
    expect(s.ledger.abandoned('B', t0).map((e) => [e.state, e.owner])).toEqual([['pending', undefined]]);
    // Written before summaries had versions: it cannot be known to match this summarizer.
    expect(s.summaryCache.get('d1')).toBeUndefined();
  });
});

describe('the summary cache', () => {
  it('misses a summary cached under version 1 when asked under version 2, and serves what version 2 writes', () => {
    const path = dbPath();
    const v1 = openStore(path, { summaryVersion: '1' });
    v1.summaryCache.putMany([summary]);
    expect(v1.summaryCache.get('d1')).toEqual(summary);
    v1.close();

    const v2 = open(path);
    expect(v2.summaryCache.get('d1')).toBeUndefined();
    stores.pop()!.close();
    const v2b = openStore(path, { summaryVersion: '2' });
    stores.push(v2b);
    expect(v2b.summaryCache.get('d1')).toBeUndefined();
    const updated = { ...summary, keyPoints: ['A new key point.'] };
    v2b.summaryCache.putMany([updated]);
    expect(v2b.summaryCache.get('d1')).toEqual(updated);
    // One row per document: the new version replaced the old.
    expect(v2b.summaryCache.count()).toBe(1);
  });

  it('treats a corrupt or mismatched row as a miss', () => {
    const path = dbPath();
    const s = open(path);
    s.summaryCache.putMany([summary, { ...summary, docId: 'd2' }]);
    const raw = new Database(path);
    raw.prepare("UPDATE summaries SET summary = '{not json' WHERE doc_id = 'd1'").run();
    raw.prepare("UPDATE summaries SET summary = ? WHERE doc_id = 'd2'").run(JSON.stringify({ ...summary, docId: 'other' }));
    raw.close();
    expect(s.summaryCache.get('d1')).toBeUndefined();
    expect(s.summaryCache.get('d2')).toBeUndefined();
    expect(s.summaryCache.get('missing')).toBeUndefined();
    expect(s.summaryCache.count()).toBe(2);
  });
});

describe('config subscriptions', () => {
  it('adds new entries, keeps known ones and removes dropped ones by key', () => {
    const s = open(':memory:');
    const entry = (key: string) => ({ channel: 'slack:C1' as const, at: '08:00', timezone: 'UTC', topics: [key], stories: 5, source: 'config' as const, configKey: key, createdAt: t0 });
    expect(s.subscriptions.syncConfig([entry('a'), entry('b'), entry('b')])).toEqual({ added: 2, removed: 0, kept: 0 });
    const ids = s.subscriptions.list().map((x) => x.id);
    expect(s.subscriptions.syncConfig([entry('b'), entry('c')])).toEqual({ added: 1, removed: 1, kept: 1 });
    expect(s.subscriptions.list().map((x) => [x.id, x.configKey])).toEqual([[ids[1], 'b'], [ids[1]! + 1, 'c']]);
  });

  it('leaves chat subscriptions alone', () => {
    const s = open(':memory:');
    s.subscriptions.add({ channel: 'slack:C1', at: '08:00', timezone: 'UTC', topics: [], stories: 5, source: 'chat', createdAt: t0 });
    s.subscriptions.syncConfig([]);
    expect(s.subscriptions.list()).toHaveLength(1);
  });
});
