import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSlackAdapter, type SlackAdapter } from '../../../src/chat/slack/adapter.js';
import type { Reply } from '../../../src/chat/reply.js';
import type { Story } from '../../../src/news/types.js';
import { startFakeSlack, type FakeSlack } from '../../fakes/slack/index.js';
import { doc } from '../../helpers/tiny-library.js';
import { chinaLibrary, memoryLogger } from './helpers.js';

/** adapter.post and findPosted: chat.postMessage and conversations.history against the fake. */

let fake: FakeSlack;

beforeEach(async () => {
  fake = await startFakeSlack();
});

afterEach(async () => {
  await fake.close();
});

function adapterFor(f: FakeSlack, apiUrl = f.apiUrl, botToken = f.botToken): SlackAdapter {
  // Posting needs no running receiver: digests may go out before or without slash commands.
  return createSlackAdapter({ botToken, appToken: f.appToken, mode: 'socket', port: 0, apiUrl }, { logger: memoryLogger('warn').logger, replyVisibility: 'channel' });
}

function digestReply(): Reply {
  const lib = chinaLibrary();
  return { kind: 'digest', digest: lib.digest({ topics: [], limit: 3, now: new Date('2024-04-27T08:00:00Z') }) };
}

/** Twelve stories of about 3,000 characters each: several messages' worth. */
function hugeDigest(): Reply {
  const huge = 'Beijing said the talks went well. '.repeat(400);
  const stories: Story[] = Array.from({ length: 12 }, (_, i) => {
    const d = doc({ id: `h${i}`, title: `Story number ${i + 1}`, text: huge, url: `https://example.com/${i}` });
    return { doc: d, summary: { docId: d.id, headline: d.title, keyPoints: [], entities: [], keyPhrases: [] }, sentences: [huge], related: [] };
  });
  return { kind: 'digest', digest: { title: 'Daily digest: china', generatedAt: new Date(), groups: [{ topic: 'china', stories }] } };
}

const postCalls = () => fake.calls.filter((c) => c.method === 'chat.postMessage');

