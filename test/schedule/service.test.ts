import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { ChannelRef } from '../../src/chat/reply.js';
import { openStore } from '../../src/store/store.js';
import { LAST_RUN_KEY } from '../../src/schedule/run.js';
import { idempotencyKey } from '../../src/schedule/deliver.js';
import { admin, FakeClock, newsDoc, rig, RecordingAdapter, tempDir, testConfig, type Rig } from './helpers.js';

const C1: ChannelRef = 'slack:C1';
let cleanups: (() => void)[] = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) c();
  cleanups = [];
});

function track(r: Rig): Rig {
  cleanups.push(() => r.store.close());
  return r;
}

async function subscribe(r: Rig, channel: ChannelRef, text: string): Promise<number> {
  const reply = await r.digest(channel, `subscribe ${text}`, admin);
  if (reply.kind !== 'text') throw new Error(`subscribe failed: ${JSON.stringify(reply)}`);
  const id = /#(\d+)/.exec(reply.text)?.[1];
  return Number(id);
}

describe('a scheduled digest', () => {
  it('fires once at its local time and carries its idempotency key', async () => {
    const clock = new FakeClock(Date.parse('2026-11-27T07:00:00Z'));
    const r = track(rig({ clock }));
    const id = await subscribe(r, C1, 'china at 08:00 tz Europe/London');

    clock.set('2026-11-27T07:59:00Z');
    expect((await r.service.runDue()).sent).toBe(0);
    clock.set('2026-11-27T08:00:02Z');
    const report = await r.service.runDue();
    expect(report.sent).toBe(1);
    expect(r.adapter.posts).toHaveLength(1);
    const post = r.adapter.posts[0]!;
    expect(post.channel).toBe(C1);
    expect(post.key).toBe(`nb:${r.store.instanceId}:${id}:2026-11-27T08:00:00.000Z`);
    expect(post.reply.kind).toBe('digest');
    if (post.reply.kind === 'digest') {
      expect(post.reply.marker).toBe(post.key);
      expect(post.reply.digest.groups[0]!.stories[0]!.doc.id).toBe('d1');
    }
    expect(r.store.ledger.get({ subscriptionId: id, slot: new Date('2026-11-27T08:00:00Z') })).toMatchObject({
      state: 'sent',
      messageIds: ['m1'],
      attempts: 1,
    });
  });

  it('posts once when runDue is called again in the same minute, or twice at once', async () => {
    const clock = new FakeClock(Date.parse('2026-11-27T07:00:00Z'));
    const r = track(rig({ clock }));
    await subscribe(r, C1, 'at 08:00 tz UTC');
    clock.set('2026-11-27T08:00:01Z');
    await r.service.runDue();
    clock.set('2026-11-27T08:00:40Z');
    await r.service.runDue();
    const [a, b] = await Promise.all([r.service.runDue(), r.service.runDue()]);
    expect(a.sent + b.sent).toBe(0);
    expect(r.adapter.posts).toHaveLength(1);
  });

  it('lets the ledger alone stop a repeat when the last-run mark is rewound', async () => {
    const clock = new FakeClock(Date.parse('2026-11-27T07:00:00Z'));
    const r = track(rig({ clock, config: testConfig({ digest: { whenEmpty: 'post' } }) }));
    await subscribe(r, C1, 'at 08:00 tz UTC');
    clock.set('2026-11-27T08:00:01Z');
    await r.service.runDue();
    r.store.meta.set(LAST_RUN_KEY, '2026-11-27T07:00:00.000Z');
    const again = await r.service.runDue();
    expect(again).toMatchObject({ due: 1, already: 1, sent: 0 });
    expect(r.adapter.posts).toHaveLength(1);
  });

  it('fires again the next day, and not before', async () => {
    const clock = new FakeClock(Date.parse('2026-11-27T07:00:00Z'));
    const r = track(rig({
      clock,
      docs: () => [
        newsDoc('d1', 'China one', 'China news one.', '2026-11-27T06:00:00Z'),
        ...(clock.now() > new Date('2026-11-27T12:00:00Z') ? [newsDoc('d2', 'China two', 'China news two.', '2026-11-27T12:00:00Z')] : []),
      ],
    }));
    await subscribe(r, C1, 'china at 08:00 tz UTC');
    clock.set('2026-11-27T08:00:01Z');
    await r.service.runDue();
    clock.set('2026-11-28T07:59:59Z');
    await r.service.runDue();
    expect(r.adapter.posts).toHaveLength(1);
    clock.set('2026-11-28T08:00:00Z');
    await r.service.runDue();
    expect(r.adapter.posts).toHaveLength(2);
    const second = r.adapter.posts[1]!.reply;
    expect(second.kind === 'digest' && second.digest.groups.flatMap((g) => g.stories.map((s) => s.doc.id))).toEqual(['d2']);
  });
});

