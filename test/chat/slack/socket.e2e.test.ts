import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSlackAdapter, type SlackAdapter } from '../../../src/chat/slack/adapter.js';
import type { Dispatch } from '../../../src/chat/reply.js';
import { startFakeSlack, validateSlackMessage, type FakeSlack } from '../../fakes/slack/index.js';
import { chinaLibrary, memoryLogger, testDispatch } from './helpers.js';
import { doc } from '../../helpers/tiny-library.js';

/** Bolt in Socket Mode against the local fake Slack: the real WebSocket protocol, the real acks. */

let fake: FakeSlack;
let adapter: SlackAdapter | undefined;
let log: ReturnType<typeof memoryLogger>;

beforeEach(async () => {
  fake = await startFakeSlack({ users: { U0ADMIN: { is_admin: true }, U0OWNER: { is_primary_owner: true }, U0PLAIN: {} } });
  log = memoryLogger('debug');
});

afterEach(async () => {
  await adapter?.stop();
  adapter = undefined;
  await fake.close();
});

async function startAdapter(dispatch: Dispatch, replyVisibility: 'channel' | 'private' = 'channel'): Promise<SlackAdapter> {
  adapter = createSlackAdapter(
    // As config.ts hands it over: SLACK_API_URL without its trailing slash.
    { botToken: fake.botToken, appToken: fake.appToken, mode: 'socket', port: 0, apiUrl: fake.apiUrl.replace(/\/$/, '') },
    { logger: log.logger, replyVisibility, socketPingTimeoutMs: 500 },
  );
  await adapter.start(dispatch);
  return adapter;
}

