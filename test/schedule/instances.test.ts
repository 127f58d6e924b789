import { afterEach, describe, expect, it, vi } from 'vitest';
import { join } from 'node:path';
import pino from 'pino';
import type { ChannelRef, PostResult } from '../../src/chat/reply.js';
import { admin, FakeClock, RecordingAdapter, rig, tempDir, testConfig, type Rig } from './helpers.js';

/**
 * Two scheduler instances on one database (a rolling deploy, two replicas): a pending slot is
 * the live holder's until its lease runs out, and only then settled by the other.
 */

const C1: ChannelRef = 'slack:C1';
const SLOT = new Date('2026-11-27T08:00:00Z');
const flaky: PostResult = { ok: false, error: 'rate_limited', permanent: false, detail: 'HTTP 429' };

let cleanups: (() => void)[] = [];
afterEach(() => {
  vi.useRealTimers();
  for (const c of cleanups.reverse()) c();
  cleanups = [];
});

function dbPath(): string {
  const { dir, cleanup } = tempDir();
  cleanups.push(cleanup);
  return join(dir, 'newsbrief.db');
}

function instance(opts: Parameters<typeof rig>[0]): Rig {
  const r = rig(opts);
  cleanups.push(() => r.store.close());
  return r;
}

/** Instance A with a daily 08:00 UTC digest in C1, its clock at 07:00. */
async function first(path: string, adapter?: RecordingAdapter, sleep?: (ms: number) => Promise<void>): Promise<Rig> {
  const clock = new FakeClock(Date.parse('2026-11-27T07:00:00Z'));
  const a = instance({ clock, dbPath: path, adapter, extra: sleep ? { sleep } : {} });
  const reply = await a.digest(C1, 'subscribe at 08:00 tz UTC', admin);
  expect(reply.kind).toBe('text');
  return a;
}

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !check(); i++) await new Promise((resolve) => setImmediate(resolve));
  expect(check()).toBe(true);
}

const never = new Promise<void>(() => undefined);

