import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeDiscord, type FakeDiscord } from './server.js';

/** The fake itself: the checks it makes must be able to fail, or the adapter tests prove nothing. */
let fake: FakeDiscord;

beforeAll(async () => {
  fake = await startFakeDiscord();
});

afterAll(async () => {
  await fake.close();
});

const auth = () => ({ authorization: `Bot ${fake.token}` });

describe('the fake Discord', () => {
  it('answers a body the spec rejects with 400 Invalid Form Body and lists the violation', async () => {
    const res = await fetch(`${fake.apiUrl}/v10/channels/123/messages`, {
      method: 'POST',
      headers: { ...auth(), 'content-type': 'application/json' },
      body: JSON.stringify({ content: 'x', embeds: [{ title: 't'.repeat(300) }] }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { code: number }).code).toBe(50035);
    expect(fake.specViolations()).toEqual(['POST /channels/123/messages: /embeds/0/title must NOT have more than 256 characters']);
    fake.requests.length = 0;
  });

  it('validates the payload_json of a multipart body', async () => {
    const form = new FormData();
    form.set('payload_json', JSON.stringify({ type: 4, data: { content: 'x'.repeat(2001) } }));
    const res = await fetch(`${fake.apiUrl}/v10/interactions/1/tok/callback`, { method: 'POST', body: form });
    expect(res.status).toBe(400);
    expect(fake.specViolations().join('\n')).toContain('content');
    fake.requests.length = 0;
  });

  it('refuses REST calls without the bot token', async () => {
    const res = await fetch(`${fake.apiUrl}/v10/users/@me`);
    expect(res.status).toBe(401);
    fake.requests.length = 0;
  });
});
