import { afterEach, describe, expect, it } from 'vitest';
import cron from 'node-cron';
import type { PostResult } from '../../src/chat/reply.js';
import { FakeClock, rig, testConfig, type Rig } from './helpers.js';

let open: Rig[] = [];
afterEach(async () => {
  for (const r of open) {
    await r.service.stop();
    r.store.close();
  }
  open = [];
});

const flaky: PostResult = { ok: false, error: 'transient', permanent: false, detail: 'HTTP 503' };

describe('the minute tick', () => {
  it('is one node-cron job a minute, whatever the subscriptions, and is gone after stop', async () => {
    const clock = new FakeClock(Date.parse('2026-11-27T07:00:00Z'));
    const r = rig({ clock, extra: { timers: true } });
    open.push(r);
    const before = new Set(cron.getTasks().keys());
    const ours = () => [...cron.getTasks().entries()].filter(([id]) => !before.has(id)).map(([, t]) => t);
    r.store.subscriptions.add({ channel: 'slack:C1', at: '08:00', timezone: 'Asia/Tokyo', topics: [], stories: 5, source: 'chat', createdAt: clock.now() });
    await r.service.start();
    expect(ours().map((t) => t.getPattern())).toEqual(['* * * * *']);
    // A subscription made in chat needs nothing of the tick: the next run reads it from the store.
    await r.digest('slack:C2', 'subscribe at 09:15', { id: 'U', isAdmin: async () => true });
    expect(ours()).toHaveLength(1);
    await r.service.stop();
    expect(ours()).toEqual([]);
  });

  it('posts a digest subscribed in chat at its minute, with no other step in between', async () => {
    const clock = new FakeClock(Date.parse('2026-11-27T07:00:00Z'));
    const r = rig({ clock });
    open.push(r);
    await r.service.start();
    await r.digest('slack:C2', 'subscribe at 07:01 tz UTC', { id: 'U', isAdmin: async () => true });
    clock.set('2026-11-27T07:01:00Z');
    expect((await r.service.runDue()).sent).toBe(1);
  });
});

describe('stopping', () => {
  it('leaves a digest stuck in retries pending, and the next start posts it once the platform says it is absent', async () => {
    const clock = new FakeClock(Date.parse('2026-11-27T07:00:00Z'));
    let stopping: Promise<void> | undefined;
    const r = rig({
      clock,
      extra: {
        sleep: async (ms) => {
          clock.advance(ms);
          stopping ??= r.service.stop();
        },
      },
    });
    open.push(r);
    const sub = r.store.subscriptions.add({ channel: 'slack:C1', at: '08:00', timezone: 'UTC', topics: [], stories: 5, source: 'chat', createdAt: clock.now() });
    r.adapter.failWith.set('slack:C1', [flaky, flaky]);
    clock.set('2026-11-27T08:00:00Z');
    const report = await r.service.runDue();
    await stopping;
    expect(report.interrupted).toBe(1);
    expect(r.store.ledger.get({ subscriptionId: sub.id, slot: new Date('2026-11-27T08:00:00Z') })?.state).toBe('pending');

    const next = rig({ clock, store: r.store, adapter: r.adapter });
    await next.service.start();
    await next.service.stop();
    expect(r.adapter.posts).toHaveLength(1);
    expect(r.store.ledger.get({ subscriptionId: sub.id, slot: new Date('2026-11-27T08:00:00Z') })?.state).toBe('sent');
  });

  it('resumes a paused config digest at the next start (the config is the operator’s intent), and its next slot posts', async () => {
    const clock = new FakeClock(Date.parse('2026-11-27T07:00:00Z'));
    const config = testConfig({ digests: [{ channel: 'slack:C1', at: '08:00', timezone: 'UTC' }] });
    const r = rig({ clock, config });
    open.push(r);
    await r.service.start();
    r.store.subscriptions.add({ channel: 'slack:C2', at: '08:00', timezone: 'UTC', topics: [], stories: 5, source: 'chat', createdAt: clock.now() });
    r.store.subscriptions.pause(1, 'not_in_channel: x', clock.now());
    r.store.subscriptions.pause(2, 'not_in_channel: y', clock.now());
    await r.service.stop();

    clock.set('2026-11-27T07:30:00Z');
    const next = rig({ clock, config, store: r.store, adapter: r.adapter });
    await next.service.start();
    // A chat digest stays paused: only its channel's admins know when the channel is fixed.
    expect(r.store.subscriptions.list().map((s) => [s.id, s.pausedReason, s.activeSince.toISOString()])).toEqual([
      [1, undefined, '2026-11-27T07:30:00.000Z'],
      [2, 'not_in_channel: y', '2026-11-27T07:00:00.000Z'],
    ]);
    clock.set('2026-11-27T08:00:01Z');
    expect((await next.service.runDue()).sent).toBe(1);
    expect(r.adapter.posts.map((p) => p.channel)).toEqual(['slack:C1']);
    await next.service.stop();
  });

  it('reports the next run across subscriptions, skipping paused ones', async () => {
    const clock = new FakeClock(Date.parse('2026-11-27T07:00:00Z'));
    const r = rig({ clock });
    open.push(r);
    expect(r.service.nextRun()).toBeUndefined();
    const a = r.store.subscriptions.add({ channel: 'slack:C1', at: '07:30', timezone: 'UTC', topics: [], stories: 5, source: 'chat', createdAt: clock.now() });
    r.store.subscriptions.add({ channel: 'slack:C2', at: '06:00', timezone: 'America/New_York', topics: [], stories: 5, source: 'chat', createdAt: clock.now() });
    expect(r.service.nextRun()?.toISOString()).toBe('2026-11-27T07:30:00.000Z');
    r.store.subscriptions.pause(a.id, 'missing_access: x', clock.now());
    expect(r.service.nextRun()?.toISOString()).toBe('2026-11-27T11:00:00.000Z');
  });
});
