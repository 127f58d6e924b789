import { afterEach, describe, expect, it } from 'vitest';
import type { ChannelRef } from '../../src/chat/reply.js';
import { createIngest } from '../../src/ingest.js';
import { inlineSummarizer } from '../../src/ingest-summarizer.js';
import { openArchiveLibrary } from '../../src/news/library.js';
import { createDocument } from '../../src/news/index.js';
import { silentLogger } from '../../src/log.js';
import { openStore } from '../../src/store/store.js';
import { admin, FakeClock, rig, type Rig } from './helpers.js';

const C1: ChannelRef = 'slack:C1';
let cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.reverse()) c();
  cleanups = [];
});

/** The bot as it runs: a store, the one ingest path and the store-backed library, all on one fake clock. */
function bot(clock: FakeClock) {
  const store = openStore(':memory:');
  const library = openArchiveLibrary(store.documents, { recentDays: 30, recentMax: 1000 }, { clock, logger: silentLogger });
  const ingest = createIngest({ documents: store.documents, summarizer: inlineSummarizer(), listener: library, logger: silentLogger, now: clock.now });
  const r = rig({ clock, store, extra: { library: () => library } });
  cleanups.push(() => store.close());
  return { r, ingest };
}

/** A feed item: its id and key stay when the feed edits it, as feed items' do. */
function item(id: string, title: string, publishedAt: string, extra = '') {
  const doc = createDocument({
    title,
    text: `${title}. Harbour officials in Lisbon said the ferry timetable changes next week after a long review of the service.${extra}`,
    publishedAt: new Date(publishedAt),
    path: `feed/${id}`,
  });
  return { ...doc, id, feedItem: `feed:${id}` };
}

async function subscribe(r: Rig): Promise<void> {
  const reply = await r.digest(C1, 'subscribe ferry at 08:00 tz UTC', admin);
  if (reply.kind !== 'text' || !/#\d+/.test(reply.text)) throw new Error(`subscribe failed: ${JSON.stringify(reply)}`);
}

function storiesOf(r: Rig, n: number): string[] {
  const reply = r.adapter.posts[n]?.reply;
  if (reply?.kind !== 'digest') return [];
  return reply.digest.groups.flatMap((g) => g.stories.map((s) => s.doc.title));
}

/** A channel subscribed to "ferry" at 08:00 UTC, whose first digest (one story) went out on 27 Nov. */
async function afterFirstDigest() {
  const clock = new FakeClock(Date.parse('2026-11-27T06:00:00Z'));
  const { r, ingest } = bot(clock);
  await subscribe(r);
  await ingest.add([item('a', 'Ferry strike ends', '2026-11-27T05:00:00Z')]);
  clock.set('2026-11-27T08:00:01Z');
  expect((await r.service.runDue()).sent).toBe(1);
  expect(storiesOf(r, 0)).toEqual(['Ferry strike ends']);
  return { clock, r, ingest };
}

describe('a story that arrives after the digest it was published before', () => {
  it('goes into the next digest once, even though it was published before the last one', async () => {
    const { clock, r, ingest } = await afterFirstDigest();

    // Published at 07:30, before that digest, but the feed was only fetched at 10:00.
    clock.set('2026-11-27T10:00:00Z');
    await ingest.add([item('b', 'Ferry fares frozen', '2026-11-27T07:30:00Z')]);
    clock.set('2026-11-28T08:00:01Z');
    expect((await r.service.runDue()).sent).toBe(1);
    expect(storiesOf(r, 1)).toEqual(['Ferry fares frozen']);

    clock.set('2026-11-29T08:00:01Z');
    await r.service.runDue();
    expect(r.adapter.posts.flatMap((_, i) => storiesOf(r, i)).filter((t) => t === 'Ferry fares frozen')).toHaveLength(1);
  });

  it('leaves out an old backlog that arrives late (a new feed\'s archive is not news)', async () => {
    const { clock, r, ingest } = await afterFirstDigest();

    clock.set('2026-11-27T10:00:00Z');
    await ingest.add([item('old', 'Ferry pier reopens', '2026-11-10T09:00:00Z'), item('late', 'Ferry fares frozen', '2026-11-26T22:00:00Z')]);
    clock.set('2026-11-28T08:00:01Z');
    await r.service.runDue();
    expect(storiesOf(r, 1)).toEqual(['Ferry fares frozen']);
  });

  it('does not bring back a story the channel was already shown when it is stored again', async () => {
    const { clock, r, ingest } = await afterFirstDigest();

    // The feed edits the item after the digest: stored again (same id, new text), published before it.
    clock.set('2026-11-27T10:00:00Z');
    await ingest.add([item('a', 'Ferry strike ends', '2026-11-27T05:00:00Z', " Updated with the union's statement.")]);
    expect(r.store.arrivals.late(Date.parse('2026-11-27T08:00:01Z'), 0, 10)).toEqual(['a']);
    clock.set('2026-11-28T08:00:01Z');
    await r.service.runDue();
    expect(r.adapter.posts.slice(1).flatMap((_, i) => storiesOf(r, i + 1))).not.toContain('Ferry strike ends');
  });
});
