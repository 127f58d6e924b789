import { afterEach, describe, expect, it } from 'vitest';
import { createSlackAdapter, type SlackAdapter } from '../../../src/chat/slack/adapter.js';
import { startFakeSlack, type FakeSlack } from '../../fakes/slack/index.js';
import { chinaLibrary, memoryLogger, testDispatch, waitUntil } from './helpers.js';

/** Slack going away for a while must not end the process; the adapter keeps trying to come back. */

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

/** A Socket Mode adapter on the fake with a short ping timeout, started, stopped after the test. */
async function startedAdapter(fake: Awaited<ReturnType<typeof startFakeSlack>>) {
  const log = memoryLogger('info');
  const adapter = createSlackAdapter(
    { botToken: fake.botToken, appToken: fake.appToken, mode: 'socket', port: 0, apiUrl: fake.apiUrl },
    { logger: log.logger, replyVisibility: 'channel', socketPingTimeoutMs: 100 },
  );
  cleanup.push(() => adapter.stop());
  await adapter.start(testDispatch(chinaLibrary()));
  return { log, adapter };
}

describe('Slack adapter during an outage', () => {
  it('keeps retrying without an unhandled rejection while Slack is unreachable, then stops cleanly', async () => {
    const fake = await startFakeSlack();
    const { log, adapter } = await startedAdapter(fake);
    await fake.close();
    // Vitest fails the run on any unhandled rejection; two logged retries prove the loop goes on.
    await waitUntil(() => log.lines.filter((l) => l.includes('slack reconnect failed; will retry')).length >= 2, 20_000);
    expect(adapter.state()).toBe('connecting');
    await adapter.stop();
    expect(adapter.state()).toBe('down');
  }, 30_000);

  it('reconnects and answers again once Slack is back', async () => {
    const fake = await startFakeSlack();
    const port = Number(new URL(fake.url).port);
    const { log, adapter } = await startedAdapter(fake);
    await fake.close();
    await waitUntil(() => log.lines.some((l) => l.includes('slack reconnect failed; will retry')), 20_000);
    const back = await startFakeSlack({ port });
    cleanup.push(() => back.close());
    // Until Slack is back the retries pile up; once back, one of them gets through.
    await back.waitFor(() => back.openSockets() === 1, 20_000);
    await back.waitFor(() => adapter.state() === 'up');
    const sent = back.sendSlashCommand({ command: '/brief', text: 'china' });
    await sent.acked;
    const [body] = await back.waitFor(() => back.responsesFor(sent.responseUrlId).length > 0 && back.responsesFor(sent.responseUrlId));
    expect(JSON.stringify(body)).toContain('China exports rise');
  }, 30_000);

  it('fails to start with a clear error when Slack cannot be reached at all', async () => {
    const gone: FakeSlack = await startFakeSlack();
    await gone.close();
    const adapter: SlackAdapter = createSlackAdapter(
      { botToken: gone.botToken, appToken: gone.appToken, mode: 'socket', port: 0, apiUrl: gone.apiUrl },
      { logger: memoryLogger('error').logger, replyVisibility: 'channel' },
    );
    cleanup.push(() => adapter.stop());
    await expect(adapter.start(testDispatch(chinaLibrary()))).rejects.toThrow(/^Slack failed to start: /);
    expect(adapter.state()).toBe('down');
  }, 30_000);
});