describe('Slack adapter in Socket Mode', () => {
  it('opens its WebSocket through SLACK_API_URL with the app token and checks the bot token', async () => {
    const a = await startAdapter(testDispatch(chinaLibrary()));
    expect(a.state()).toBe('up');
    expect(fake.connections()).toBe(1);
    const open = fake.calls.find((c) => c.method === 'apps.connections.open');
    expect(open?.token).toBe(fake.appToken);
    expect(fake.calls.find((c) => c.method === 'auth.test')?.token).toBe(fake.botToken);
  });

  it('acks /brief china within 3 s and posts the briefing in the channel as valid blocks', async () => {
    await startAdapter(testDispatch(chinaLibrary()));
    const sent = fake.sendSlashCommand({ command: '/brief', text: 'china', channel_id: 'C0NEWS' });
    const ack = await sent.acked;
    expect(ack.afterMs).toBeLessThan(3000);
    const [body] = await fake.waitFor(() => fake.responsesFor(sent.responseUrlId).length > 0 && fake.responsesFor(sent.responseUrlId));
    expect(body?.['response_type']).toBe('in_channel');
    expect(validateSlackMessage(body, { maxBlockChars: 10_000 })).toEqual([]);
    const json = JSON.stringify(body);
    expect(json).toContain('China exports rise for a third month');
    expect(json).toContain('<https://www.bbc.co.uk/news/business-1|link>');
    expect(json).toContain('Asia &amp; Europe');
    expect(json).not.toContain('Rain in Wales');
    expect(fake.invalid).toEqual([]);
  });

  it('pings no one and stays within Block Kit limits for huge documents that try to mention everyone', async () => {
    const giant = 'China <!channel> says <@U123> and <!here> should read <http://evil.example|your bank>. @everyone '.repeat(800);
    const docs = Array.from({ length: 5 }, (_, i) =>
      doc({ id: `x${i}`, title: `China <!everyone> story ${i} ${'long '.repeat(200)}`, text: giant, source: '<@U0BOSS>', url: `https://news.example/${i}` }),
    );
    await startAdapter(testDispatch(chinaLibrary(docs)));
    const sent = fake.sendSlashCommand({ command: '/brief', text: 'china' });
    expect((await sent.acked).afterMs).toBeLessThan(3000);
    await fake.waitFor(() => fake.responsesFor(sent.responseUrlId).length >= 2, 10_000);
    await new Promise((r) => setTimeout(r, 200));
    const bodies = fake.responsesFor(sent.responseUrlId);
    expect(fake.invalid).toEqual([]);
    for (const body of bodies) {
      expect(validateSlackMessage(body, { maxBlockChars: 10_000 })).toEqual([]);
      expect(body['response_type']).toBe('in_channel');
      const json = JSON.stringify(body);
      for (const ping of ['<!channel>', '<!here>', '<!everyone>', '<@U123>', '<@U0BOSS>', '<http://evil']) expect(json).not.toContain(ping);
    }
    const stories = bodies.flatMap((b) => [...JSON.stringify(b).matchAll(/story (\d)/g)].map((m) => m[1]));
    expect([...new Set(stories)]).toEqual(['0', '1', '2', '3', '4']);
  });

  it('acks at once even while the answer is still being worked out', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    await startAdapter(async () => {
      await gate;
      return { kind: 'text', text: 'done' };
    });
    const sent = fake.sendSlashCommand({ command: '/brief', text: 'china' });
    await sent.acked;
    expect(fake.responsesFor(sent.responseUrlId)).toEqual([]);
    release();
    const [body] = await fake.waitFor(() => fake.responsesFor(sent.responseUrlId).length > 0 && fake.responsesFor(sent.responseUrlId));
    expect(body?.['text']).toBe('done');
  });

  it.each([
    ['asks it to reconnect', (f: FakeSlack) => f.sendDisconnect()],
    ['drops the connection', (f: FakeSlack) => f.dropConnections()],
  ])('reconnects when Slack %s, and keeps answering', async (_how, cut) => {
    const a = await startAdapter(testDispatch(chinaLibrary()));
    cut(fake);
    await fake.waitFor(() => fake.connections() === 2 && fake.openSockets() === 1, 15_000);
    await fake.waitFor(() => a.state() === 'up');
    expect(fake.calls.filter((c) => c.method === 'apps.connections.open')).toHaveLength(2);
    const sent = fake.sendSlashCommand({ command: '/brief', text: 'china' });
    await sent.acked;
    await fake.waitFor(() => fake.responsesFor(sent.responseUrlId).length > 0);
  });

  it('answers privately when replies are configured private', async () => {
    await startAdapter(testDispatch(chinaLibrary()), 'private');
    const sent = fake.sendSlashCommand({ command: '/brief', text: 'china' });
    const [body] = await fake.waitFor(() => fake.responsesFor(sent.responseUrlId).length > 0 && fake.responsesFor(sent.responseUrlId));
    expect(body?.['response_type']).toBe('ephemeral');
  });

  it('shows errors and private text only to the asker', async () => {
    await startAdapter(testDispatch(chinaLibrary()));
    const miss = fake.sendSlashCommand({ command: '/brief', text: 'atlantis' });
    const help = fake.sendSlashCommand({ command: '/help' });
    const [missBody] = await fake.waitFor(() => fake.responsesFor(miss.responseUrlId).length > 0 && fake.responsesFor(miss.responseUrlId));
    const [helpBody] = await fake.waitFor(() => fake.responsesFor(help.responseUrlId).length > 0 && fake.responsesFor(help.responseUrlId));
    expect(missBody?.['response_type']).toBe('ephemeral');
    expect(String(missBody?.['text'])).toContain('Nothing on "atlantis"');
    expect(helpBody?.['response_type']).toBe('ephemeral');
    expect(String(helpBody?.['text'])).toContain('Usage: /brief &lt;topic&gt;');
  });

  it('turns a throw inside the command into a short private apology and logs the cause', async () => {
    await startAdapter(async () => {
      throw new Error('index exploded');
    });
    const sent = fake.sendSlashCommand({ command: '/brief', text: 'china' });
    expect((await sent.acked).afterMs).toBeLessThan(3000);
    const [body] = await fake.waitFor(() => fake.responsesFor(sent.responseUrlId).length > 0 && fake.responsesFor(sent.responseUrlId));
    expect(body?.['response_type']).toBe('ephemeral');
    expect(String(body?.['text'])).toMatch(/^:warning: Sorry, something went wrong/);
    expect(JSON.stringify(body)).not.toContain('index exploded');
    expect(log.lines.some((l) => l.includes('index exploded') && l.includes('slack command failed'))).toBe(true);
  });

  it('asks users.info whether the user is an admin, only when a command needs it, and cannot tell when the lookup fails', async () => {
    await startAdapter(testDispatch(chinaLibrary()));
    const brief = fake.sendSlashCommand({ command: '/brief', text: 'china', user_id: 'U0ADMIN' });
    await fake.waitFor(() => fake.responsesFor(brief.responseUrlId).length > 0);
    expect(fake.calls.filter((c) => c.method === 'users.info')).toHaveLength(0);

    const answers: Record<string, string> = {};
    for (const user of ['U0ADMIN', 'U0OWNER', 'U0PLAIN', 'U0GHOST']) {
      const sent = fake.sendSlashCommand({ command: '/digest', text: 'subscribe china', user_id: user });
      const [body] = await fake.waitFor(() => fake.responsesFor(sent.responseUrlId).length > 0 && fake.responsesFor(sent.responseUrlId));
      answers[user] = String(body?.['text']);
    }
    expect(answers).toEqual({ U0ADMIN: 'admin ok', U0OWNER: 'admin ok', U0PLAIN: 'admins only', U0GHOST: 'could not check' });
    expect(fake.calls.filter((c) => c.method === 'users.info').map((c) => c.body['user'])).toEqual(['U0ADMIN', 'U0OWNER', 'U0PLAIN', 'U0GHOST']);
  });

  it('passes the command name without its slash, the text, the channel and the user', async () => {
    const seen: unknown[] = [];
    await startAdapter(async (req) => {
      seen.push({ name: req.name, text: req.text, channel: req.channel, user: req.user.id });
      return { kind: 'text', text: 'ok' };
    });
    const sent = fake.sendSlashCommand({ command: '/topics', text: '  ', channel_id: 'C0XYZ', user_id: 'U0PLAIN' });
    await fake.waitFor(() => fake.responsesFor(sent.responseUrlId).length > 0);
    expect(seen).toEqual([{ name: 'topics', text: '', channel: 'slack:C0XYZ', user: 'U0PLAIN' }]);
  });

  it('never writes a token to the log, even at debug level', async () => {
    await startAdapter(testDispatch(chinaLibrary()));
    const sent = fake.sendSlashCommand({ command: '/brief', text: 'china' });
    await fake.waitFor(() => fake.responsesFor(sent.responseUrlId).length > 0);
    await adapter?.post('slack:C0NEWS', { kind: 'text', text: 'hello' });
    expect(log.lines.length).toBeGreaterThan(0);
    const all = log.lines.join('\n');
    expect(all).not.toContain(fake.botToken);
    expect(all).not.toContain(fake.appToken);
    expect(all).not.toContain('verification-token-unused');
    // The payloads were logged (debug level), with their secrets blanked.
    expect(all).toContain('"token\\":\\"[redacted]');
  });

  it('fails to start with Slack\'s reason when the app token is wrong, without quoting it', async () => {
    adapter = createSlackAdapter(
      { botToken: fake.botToken, appToken: 'xapp-wrong-token', mode: 'socket', port: 0, apiUrl: fake.apiUrl },
      { logger: log.logger, replyVisibility: 'channel' },
    );
    const started = adapter.start(testDispatch(chinaLibrary()));
    await expect(started).rejects.toThrow(/Slack failed to start: .*invalid_auth/);
    await started.catch((err: Error) => expect(err.message).not.toContain('xapp-wrong-token'));
    expect(adapter.state()).toBe('down');
  });

  it('closes its socket on stop and reports itself down', async () => {
    const a = await startAdapter(testDispatch(chinaLibrary()));
    expect(fake.openSockets()).toBe(1);
    await a.stop();
    expect(a.state()).toBe('down');
    await fake.waitFor(() => fake.openSockets() === 0, 5000);
    // No reconnect after a deliberate stop.
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.connections()).toBe(1);
  });
});