describe('posting to a Slack channel', () => {
  it('posts a digest to the channel and returns its message ts', async () => {
    const result = await adapterFor(fake).post('slack:C0NEWS', digestReply());
    expect(result).toEqual({ ok: true, messageIds: [fake.messages[0]?.ts] });
    expect(fake.messages).toHaveLength(1);
    expect(fake.messages[0]?.channel).toBe('C0NEWS');
    expect(JSON.stringify(fake.messages[0]?.blocks)).toContain('China exports rise for a third month');
  });

  it('tags the post with its idempotency key and never posts the same key twice', async () => {
    const a = adapterFor(fake);
    const first = await a.post('slack:C0NEWS', digestReply(), { idempotencyKey: 'digest:C0NEWS:2024-04-27' });
    const second = await a.post('slack:C0NEWS', digestReply(), { idempotencyKey: 'digest:C0NEWS:2024-04-27' });
    expect(fake.messages).toHaveLength(1);
    expect(second).toEqual(first);
    expect(fake.messages[0]?.metadata).toEqual({ event_type: 'newsbrief_digest', event_payload: { key: 'digest:C0NEWS:2024-04-27', part: 1, parts: 1 } });
  });

  it('uses a digest\'s marker as its key when no key is given', async () => {
    const a = adapterFor(fake);
    const reply = { ...digestReply(), marker: 'digest-42' } as Reply;
    await a.post('slack:C0NEWS', reply);
    await a.post('slack:C0NEWS', reply);
    expect(fake.messages).toHaveLength(1);
    expect(fake.messages[0]?.metadata?.event_payload['key']).toBe('digest-42');
  });

  it('finds an earlier post by its key after a restart, and only that key, only after `since`', async () => {
    const before = new Date(Date.now() - 60_000);
    await adapterFor(fake).post('slack:C0NEWS', digestReply(), { idempotencyKey: 'k-1' });
    const restarted = adapterFor(fake);
    expect(await restarted.findPosted('slack:C0NEWS', 'k-1', before)).toBe(true);
    expect(await restarted.findPosted('slack:C0NEWS', 'k-2', before)).toBe(false);
    expect(await restarted.findPosted('slack:C0OTHER', 'k-1', before)).toBe(false);
    expect(await restarted.findPosted('slack:C0NEWS', 'k-1', new Date(Date.now() + 60_000))).toBe(false);
    const history = fake.calls.find((c) => c.method === 'conversations.history');
    expect(history?.body['include_all_metadata']).toBe('true');
  });

  it('says "unknown" when the history cannot be read', async () => {
    const a = adapterFor(fake, fake.apiUrl, 'xoxb-revoked');
    expect(await a.findPosted('slack:C0NEWS', 'k-1', new Date(0))).toBe('unknown');
  });

  it('waits out a 429 with Retry-After: 1 and posts the message exactly once', async () => {
    fake.failNextPosts(1, { status: 429, retryAfter: 1 });
    const started = Date.now();
    const result = await adapterFor(fake).post('slack:C0NEWS', digestReply(), { idempotencyKey: 'rl' });
    expect(result.ok).toBe(true);
    expect(postCalls()).toHaveLength(2);
    expect(fake.messages).toHaveLength(1);
    // The wait is Slack's to set: a retry before Retry-After would be refused again.
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
  });

  it.each([
    ['not_in_channel', 'not_in_channel'],
    ['channel_not_found', 'channel_not_found'],
    ['is_archived', 'is_archived'],
    ['invalid_auth', 'invalid_auth'],
    ['account_inactive', 'invalid_auth'],
    ['token_revoked', 'invalid_auth'],
  ])('maps %s to a permanent %s failure without retrying', async (slackError, kind) => {
    fake.failNextPosts(1, { error: slackError });
    const result = await adapterFor(fake).post('slack:C0NEWS', digestReply());
    expect(result).toEqual({ ok: false, error: kind, permanent: true, detail: slackError });
    expect(postCalls()).toHaveLength(1);
    expect(fake.messages).toEqual([]);
  });

  it('reports a 5xx as transient and does not repost blindly', async () => {
    fake.failNextPosts(1, { status: 503 });
    const result = await adapterFor(fake).post('slack:C0NEWS', digestReply());
    expect(result).toMatchObject({ ok: false, error: 'transient', permanent: false });
    expect(postCalls()).toHaveLength(1);
  });

  it('reports an unreachable Slack as transient', async () => {
    const closed = await startFakeSlack();
    const url = closed.apiUrl;
    await closed.close();
    const result = await adapterFor(fake, url).post('slack:C0NEWS', digestReply());
    expect(result).toMatchObject({ ok: false, error: 'transient', permanent: false });
  });

  it('refuses a channel of another platform without calling Slack', async () => {
    const result = await adapterFor(fake).post('discord:123', digestReply());
    expect(result).toMatchObject({ ok: false, error: 'channel_not_found', permanent: true });
    expect(fake.calls).toEqual([]);
  });

  it('resumes a split post after a failure without repeating the parts already sent', async () => {
    const a = adapterFor(fake);
    const reply = hugeDigest();
    fake.failNextPosts(1, { status: 503 }, { after: 1 });
    const first = await a.post('slack:C0NEWS', reply, { idempotencyKey: 'resume' });
    expect(first).toMatchObject({ ok: false, error: 'transient', permanent: false });
    expect(first.ok === false && first.detail).toContain('after 1 of');
    expect(fake.messages).toHaveLength(1);
    const second = await a.post('slack:C0NEWS', reply, { idempotencyKey: 'resume' });
    expect(second.ok).toBe(true);
    const parts = fake.messages.map((m) => m.metadata?.event_payload['part']);
    expect(parts).toEqual(parts.map((_, i) => i + 1));
    expect(second.ok && second.messageIds).toEqual(fake.messages.map((m) => m.ts));
  });

  it('splits a digest too long for one message into several valid posts, in order', async () => {
    const reply = hugeDigest();
    const result = await adapterFor(fake).post('slack:C0NEWS', reply, { idempotencyKey: 'big' });
    expect(fake.invalid).toEqual([]);
    expect(result.ok).toBe(true);
    expect(fake.messages.length).toBeGreaterThan(1);
    const order = fake.messages.flatMap((m) => [...JSON.stringify(m.blocks).matchAll(/Story number (\d+)/g)].map((x) => Number(x[1])));
    expect(order).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(fake.messages.map((m) => m.metadata?.event_payload['part'])).toEqual(fake.messages.map((_, i) => i + 1));
  });
});
