import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CommandRequest, Dispatch } from '../../../src/chat/reply.js';
import type { Story } from '../../../src/news/types.js';
import { startHarness, testDispatch, type Harness, mentionPolicyViolations } from './harness.js';
import { str } from '../../fakes/discord/interactions.js';
import type { RecordedRequest } from '../../fakes/discord/server.js';
import { doc } from '../../helpers/tiny-library.js';

/**
 * The slow path: with deferAfterMs 0 every command is deferred first, and the dispatch only
 * answers once the fake has seen the deferral, so the order is certain without any timing.
 */

let h: Harness;
const calls: CommandRequest[] = [];
const inner = testDispatch(calls);
const seenDefers = new Set<RecordedRequest>();

const isDefer = (r: RecordedRequest) => r.path.endsWith('/callback') && (r.body as { type?: number }).type === 5;

const manyStories = (n: number): Story[] =>
  Array.from({ length: n }, (_, i) => {
    const d = doc({ id: `m${i}`, title: `Story ${i} ${'x'.repeat(200)}`, text: 'y'.repeat(1500), source: 'BBC', url: `https://example.com/${i}` });
    return { doc: d, summary: { docId: d.id, headline: d.title, keyPoints: [d.text], entities: [], keyPhrases: [] }, sentences: [d.text], related: [] };
  });

const gated: Dispatch = async (req) => {
  const defer = await h.fake.waitForRequest((r) => isDefer(r) && !seenDefers.has(r));
  seenDefers.add(defer);
  if (req.name === 'brief' && req.text === 'everything') {
    return { kind: 'briefing', briefing: { topic: 'everything', generatedAt: new Date(0), stories: manyStories(12), suggestions: [] } };
  }
  return inner(req);
};

beforeAll(async () => {
  h = await startHarness({ deferAfterMs: 0 }, gated);
});

afterAll(async () => {
  await h.close();
});

afterEach(() => {
  expect(h.fake.specViolations()).toEqual([]);
  expect(mentionPolicyViolations(h.fake)).toEqual([]);
});

const bodyOf = (r: RecordedRequest) => r.body as { type?: number; data?: { flags?: number }; flags?: number; content?: string; embeds?: unknown[] };

describe('a command whose answer takes a while', () => {
  it('defers publicly, then edits the original with the briefing', async () => {
    const { token } = h.fake.sendCommand({ name: 'brief', options: [str('topic', 'china')] });
    const edit = await h.fake.waitForRequest((r) => r.path.includes(token) && r.method === 'PATCH');
    const all = h.fake.interactionRequests(token);
    expect(all.map((r) => `${r.method} ${r.path.replace(token, 'T')}`)).toEqual([
      `POST /interactions/${all[0]!.path.split('/')[2]}/T/callback`,
      `PATCH /webhooks/${h.fake.applicationId}/T/messages/@original`,
    ]);
    expect(bodyOf(all[0]!).data?.flags ?? 0).toBe(0);
    expect(bodyOf(edit).embeds).toHaveLength(2);
  });

  it('splits a long briefing into follow-ups within Discord’s limits', async () => {
    const { token } = h.fake.sendCommand({ name: 'brief', options: [str('topic', 'everything')] });
    const followUps = () => h.fake.requests.filter((r) => r.path === `/webhooks/${h.fake.applicationId}/${token}` && r.method === 'POST');
    await h.fake.waitForRequest(() => followUps().length >= 3);
    const sent = h.fake.interactionRequests(token).filter((r) => !isDefer(r));
    const embedCounts = sent.map((r) => bodyOf(r).embeds?.length ?? 0);
    // 12 stories of about 1,700 characters: at most three fit in 6,000.
    expect(embedCounts.reduce((a, b) => a + b, 0)).toBe(12);
    expect(Math.max(...embedCounts)).toBeLessThanOrEqual(3);
    for (const r of sent) expect(bodyOf(r).flags ?? 0).toBe(0);
  });

  it('replaces a public deferral with an ephemeral follow-up when the answer is an error', async () => {
    const { token } = h.fake.sendCommand({ name: 'brief', options: [str('topic', 'nothing-known-here')] });
    const follow = await h.fake.waitForRequest((r) => r.path === `/webhooks/${h.fake.applicationId}/${token}` && r.method === 'POST');
    const all = h.fake.interactionRequests(token).map((r) => r.method);
    expect(all).toEqual(['POST', 'DELETE', 'POST']);
    expect(bodyOf(follow).flags).toBe(64);
    expect(bodyOf(follow).content).toContain('I have no news on');
  });

  it('defers /help ephemerally and edits it in place', async () => {
    const { token } = h.fake.sendCommand({ name: 'help' });
    const edit = await h.fake.waitForRequest((r) => r.path.includes(token) && r.method === 'PATCH');
    const [defer] = h.fake.interactionRequests(token);
    expect(bodyOf(defer!).data?.flags).toBe(64);
    expect(bodyOf(edit).content).toContain('Usage');
  });
});
