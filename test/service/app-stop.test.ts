import { describe, it, expect } from 'vitest';
import { mkdtempSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/log.js';
import type { Adapter } from '../../src/chat/adapter.js';
import type { CommandRequest, Dispatch, Reply } from '../../src/chat/reply.js';

const root = join(import.meta.dirname, '..', '..');

function recordingAdapter(events: string[]): Adapter & { dispatch?: Dispatch } {
  const adapter: Adapter & { dispatch?: Dispatch } = {
    platform: 'console',
    async start(dispatch) {
      adapter.dispatch = dispatch;
      events.push('adapter started');
    },
    async post() {
      return { ok: true, messageIds: ['1'] };
    },
    state: () => 'up',
    async stop() {
      events.push('adapter stopped');
    },
  };
  return adapter;
}

const brief: CommandRequest = {
  name: 'brief',
  text: 'china',
  options: {},
  user: { id: 'u1', isAdmin: async () => false },
  channel: 'console:stdin',
};

describe('stopping the app', () => {
  it('answers the command in flight, refuses later ones politely, stops the adapter after, and closes the database', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'newsbrief-stop-'));
    cpSync(join(root, 'seeds'), join(dir, 'seeds'), { recursive: true });
    const config = loadConfig({ NEWSBRIEF_CONFIG: join(root, 'config', 'newsbrief.json'), NEWSBRIEF_SEEDS_DIR: join(dir, 'seeds'), NEWSBRIEF_DB: join(dir, 'nb.db') });
    const events: string[] = [];
    const adapter = recordingAdapter(events);
    const app = await createApp(config, { logger: silentLogger, adapters: [adapter] });
    await app.start();

    const inFlight = adapter.dispatch!(brief).then((r: Reply) => {
      events.push('reply ready');
      return r;
    });
    const stopping = app.stop();
    expect(app.stopping()).toBe(true);
    const late = await adapter.dispatch!(brief);
    expect(late).toMatchObject({ kind: 'error', code: 'unavailable' });

    expect((await inFlight).kind).toBe('briefing');
    await stopping;
    expect(events).toEqual(['adapter started', 'reply ready', 'adapter stopped']);

    expect(() => app.store.subscriptions.list()).toThrow(/not open/);
    const db = new Database(join(dir, 'nb.db'), { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });
});