describe('two instances on one database', () => {
  it('leaves a slot the other instance is still posting alone, even where the platform cannot tell, and it is posted once', async () => {
    const path = dbPath();
    const shared = new RecordingAdapter('slack', new FakeClock(SLOT.getTime()));
    // Had B taken the slot for a crash, "cannot tell" would have made it mark the digest failed.
    shared.findPostedAnswer = 'unknown';
    let open!: () => void;
    shared.gates.set(C1, new Promise<void>((resolve) => (open = resolve)));
    const a = await first(path, shared);
    a.clock.set('2026-11-27T08:00:05Z');
    const aRun = a.service.runDue();
    await until(() => shared.calls === 1);

    const b = instance({ clock: new FakeClock(Date.parse('2026-11-27T08:00:10Z')), dbPath: path, adapter: shared });
    const bReport = await b.service.runDue();
    expect(bReport).toMatchObject({ busy: 1, sent: 0, failed: 0, recovered: 0 });
    expect(shared.calls).toBe(1);
    expect(b.store.ledger.get({ subscriptionId: 1, slot: SLOT })).toMatchObject({ state: 'pending', owner: a.service.owner });

    open();
    expect((await aRun).sent).toBe(1);
    expect(shared.posts).toHaveLength(1);
    expect(b.store.ledger.get({ subscriptionId: 1, slot: SLOT })?.state).toBe('sent');
  });

  it('settles a slot whose holder died (never stopped) once its lease has run out, without waiting for a restart', async () => {
    const path = dbPath();
    const dying = new RecordingAdapter('slack', new FakeClock(SLOT.getTime()));
    dying.gates.set(C1, never);
    const a = await first(path, dying);
    a.clock.set('2026-11-27T08:00:05Z');
    void a.service.runDue();
    await until(() => dying.calls === 1);

    const clock = new FakeClock(Date.parse('2026-11-27T08:00:10Z'));
    const b = instance({ clock, dbPath: path });
    await b.service.start();
    expect(b.adapter.posts).toHaveLength(0);
    clock.set('2026-11-27T08:02:04Z'); // the lease (2 minutes from 08:00:05) still runs
    expect(await b.service.runDue()).toMatchObject({ sent: 0, failed: 0, missed: 0 });
    expect(b.adapter.posts).toHaveLength(0);

    clock.set('2026-11-27T08:02:06Z');
    const report = await b.service.runDue();
    expect(report).toMatchObject({ sent: 1, busy: 0 });
    expect(b.adapter.posts.map((p) => p.key)).toEqual([`nb:${b.store.instanceId}:1:${SLOT.toISOString()}`]);
    expect(b.store.ledger.get({ subscriptionId: 1, slot: SLOT })).toMatchObject({ state: 'sent', owner: b.service.owner });
    await b.service.stop();
  });

  it('keeps its lease alive while one post attempt outlasts it, so the other instance leaves the slot alone', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const path = dbPath();
    const clock = new FakeClock(Date.parse('2026-11-27T07:00:00Z'));
    const slow = new RecordingAdapter('slack', clock);
    let open!: () => void;
    slow.gates.set(C1, new Promise<void>((resolve) => (open = resolve)));
    const a = instance({ clock, dbPath: path, adapter: slow, extra: { leaseMs: 1000 } });
    await a.digest(C1, 'subscribe at 08:00 tz UTC', admin);
    clock.set('2026-11-27T08:00:05Z');
    const aRun = a.service.runDue();
    await until(() => slow.calls === 1);

    // The attempt has now run 5 s, five leases; the keep-alive renewed it meanwhile.
    clock.advance(5000);
    vi.advanceTimersByTime(1000);
    expect(a.store.ledger.get({ subscriptionId: 1, slot: SLOT })?.leaseUntil).toEqual(new Date('2026-11-27T08:00:11Z'));
    const b = instance({ clock, dbPath: path, extra: { leaseMs: 1000 } });
    expect(await b.service.runDue()).toMatchObject({ busy: 1, sent: 0, failed: 0 });
    expect(b.adapter.calls).toBe(0);

    open();
    expect((await aRun).sent).toBe(1);
    expect(slow.posts).toHaveLength(1);
  });

  it('does not post from an instance whose lease was taken over while it was backing off', async () => {
    const path = dbPath();
    const shared = new RecordingAdapter('slack', new FakeClock(SLOT.getTime()));
    shared.failWith.set(C1, [flaky]);
    let b: Rig | undefined;
    let aClock: FakeClock | undefined;
    // A stalls in its backoff far past its lease (a frozen VM, a suspended laptop); meanwhile B runs.
    const a = await first(path, shared, async (ms) => {
      aClock!.advance(ms);
      await b!.service.runDue();
    });
    aClock = a.clock;
    b = instance({ clock: new FakeClock(Date.parse('2026-11-27T09:00:00Z')), dbPath: path, adapter: shared });

    a.clock.set('2026-11-27T08:00:05Z');
    const aReport = await a.service.runDue();
    expect(aReport).toMatchObject({ busy: 1, sent: 0 });
    expect(shared.calls).toBe(2);
    expect(shared.posts).toHaveLength(1);
    expect(b.store.ledger.get({ subscriptionId: 1, slot: SLOT })).toMatchObject({ state: 'sent', owner: b.service.owner });
  });

  it('hands its pending slots over at shutdown, so the next start settles them at once', async () => {
    const path = dbPath();
    const dying = new RecordingAdapter('slack', new FakeClock(SLOT.getTime()));
    dying.gates.set(C1, never);
    const config = testConfig({ shutdownGraceMs: 10 });
    const clockA = new FakeClock(Date.parse('2026-11-27T07:00:00Z'));
    const a = instance({ clock: clockA, dbPath: path, adapter: dying, config });
    await a.digest(C1, 'subscribe at 08:00 tz UTC', admin);
    clockA.set('2026-11-27T08:00:05Z');
    void a.service.runDue();
    await until(() => dying.calls === 1);
    await a.service.stop();
    expect(a.store.ledger.get({ subscriptionId: 1, slot: SLOT })).toMatchObject({ state: 'pending', leaseUntil: undefined });

    const b = instance({ clock: new FakeClock(Date.parse('2026-11-27T08:00:20Z')), dbPath: path });
    await b.service.start();
    expect(b.adapter.posts).toHaveLength(1);
    expect(b.store.ledger.get({ subscriptionId: 1, slot: SLOT })?.state).toBe('sent');
    await b.service.stop();
  });

  it('warns at start when another scheduler ran on the database moments ago, and not once the last one stopped cleanly', async () => {
    const path = dbPath();
    const clock = new FakeClock(Date.parse('2026-11-27T07:00:00Z'));
    const a = instance({ clock, dbPath: path });
    await a.service.start();
    const warnings: string[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => void warnings.push(String((JSON.parse(line) as { msg: unknown }).msg)) });
    const startB = async () => {
      const b = instance({ clock, dbPath: path, extra: { logger } });
      await b.service.start();
      await b.service.stop();
    };

    clock.advance(60_000);
    await startB();
    expect(warnings.filter((m) => m.includes('another newsbrief scheduler'))).toHaveLength(1);

    await a.service.stop();
    warnings.length = 0;
    await startB();
    expect(warnings).toEqual([]);
  });
});
