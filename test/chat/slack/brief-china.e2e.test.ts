import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSlackAdapter, type SlackAdapter } from '../../../src/chat/slack/adapter.js';
import { createDispatcher } from '../../../src/commands/dispatch.js';
import { buildLibrary } from '../../../src/news/library.js';
import { loadFolder } from '../../../src/news/load.js';
import type { Library } from '../../../src/news/library-api.js';
import { silentLogger } from '../../../src/log.js';
import { startFakeSlack, validateSlackMessage, type FakeSlack } from '../../fakes/slack/index.js';
import { commandSettings } from '../../helpers/command-settings.js';

/** The scenario end to end: the seed documents, the real library and commands, Bolt over Socket Mode. */

const seedsDir = path.resolve(import.meta.dirname, '../../../seeds');
let fake: FakeSlack;
let adapter: SlackAdapter;
let library: Library;

beforeAll(async () => {
  const { documents } = await loadFolder(seedsDir, { maxFileBytes: 2 * 1024 * 1024, logger: silentLogger });
  library = buildLibrary(documents, { logger: silentLogger });
});

beforeEach(async () => {
  fake = await startFakeSlack();
  adapter = createSlackAdapter(
    { botToken: fake.botToken, appToken: fake.appToken, mode: 'socket', port: 0, apiUrl: fake.apiUrl },
    { logger: silentLogger, replyVisibility: 'channel' },
  );
  const dispatch = createDispatcher({ library: () => library, settings: commandSettings(), clock: { now: () => new Date() }, logger: silentLogger });
  await adapter.start(dispatch);
});

afterEach(async () => {
  await adapter.stop();
  await fake.close();
});

async function ask(command: string, text: string): Promise<Record<string, unknown>[]> {
  const sent = fake.sendSlashCommand({ command, text, channel_id: 'C0NEWS' });
  expect((await sent.acked).afterMs).toBeLessThan(3000);
  await fake.waitFor(() => fake.responsesFor(sent.responseUrlId).length > 0);
  return fake.responsesFor(sent.responseUrlId);
}

describe('/brief china in Slack, over the seed documents', () => {
  it('answers in the channel with a sourced briefing', async () => {
    expect(library.size).toBeGreaterThan(0);
    const [body] = await ask('/brief', 'china');
    expect(body?.['response_type']).toBe('in_channel');
    expect(validateSlackMessage(body, { maxBlockChars: 10_000 })).toEqual([]);
    const blocks = body?.['blocks'] as { type: string; text?: { text: string }; elements?: { text: string }[] }[];
    expect(blocks[0]).toMatchObject({ type: 'header', text: { text: 'Briefing: china' } });
    const sections = blocks.filter((b) => b.type === 'section').map((b) => b.text!.text);
    expect(sections.length).toBeGreaterThan(0);
    expect(sections.join('\n')).toMatch(/Chin|Beijing|Xi/);
    // Every story carries its citation right under it.
    const citations = blocks.filter((b) => b.type === 'context').slice(1).filter((b) => !b.elements![0]!.text.startsWith('Related:'));
    expect(citations.length).toBe(sections.length);
    for (const c of citations) expect(c.elements![0]!.text).toMatch(/\d{4}-\d{2}-\d{2}/);
  });

  it('answers /help privately and an unknown topic privately with suggestions', async () => {
    const [help] = await ask('/help', '');
    expect(help?.['response_type']).toBe('ephemeral');
    const [miss] = await ask('/brief', 'zzzqqq');
    expect(miss?.['response_type']).toBe('ephemeral');
    expect(String(miss?.['text'])).toContain('zzzqqq');
  });
});
