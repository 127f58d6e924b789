import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/store.js';
import type { SlotRef } from '../../src/store/ledger.js';
import { createIngest } from '../../src/ingest.js';
import { inlineSummarizer } from '../../src/ingest-summarizer.js';
import { createDocument } from '../../src/news/index.js';
import { silentLogger } from '../../src/log.js';

const stores: Store[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
});

const NOW = new Date('2026-11-27T12:00:00Z');
const daysAgo = (n: number) => new Date(NOW.getTime() - n * 86_400_000);
const HORIZON = daysAgo(90);
const CHANNEL = 'slack:C1' as const;

function open(): Store {
  const s = openStore(':memory:', { summaryVersion: 'test' });
  stores.push(s);
  return s;
}

function subscribe(s: Store): number {
  return s.subscriptions.add({ channel: CHANNEL, at: '08:00', timezone: 'UTC', topics: [], stories: 5, source: 'chat', createdAt: daysAgo(400) }).id;
}

/** A digest posted in one message at `day` days ago: claimed, its part sent, the slot sent. */
function sent(s: Store, subscriptionId: number, day: number, docs = [{ id: `doc-${subscriptionId}-${day}`, hash: 'h' }]): SlotRef {
  const slot = { subscriptionId, slot: daysAgo(day) };
  const at = daysAgo(day);
  const key = `k-${subscriptionId}-${day}`;
  s.ledger.claim({ slot, channel: CHANNEL, key, now: at, lease: { owner: 'A', until: new Date(at.getTime() + 60_000) }, composed: { at, docs }, parts: [{ part: 1, key, docs }] });
  s.ledger.recordPartSent({ slot, channel: CHANNEL, part: 1, messageIds: [`m-${day}`], now: at });
  s.ledger.recordSent({ slot, now: at });
  return slot;
}

function pending(s: Store, subscriptionId: number, day: number): SlotRef {
  const slot = { subscriptionId, slot: daysAgo(day) };
  const at = daysAgo(day);
  const docs = [{ id: `pending-${day}`, hash: 'h' }];
  s.ledger.claim({ slot, channel: CHANNEL, key: `p-${day}`, now: at, lease: { owner: 'A', until: at }, composed: { at, docs }, parts: [{ part: 1, key: `p-${day}`, docs }] });
  return slot;
}

function settled(s: Store, subscriptionId: number, day: number, how: 'skipped' | 'missed' | 'failed'): SlotRef {
  const slot = { subscriptionId, slot: daysAgo(day) };
  const row = { slot, channel: CHANNEL, key: `${how}-${day}`, now: daysAgo(day) };
  if (how === 'skipped') s.ledger.recordSkipped({ ...row, composed: { at: daysAgo(day), docs: [] } });
  else if (how === 'missed') s.ledger.recordMissed({ ...row, why: 'down' });
  else s.ledger.recordFailed({ ...row, why: 'no adapter' });
  return slot;
}

describe('pruning the digest ledger', () => {
  it('deletes settled rows older than the horizon with their parts, and keeps every pending row and each subscription’s latest delivered one', () => {
    const s = open();
    const one = subscribe(s);
    const oldSent = sent(s, one, 200);
    const oldSkipped = settled(s, one, 150, 'skipped');
    const oldMissed = settled(s, one, 120, 'missed');
    const oldPending = pending(s, one, 300);
    const recentSent = sent(s, one, 10);
    const two = subscribe(s);
    const onlyDelivery = sent(s, two, 200);
    const oldFailed = settled(s, two, 210, 'failed');

    expect(s.ledger.parts(oldSent)).toHaveLength(1);
    expect(s.retention.pruneLedger(HORIZON)).toBe(4);

    for (const gone of [oldSent, oldSkipped, oldMissed, oldFailed]) expect(s.ledger.get(gone)).toBeUndefined();
    // Its message went with it (digest_parts cascade from digest_ledger).
    expect(s.ledger.parts(oldSent)).toEqual([]);
    expect(s.ledger.get(oldPending)).toMatchObject({ state: 'pending' });
    expect(s.ledger.parts(oldPending)).toHaveLength(1);
    expect(s.ledger.get(recentSent)).toMatchObject({ state: 'sent' });
    expect(s.ledger.parts(recentSent)).toHaveLength(1);
    // Subscription two's only delivery is old, but it is its "since": kept, so its next digest does not start over.
    expect(s.ledger.get(onlyDelivery)).toMatchObject({ state: 'sent' });
    expect(s.ledger.lastComposedAt(two)).toEqual(daysAgo(200));
    expect(s.ledger.lastComposedAt(one)).toEqual(daysAgo(10));
    // Nothing more to prune on a second pass.
    expect(s.retention.pruneLedger(HORIZON)).toBe(0);
  });

  it('keeps a pending row however old, even when the subscription has nothing delivered', () => {
    const s = open();
    const id = subscribe(s);
    const stuck = pending(s, id, 500);
    expect(s.retention.pruneLedger(HORIZON)).toBe(0);
    expect(s.ledger.get(stuck)).toMatchObject({ state: 'pending' });
  });
});

describe('pruning posted-document records', () => {
  it('deletes old records of documents no longer stored, and keeps those of stored documents and recent ones', async () => {
    const s = open();
    const ingest = createIngest({ documents: s.documents, summarizer: inlineSummarizer(), listener: { apply: () => undefined }, logger: silentLogger, now: () => NOW });
    const kept = createDocument({ title: 'Harbour reopens in Lima', text: 'The harbour in Lima reopened after repairs.', publishedAt: daysAgo(300), path: 'kept.txt' });
    await ingest.add([kept]);
    await ingest.close();
    s.posted.record(CHANNEL, [{ id: kept.id, hash: 'h' }], daysAgo(300));
    s.posted.record(CHANNEL, [{ id: 'gone-old', hash: 'h' }], daysAgo(200));
    s.posted.record(CHANNEL, [{ id: 'gone-recent', hash: 'h' }], daysAgo(5));

    expect(s.retention.prunePosted(HORIZON)).toBe(1);
    // A document still stored can never be posted to the channel twice: its record stays, however old.
    expect([...s.posted.forChannel(CHANNEL).keys()].sort()).toEqual([kept.id, 'gone-recent'].sort());
  });
});