describe('restarts and crashes', () => {
  it('does not post again after a restart in the same minute, even if the last-run mark was lost', async () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    const dbPath = join(dir, 'db', 'newsbrief.db');
    const clock = new FakeClock(Date.parse('2026-11-27T07:00:00Z'));
    // whenEmpty "post": a repeat would post even with nothing new, so only the ledger can stop it.
    const config = testConfig({ digest: { whenEmpty: 'post' } });
    const first = rig({ clock, dbPath, config });
    await subscribe(first, C1, 'at 08:00 tz UTC');
    clock.set('2026-11-27T08:00:05Z');
    await first.service.runDue();
    expect(first.adapter.posts).toHaveLength(1);
    // As if the process died after posting but before the run was recorded.
    first.store.meta.set(LAST_RUN_KEY, '2026-11-27T07:59:00.000Z');
    await first.service.stop();
    first.store.close();

    clock.set('2026-11-27T08:00:30Z');
    const second = track(rig({ clock, dbPath, config }));
    await second.service.start();
    await second.service.runDue();
    expect(second.adapter.posts).toHaveLength(0);
    await second.service.stop();
  });

  describe('a crash between claiming the slot and completing it', () => {
    async function crashedRig(answer: boolean | 'unknown' | 'no-method') {
      const { dir, cleanup } = tempDir();
      cleanups.push(cleanup);
      const dbPath = join(dir, 'newsbrief.db');
      const clock = new FakeClock(Date.parse('2026-11-27T07:00:00Z'));
      const before = openStore(dbPath);
      const sub = before.subscriptions.add({ channel: C1, at: '08:00', timezone: 'UTC', topics: [], stories: 5, source: 'chat', createdAt: clock.now() });
      const slot = new Date('2026-11-27T08:00:00Z');
      // What the dead process left behind: the claim and its composition, no completion.
      const key = idempotencyKey(before, sub.id, slot);
      const docs = [{ id: 'd1', hash: 'h1' }];
      before.ledger.claim({ slot: { subscriptionId: sub.id, slot }, channel: C1, key, now: slot, lease: { owner: 'dead', until: slot }, composed: { at: slot, docs }, parts: [{ part: 1, key, docs }] });
      before.meta.set(LAST_RUN_KEY, '2026-11-27T07:59:00.000Z');
      before.close();

      clock.set('2026-11-27T08:02:00Z');
      const adapter = new RecordingAdapter('slack', clock);
      if (answer === 'no-method') Object.assign(adapter, { findPosted: undefined });
      else adapter.findPostedAnswer = answer;
      const r = track(rig({ clock, dbPath, adapter }));
      await r.service.start();
      await r.service.stop();
      return { r, entry: r.store.ledger.get({ subscriptionId: sub.id, slot })!, key: idempotencyKey(r.store, sub.id, slot) };
    }

    it('marks it sent without posting when the platform has the message', async () => {
      const { r, entry } = await crashedRig(true);
      expect(r.adapter.posts).toHaveLength(0);
      expect(entry.state).toBe('sent');
      expect(r.store.posted.forChannel(C1).get('d1')).toBe('h1');
    });

    it('posts it exactly once, with the same key, when the platform does not have it', async () => {
      const { r, entry, key } = await crashedRig(false);
      expect(r.adapter.posts).toHaveLength(1);
      expect(r.adapter.posts[0]!.key).toBe(key);
      expect(entry.state).toBe('sent');
    });

    it('marks it failed rather than risk a duplicate when the platform cannot tell', async () => {
      for (const answer of ['unknown', 'no-method'] as const) {
        const { r, entry } = await crashedRig(answer);
        expect(r.adapter.posts).toHaveLength(0);
        expect(entry.state).toBe('failed');
        expect(entry.error).toMatch(/cannot tell/);
      }
    });
  });
});

