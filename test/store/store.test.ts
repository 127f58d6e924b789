import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { openStore, type Store } from '../../src/store/store.js';
import { tempStores } from './temp-stores.js';
import { migrate, migrations, StoreVersionError } from '../../src/store/migrations.js';
import type { Summary } from '../../src/news/types.js';

const { dbPath, open, closeLast, track } = tempStores('newsbrief-store-', 'nested/folder/newsbrief.db');

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
    closeLast();
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
    closeLast();
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
    const docs = [{ id: 'd1', hash: 'h1' }];
    a.ledger.claim({ slot: ref, channel: 'discord:42', key: 'nb:1:x', now: t0, lease: { owner: 'A', until: slot }, composed: { at: slot, docs }, parts: [{ part: 1, key: 'nb:1:x', docs }] });
    a.ledger.recordPartSent({ slot: ref, channel: 'discord:42', part: 1, messageIds: ['m1', 'm2'], now: slot });
    a.ledger.recordSent({ slot: ref, now: slot });
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

describe('the summary cache', () => {
  it('misses a summary cached under version 1 when asked under version 2, and serves what version 2 writes', () => {
    const path = dbPath();
    const v1 = openStore(path, { summaryVersion: '1' });
    v1.summaryCache.putMany([summary]);
    expect(v1.summaryCache.get('d1')).toEqual(summary);
    v1.close();

    const v2 = open(path);
    expect(v2.summaryCache.get('d1')).toBeUndefined();
    closeLast();
    const v2b = openStore(path, { summaryVersion: '2' });
    track(v2b);
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
