import { afterEach, describe, expect, it } from 'vitest';
import { createDiscordAdapter } from '../../../src/chat/discord/adapter.js';
import { redactUrls } from '../../../src/chat/discord/interactions.js';
import { createLogger } from '../../../src/log.js';
import { startFakeDiscord, type FakeDiscord } from '../../fakes/discord/server.js';
import { startHarness, type Harness } from './harness.js';
import { commands } from '../../../src/commands/index.js';

function capture() {
  const lines: string[] = [];
  return { lines, logger: createLogger('debug', { pretty: false, destination: { write: (s: string) => void lines.push(s) } }) };
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

describe('what the Discord adapter logs', () => {
  it('fails to start with a clear message that does not contain a wrong token', async () => {
    const fake: FakeDiscord = await startFakeDiscord();
    const { lines, logger } = capture();
    const secret = 'MTIz.wrong-token.SECRET';
    const adapter = createDiscordAdapter({ token: secret, apiUrl: fake.apiUrl }, { logger, suggestTopics: () => [], commands });
    cleanups.push(async () => {
      await adapter.stop();
      await fake.close();
    });
    const failure = await adapter.start(async () => ({ kind: 'text', text: 'x' })).then(
      () => undefined,
      (err: unknown) => err as Error,
    );
    expect(failure?.message).toMatch(/^Discord login failed/);
    expect(failure?.message).not.toContain(secret);
    expect(adapter.state?.()).toBe('down');
    expect(lines.join('')).not.toContain(secret);
  });

  it('logs a command that throws with its cause, and never the token', async () => {
    const { lines, logger } = capture();
    let h: Harness | undefined;
    h = await startHarness({ logger });
    cleanups.push(() => h!.close());
    const { token } = h.fake.sendCommand({ name: 'explode' });
    await h.fake.waitForRequest((r) => r.path.includes(token));
    const log = lines.join('');
    expect(log).toContain('kaboom in /explode');
    expect(log).not.toContain(h.fake.token);
  });

  it('removes interaction tokens from URLs in error messages', () => {
    expect(redactUrls('PATCH https://discord.com/api/v10/webhooks/123/aW50ZXJhY3Rpb24.tok/messages/@original failed')).toBe(
      'PATCH https://discord.com/api/v10/webhooks/123/[token]/messages/@original failed',
    );
    expect(redactUrls('POST /interactions/456/secret-token/callback')).toBe('POST /interactions/456/[token]/callback');
  });
});
