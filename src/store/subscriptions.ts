import type Database from 'better-sqlite3';
import type { ChannelRef } from '../channels.js';
import { configKeyRow, subscriptionRow } from './rows.js';
import type { NewSubscription, Subscription } from './types.js';

export interface SubscriptionRepo {
  add(input: NewSubscription): Subscription;
  get(id: number): Subscription | undefined;
  /** Oldest first. */
  list(filter?: { channel?: ChannelRef }): Subscription[];
  remove(id: number): boolean;
  pause(id: number, reason: string, at: Date): void;
  /** Clears the pause; slots between the pause and `at` never fire. */
  resume(id: number, at: Date): void;
  /**
   * Makes the config subscriptions exactly `entries` (by configKey): adds new ones, removes those
   * no longer listed, keeps the rest (with their ledger) untouched. One transaction.
   */
  syncConfig(entries: NewSubscription[]): { added: number; removed: number; kept: number };
}

export function subscriptionRepo(db: Database.Database): SubscriptionRepo {
  const insert = db.prepare(
    `INSERT INTO subscriptions (channel, at, cron, timezone, topics, stories, source, config_key, created_by, active_since, created_at)
     VALUES (@channel, @at, @cron, @timezone, @topics, @stories, @source, @configKey, @createdBy, @createdAt, @createdAt)`,
  );
  const byId = db.prepare('SELECT * FROM subscriptions WHERE id = ?');
  const all = db.prepare('SELECT * FROM subscriptions ORDER BY id');
  const inChannel = db.prepare('SELECT * FROM subscriptions WHERE channel = ? ORDER BY id');
  const del = db.prepare('DELETE FROM subscriptions WHERE id = ?');
  const pauseStmt = db.prepare('UPDATE subscriptions SET paused_reason = ?, paused_at = ? WHERE id = ?');
  const resumeStmt = db.prepare('UPDATE subscriptions SET paused_reason = NULL, paused_at = NULL, active_since = ? WHERE id = ?');
  const configKeys = db.prepare("SELECT id, config_key FROM subscriptions WHERE source = 'config'");

  const parse = (row: unknown): Subscription => subscriptionRow.parse(row);

  const add = (input: NewSubscription): Subscription => {
    const info = insert.run({
      channel: input.channel,
      at: input.at ?? null,
      cron: input.cron ?? null,
      timezone: input.timezone,
      topics: JSON.stringify(input.topics),
      stories: input.stories,
      source: input.source,
      configKey: input.configKey ?? null,
      createdBy: input.createdBy ?? null,
      createdAt: input.createdAt.toISOString(),
    });
    return parse(byId.get(info.lastInsertRowid));
  };

  const syncConfig = db.transaction((entries: NewSubscription[]) => {
    const existing = new Map<string, number>();
    for (const raw of configKeys.all()) {
      const row = configKeyRow.parse(raw);
      existing.set(row.config_key, row.id);
    }
    const wanted = new Set<string>();
    let added = 0;
    let kept = 0;
    for (const entry of entries) {
      const key = entry.configKey;
      if (!key) throw new Error('a config subscription needs a configKey');
      if (wanted.has(key)) continue; // the same entry listed twice is one subscription
      wanted.add(key);
      if (existing.has(key)) kept++;
      else {
        add(entry);
        added++;
      }
    }
    let removed = 0;
    for (const [key, id] of existing) {
      if (!wanted.has(key)) removed += del.run(id).changes;
    }
    return { added, removed, kept };
  });

  return {
    add,
    get: (id) => {
      const row = byId.get(id);
      return row === undefined ? undefined : parse(row);
    },
    list: (filter) => (filter?.channel ? inChannel.all(filter.channel) : all.all()).map(parse),
    remove: (id) => del.run(id).changes > 0,
    pause: (id, reason, at) => void pauseStmt.run(reason, at.toISOString(), id),
    resume: (id, at) => void resumeStmt.run(at.toISOString(), id),
    syncConfig: (entries) => syncConfig(entries),
  };
}