describe('downtime', () => {
  async function downRig(restartAt: string) {
    const clock = new FakeClock(Date.parse('2026-11-26T07:00:00Z'));
    const r = track(rig({ clock }));
    const id = await subscribe(r, C1, 'at 08:00 tz UTC');
    clock.set('2026-11-26T07:30:00Z');
    await r.service.runDue(); // the last run before going down
    clock.set(restartAt);
    await r.service.start();
    return { r, id };
  }

  it('posts a slot missed while down when it is within the grace window', async () => {
    const { r, id } = await downRig('2026-11-27T13:59:00Z');
    expect(r.adapter.posts.map((p) => p.key)).toEqual([`nb:${r.store.instanceId}:${id}:2026-11-27T08:00:00.000Z`]);
    expect(r.store.ledger.get({ subscriptionId: id, slot: new Date('2026-11-26T08:00:00Z') })?.state).toBe('missed');
  });

  it('records a slot older than the grace window as missed and posts nothing', async () => {
    const { r, id } = await downRig('2026-11-27T14:01:00Z');
    expect(r.adapter.posts).toHaveLength(0);
    const states = ['2026-11-27T08:00:00Z', '2026-11-26T08:00:00Z'].map((at) => r.store.ledger.get({ subscriptionId: id, slot: new Date(at) })?.state);
    expect(states).toEqual(['missed', 'missed']);
  });

  it('never fires slots from before the subscription existed', async () => {
    const clock = new FakeClock(Date.parse('2026-11-27T08:30:00Z'));
    const r = track(rig({ clock }));
    await subscribe(r, C1, 'at 08:00 tz UTC');
    await r.service.start();
    expect(r.adapter.posts).toHaveLength(0);
    expect(r.store.ledger.get({ subscriptionId: 1, slot: new Date('2026-11-27T08:00:00Z') })).toBeUndefined();
  });
});

describe('daylight saving time in America/New_York', () => {
  async function minuteByMinute(r: Rig, from: string, to: string): Promise<void> {
    for (let t = Date.parse(from); t <= Date.parse(to); t += 60_000) {
      r.clock.set(new Date(t));
      await r.service.runDue();
    }
  }

  it('fires 01:30 once on the fall-back day (2026-11-01), at its first occurrence', async () => {
    const clock = new FakeClock(Date.parse('2026-10-31T12:00:00Z'));
    const r = track(rig({ clock }));
    await subscribe(r, C1, 'at 01:30 tz America/New_York');
    await minuteByMinute(r, '2026-11-01T04:00:00Z', '2026-11-01T08:00:00Z');
    expect(r.adapter.posts.map((p) => p.at.toISOString())).toEqual(['2026-11-01T05:30:00.000Z']);
  });

  it('fires 02:30 once on the spring-forward day (2026-03-08), at 03:30 EDT', async () => {
    const clock = new FakeClock(Date.parse('2026-03-07T12:00:00Z'));
    const r = track(rig({ clock }));
    await subscribe(r, C1, 'at 02:30 tz America/New_York');
    await minuteByMinute(r, '2026-03-08T05:00:00Z', '2026-03-08T09:00:00Z');
    expect(r.adapter.posts.map((p) => p.at.toISOString())).toEqual(['2026-03-08T07:30:00.000Z']);
  });

  it('keeps 08:00 local on both sides of each change', async () => {
    const clock = new FakeClock(Date.parse('2026-03-06T12:00:00Z'));
    const r = track(rig({ clock, config: testConfig({ digest: { whenEmpty: 'post' } }) }));
    await subscribe(r, C1, 'at 08:00 tz America/New_York');
    for (const day of ['2026-03-07T13:00:01Z', '2026-03-08T12:00:01Z', '2026-03-09T12:00:01Z']) {
      clock.set(day);
      await r.service.runDue();
    }
    expect(r.adapter.posts.map((p) => p.at.toISOString())).toEqual(['2026-03-07T13:00:01.000Z', '2026-03-08T12:00:01.000Z', '2026-03-09T12:00:01.000Z']);
  });
});
