import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Reply } from '../../../src/chat/reply.js';
import { startHarness, library, type Harness, mentionPolicyViolations } from './harness.js';

let h: Harness;
let channel = 800000000000000000n;
/** A fresh channel per test, so message counts are per test. */
const nextChannel = () => String(++channel);

const briefing = (): Reply => {
  const r = library.brief('china', { now: new Date('2024-04-27T00:00:00Z') });
  if (r.kind !== 'ok') throw new Error('the test library lost its china stories');
  return { kind: 'briefing', briefing: r.briefing };
};

beforeAll(async () => {
  h = await startHarness({ restRetries: 1 });
});

afterAll(async () => {
  await h.close();
});

afterEach(() => {
  expect(h.fake.specViolations()).toEqual([]);
  expect(mentionPolicyViolations(h.fake)).toEqual([]);
});

describe('posting to a Discord channel', () => {
  it('posts a briefing with a nonce, enforce_nonce and no mentions allowed', async () => {
    const id = nextChannel();
    const result = await h.adapter.post(`discord:${id}`, briefing(), { idempotencyKey: 'digest:1:2024-04-27' });
    expect(result.ok).toBe(true);
    const posts = h.fake.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${id}/messages`);
    expect(posts).toHaveLength(1);
    const body = posts[0]!.body as { nonce: string; enforce_nonce: boolean; allowed_mentions: unknown; content: string };
    expect(body.enforce_nonce).toBe(true);
    expect(body.nonce.length).toBeLessThanOrEqual(25);
    expect(body.allowed_mentions).toEqual({ parse: [] });
    expect(result).toEqual({ ok: true, messageIds: [h.fake.channelMessages(id)[0]!.id] });
  });

  it('posts the same idempotency key twice as one message', async () => {
    const id = nextChannel();
    await h.adapter.post(`discord:${id}`, briefing(), { idempotencyKey: 'k-twice' });
    await h.adapter.post(`discord:${id}`, briefing(), { idempotencyKey: 'k-twice' });
    expect(h.fake.channelMessages(id)).toHaveLength(1);
  });

  it('waits out a 429 with retry_after and delivers exactly one message', async () => {
    const id = nextChannel();
    h.fake.failNextChannelPosts(1, { kind: 'rate_limit', retryAfterSeconds: 0.05 });
    const result = await h.adapter.post(`discord:${id}`, { kind: 'text', text: 'hello' }, { idempotencyKey: 'k-429' });
    expect(result.ok).toBe(true);
    const attempts = h.fake.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${id}/messages`);
    expect(attempts.map((r) => r.status)).toEqual([429, 200]);
    expect(h.fake.channelMessages(id)).toHaveLength(1);
  });

  it.each([
    [403, 50001, 'missing_access'],
    [404, 10003, 'unknown_channel'],
    [403, 50013, 'missing_permissions'],
  ] as const)('maps HTTP %i with Discord code %i to a permanent %s', async (status, code, error) => {
    const id = nextChannel();
    h.fake.failNextChannelPosts(1, { kind: 'error', status, code });
    const result = await h.adapter.post(`discord:${id}`, { kind: 'text', text: 'hello' });
    expect(result).toMatchObject({ ok: false, error, permanent: true });
    expect(h.fake.channelMessages(id)).toHaveLength(0);
  });

  it('reports a 5xx that outlasts the retries as transient', async () => {
    const id = nextChannel();
    h.fake.failNextChannelPosts(5, { kind: 'error', status: 503 });
    const result = await h.adapter.post(`discord:${id}`, { kind: 'text', text: 'hello' });
    h.fake.clearFaults();
    expect(result).toMatchObject({ ok: false, error: 'transient', permanent: false });
    // restRetries: 1 — the first try and one retry, then the adapter gives up for the ledger to retry later.
    expect(h.fake.requests.filter((r) => r.path === `/channels/${id}/messages`).map((r) => r.status)).toEqual([503, 503]);
  });

  it('refuses a channel that is not a Discord channel without calling Discord', async () => {
    const before = h.fake.requests.length;
    const result = await h.adapter.post('slack:C0123', { kind: 'text', text: 'hello' });
    expect(result).toMatchObject({ ok: false, error: 'unknown_channel', permanent: true });
    expect(h.fake.requests.length).toBe(before);
  });

  it('finds a post by its idempotency key after the fact, and not one that never happened', async () => {
    const id = nextChannel();
    const since = new Date(Date.now() - 60_000);
    expect((await h.adapter.post(`discord:${id}`, briefing(), { idempotencyKey: 'digest:42' })).ok).toBe(true);
    await expect(h.adapter.findPosted!(`discord:${id}`, 'digest:42', since)).resolves.toBe(true);
    await expect(h.adapter.findPosted!(`discord:${id}`, 'digest:43', since)).resolves.toBe(false);
  });

  it('finds a post behind more than a page of other messages', async () => {
    const id = nextChannel();
    const since = new Date(Date.now() - 60_000);
    for (let i = 0; i < 150; i++) h.fake.addChannelMessage(id, `chatter ${i}`);
    expect((await h.adapter.post(`discord:${id}`, { kind: 'text', text: 'late digest' }, { idempotencyKey: 'digest:paged' })).ok).toBe(true);
    await expect(h.adapter.findPosted!(`discord:${id}`, 'digest:paged', since)).resolves.toBe(true);
    const reads = h.fake.requests.filter((r) => r.method === 'GET' && r.path === `/channels/${id}/messages`);
    expect(reads).toHaveLength(2);
  });

  it('says unknown rather than false when the bot cannot read the channel history', async () => {
    const id = nextChannel();
    h.fake.addChannelMessage(id, 'someone else');
    h.fake.hideHistory(id);
    await expect(h.adapter.findPosted!(`discord:${id}`, 'digest:hidden', new Date(Date.now() - 60_000))).resolves.toBe('unknown');
  });

  it('says false when the history is readable and the post is not in it', async () => {
    const id = nextChannel();
    h.fake.addChannelMessage(id, 'an older message');
    await expect(h.adapter.findPosted!(`discord:${id}`, 'digest:never', new Date())).resolves.toBe(false);
  });

  it('says unknown when it cannot read the channel', async () => {
    await expect(h.adapter.findPosted!('discord:not-a-number', 'digest:42', new Date())).resolves.toBe('unknown');
  });
});
