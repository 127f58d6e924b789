import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSlackAdapter, type SlackAdapter } from '../../../src/chat/slack/adapter.js';
import type { CommandRequest } from '../../../src/chat/reply.js';
import { signSlackRequest, startFakeSlack, validateSlackMessage, type FakeSlack } from '../../fakes/slack/index.js';
import { chinaLibrary, memoryLogger, testDispatch } from './helpers.js';

/** Bolt's HTTP receiver: Slack's signed requests in, answers at the fake's response URLs. */

const SECRET = 'fake-signing-secret';
let fake: FakeSlack;
let adapter: SlackAdapter;
let dispatched: CommandRequest[];

beforeEach(async () => {
  fake = await startFakeSlack();
  dispatched = [];
  const inner = testDispatch(chinaLibrary());
  adapter = createSlackAdapter(
    { botToken: fake.botToken, signingSecret: SECRET, mode: 'http', port: 0, apiUrl: fake.apiUrl },
    { logger: memoryLogger('info').logger, replyVisibility: 'channel' },
  );
  await adapter.start(async (req) => {
    dispatched.push(req);
    return inner(req);
  });
});

afterEach(async () => {
  await adapter.stop();
  await fake.close();
});

function eventsUrl(): string {
  const port = adapter.httpPort();
  if (!port) throw new Error('adapter is not listening');
  return `http://127.0.0.1:${port}/slack/events`;
}

async function postCommand(body: string, headers: Record<string, string>): Promise<Response> {
  return fetch(eventsUrl(), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body });
}

describe('Slack adapter in HTTP mode', () => {
  it('answers a correctly signed /brief with a briefing at the response URL', async () => {
    expect(adapter.state()).toBe('up');
    const { body, responseUrlId } = fake.slashCommandForm({ command: '/brief', text: 'china', channel_id: 'C0NEWS' });
    const res = await postCommand(body, signSlackRequest(SECRET, body));
    expect(res.status).toBe(200);
    const [answer] = await fake.waitFor(() => fake.responsesFor(responseUrlId).length > 0 && fake.responsesFor(responseUrlId));
    expect(answer?.['response_type']).toBe('in_channel');
    expect(validateSlackMessage(answer, { maxBlockChars: 10_000 })).toEqual([]);
    expect(JSON.stringify(answer)).toContain('China and the EU meet on trade');
    expect(dispatched.map((r) => [r.name, r.text, r.channel])).toEqual([['brief', 'china', 'slack:C0NEWS']]);
  });

  it.each([
    ['a bad signature', (body: string) => ({ ...signSlackRequest(SECRET, body), 'x-slack-signature': `v0=${'0'.repeat(64)}` })],
    ['a signature made with another secret', (body: string) => signSlackRequest('not-the-secret', body)],
    ['no signature', (body: string) => ({ 'x-slack-request-timestamp': signSlackRequest(SECRET, body)['x-slack-request-timestamp'] })],
    ['a timestamp over 5 minutes old', (body: string) => signSlackRequest(SECRET, body, Math.floor(Date.now() / 1000) - 6 * 60)],
  ])('rejects a request with %s with 401 and posts nothing', async (_name, headersFor) => {
    const { body, responseUrlId } = fake.slashCommandForm({ command: '/brief', text: 'china' });
    const res = await postCommand(body, headersFor(body));
    expect(res.status).toBe(401);
    await new Promise((r) => setTimeout(r, 200));
    expect(fake.responsesFor(responseUrlId)).toEqual([]);
    expect(fake.messages).toEqual([]);
    expect(dispatched).toEqual([]);
  });

  it('rejects a correctly signed request dated 10 minutes in the future with 401', async () => {
    const { body, responseUrlId } = fake.slashCommandForm({ command: '/brief', text: 'china' });
    const res = await postCommand(body, signSlackRequest(SECRET, body, Math.floor(Date.now() / 1000) + 10 * 60));
    expect(res.status).toBe(401);
    await new Promise((r) => setTimeout(r, 200));
    expect(fake.responsesFor(responseUrlId)).toEqual([]);
    expect(dispatched).toEqual([]);
  });

  it('answers a signed request replayed within the window once', async () => {
    const { body, responseUrlId } = fake.slashCommandForm({ command: '/brief', text: 'china', channel_id: 'C0NEWS' });
    const headers = signSlackRequest(SECRET, body);
    expect((await postCommand(body, headers)).status).toBe(200);
    await fake.waitFor(() => fake.responsesFor(responseUrlId).length > 0);
    const replay = await postCommand(body, headers);
    expect(replay.status).toBe(200);
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.responsesFor(responseUrlId)).toHaveLength(1);
    expect(dispatched).toHaveLength(1);
  });

  it('still answers a second command with the same text, signed afresh', async () => {
    for (let i = 0; i < 2; i++) {
      const { body } = fake.slashCommandForm({ command: '/brief', text: 'china' });
      expect((await postCommand(body, signSlackRequest(SECRET, body))).status).toBe(200);
    }
    await fake.waitFor(() => dispatched.length === 2);
    expect(dispatched).toHaveLength(2);
  });

  it('rejects a body changed after signing', async () => {
    const { body, responseUrlId } = fake.slashCommandForm({ command: '/brief', text: 'china' });
    const headers = signSlackRequest(SECRET, body);
    const res = await postCommand(body.replace('china', 'wales'), headers);
    expect(res.status).toBe(401);
    await new Promise((r) => setTimeout(r, 100));
    expect(fake.responsesFor(responseUrlId)).toEqual([]);
    expect(dispatched).toEqual([]);
  });

  it('stops listening on stop', async () => {
    const url = eventsUrl();
    await adapter.stop();
    expect(adapter.state()).toBe('down');
    await expect(fetch(url, { method: 'POST', body: '' })).rejects.toThrow();
  });
});

describe('Slack adapter in HTTP mode, starting', () => {
  it('fails to start with a clear error when the port is taken, and leaves nothing listening', async () => {
    const fake = await startFakeSlack();
    const first = createSlackAdapter(
      { botToken: fake.botToken, signingSecret: SECRET, mode: 'http', port: 0, apiUrl: fake.apiUrl },
      { logger: memoryLogger('error').logger, replyVisibility: 'channel' },
    );
    await first.start(testDispatch(chinaLibrary()));
    const second = createSlackAdapter(
      { botToken: fake.botToken, signingSecret: SECRET, mode: 'http', port: first.httpPort()!, apiUrl: fake.apiUrl },
      { logger: memoryLogger('error').logger, replyVisibility: 'channel' },
    );
    await expect(second.start(testDispatch(chinaLibrary()))).rejects.toThrow(/Slack failed to start: .*EADDRINUSE/);
    expect(second.state()).toBe('down');
    await first.stop();
    await fake.close();
  });

  it('refuses to start with a wrong bot token, naming Slack\'s reason', async () => {
    const fake = await startFakeSlack();
    const a = createSlackAdapter(
      { botToken: 'xoxb-wrong', signingSecret: SECRET, mode: 'http', port: 0, apiUrl: fake.apiUrl },
      { logger: memoryLogger('error').logger, replyVisibility: 'channel' },
    );
    const err = await a.start(testDispatch(chinaLibrary())).then(() => undefined, (e: Error) => e);
    expect(err?.message).toMatch(/Slack failed to start: .*invalid_auth/);
    expect(err?.message).not.toContain('xoxb-wrong');
    expect(a.httpPort()).toBeUndefined();
    await a.stop();
    await fake.close();
  });
});
