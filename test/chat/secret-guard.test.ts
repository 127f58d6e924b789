import { describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createSecretGuard, guardAdapter, REDACTED } from '../../src/chat/secret-guard.js';
import type { Adapter } from '../../src/chat/adapter.js';
import type { ChannelRef, CommandRequest, Dispatch, Reply } from '../../src/chat/reply.js';
import { captureLogger } from '../news/log-capture.js';

const BOT = 'xoxb-4242-4242-SecretGuardCanary';
const APP = 'xapp-1-A4242-SecretGuardAppCanary';

function recordingAdapter(platform: string): Adapter & { dispatch?: Dispatch; posts: Reply[] } {
  const adapter: Adapter & { dispatch?: Dispatch; posts: Reply[] } = {
    platform,
    posts: [],
    async start(dispatch) {
      adapter.dispatch = dispatch;
    },
    async post(_channel: ChannelRef, reply: Reply) {
      adapter.posts.push(reply);
      return { ok: true, messageIds: ['1'] };
    },
    async stop() {},
  };
  return adapter;
}

const request = (name: string, text: string): CommandRequest => ({
  name,
  text,
  options: {},
  user: { id: 'U1', isAdmin: async () => true },
  channel: 'slack:C0GUARD',
});

describe('the secret guard', () => {
  it('passes a reply without secrets through untouched, as the same object', () => {
    const guard = createSecretGuard([{ name: 'SLACK_BOT_TOKEN', value: BOT }], captureLogger().logger);
    const reply: Reply = { kind: 'text', text: 'nothing secret here' };
    expect(guard.reply(reply, 'test')).toBe(reply);
  });

  it('replaces a secret anywhere in a reply and logs the variable, never the value', () => {
    const cap = captureLogger();
    const guard = createSecretGuard([{ name: 'SLACK_BOT_TOKEN', value: BOT }, { name: 'SLACK_APP_TOKEN', value: APP }], cap.logger);
    const out = guard.reply({ kind: 'error', code: 'internal', text: `token ${BOT} and ${APP}` }, 'reply to /brief');
    expect(out).toEqual({ kind: 'error', code: 'internal', text: `token ${REDACTED} and ${REDACTED}` });
    const lines = JSON.stringify(cap.lines);
    expect(lines).toContain('SLACK_BOT_TOKEN');
    expect(lines).toContain('SLACK_APP_TOKEN');
    expect(lines).not.toContain('Canary');
    expect(cap.warnings()).toHaveLength(1);
  });

  it('keeps other methods of the adapter it wraps working', async () => {
    const inner = { ...recordingAdapter('slack'), state: () => 'up' as const };
    const guarded = guardAdapter(inner, createSecretGuard([], captureLogger().logger));
    expect(guarded.state?.()).toBe('up');
    expect(guarded.platform).toBe('slack');
  });
});

describe('a running app with a document that quotes its own token', () => {
  it('sends neither a briefing nor a digest with the token in it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'newsbrief-guard-'));
    mkdirSync(join(dir, 'seeds'));
    writeFileSync(
      join(dir, 'seeds', 'leak.txt'),
      `Harbour token leak\n\nThe harbour office pasted ${BOT} into its notice about the harbour closing on Friday.\nThe harbour reopens on Monday after repairs to the sea wall, the harbour master said.\n`,
    );
    const config = loadConfig({
      NEWSBRIEF_SEEDS_DIR: join(dir, 'seeds'),
      NEWSBRIEF_DB: join(dir, 'nb.db'),
      NEWSBRIEF_CONFIG: join(import.meta.dirname, '..', '..', 'config', 'newsbrief.json'),
      SLACK_BOT_TOKEN: BOT,
      SLACK_APP_TOKEN: APP,
    });
    const cap = captureLogger('warn');
    const adapter = recordingAdapter('slack');
    const app = await createApp(config, { logger: cap.logger, adapters: [adapter] });
    try {
      await app.start();
      const reply = await adapter.dispatch!(request('brief', 'harbour'));
      expect(reply.kind).toBe('briefing');
      expect(JSON.stringify(reply)).not.toContain(BOT);
      expect(JSON.stringify(reply)).toContain(REDACTED);
      const digest = app.library().digest({ topics: [], limit: 5, now: new Date() });
      await app.adapters[0]!.post('slack:C0GUARD', { kind: 'digest', digest });
      expect(adapter.posts).toHaveLength(1);
      expect(JSON.stringify(adapter.posts[0])).not.toContain(BOT);
      expect(cap.warnings().filter((w) => /SLACK_BOT_TOKEN/.test(w.msg))).toHaveLength(2);
    } finally {
      await app.stop();
    }
  });
});
