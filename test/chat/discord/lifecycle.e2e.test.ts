import { describe, expect, it } from 'vitest';
import { createDiscordAdapter } from '../../../src/chat/discord/adapter.js';
import { silentLogger } from '../../../src/log.js';
import { startFakeDiscord } from '../../fakes/discord/server.js';
import { str } from '../../fakes/discord/interactions.js';
import { startHarness } from './harness.js';
import { commands } from '../../../src/commands/index.js';

describe('the Discord adapter’s life', () => {
  it('is down before start, up once connected, and down with the gateway closed after stop', async () => {
    const fake = await startFakeDiscord();
    const adapter = createDiscordAdapter({ token: fake.token, apiUrl: fake.apiUrl }, { logger: silentLogger, suggestTopics: () => [], commands });
    try {
      expect(adapter.state?.()).toBe('down');
      await adapter.start(async () => ({ kind: 'text', text: 'x' }));
      await fake.waitForReady();
      await expect.poll(() => adapter.state?.()).toBe('up');
      expect(fake.gatewayConnections).toBe(1);
      await adapter.stop();
      expect(adapter.state?.()).toBe('down');
      await expect.poll(() => fake.gatewayConnections).toBe(0);
    } finally {
      await fake.close();
    }
  });

  it('can post before start, since posting needs only REST', async () => {
    const fake = await startFakeDiscord();
    const adapter = createDiscordAdapter({ token: fake.token, apiUrl: fake.apiUrl }, { logger: silentLogger, suggestTopics: () => [], commands });
    try {
      const result = await adapter.post('discord:123456789', { kind: 'text', text: 'early' });
      expect(result.ok).toBe(true);
      expect(fake.channelMessages('123456789').map((m) => m.content)).toEqual(['early']);
    } finally {
      await adapter.stop();
      await fake.close();
    }
  });

  it('answers autocomplete with no choices when the topic lookup fails', async () => {
    const h = await startHarness({
      suggestTopics: () => {
        throw new Error('library not loaded');
      },
    });
    try {
      const { token } = h.fake.sendAutocomplete({ name: 'brief', options: [str('topic', 'ch', true)] });
      const cb = await h.fake.waitForRequest((r) => r.path.includes(token));
      expect(cb.body).toEqual({ type: 8, data: { choices: [] } });
      expect(h.fake.specViolations()).toEqual([]);
    } finally {
      await h.close();
    }
  });
});

