import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import type { APIEmbed } from 'discord.js';
import { createDispatcher } from '../../../src/commands/dispatch.js';
import { buildLibrary } from '../../../src/news/library.js';
import { loadFolder } from '../../../src/news/load.js';
import { systemClock } from '../../../src/news/types.js';
import { silentLogger } from '../../../src/log.js';
import type { Library } from '../../../src/news/library-api.js';
import { startHarness, mentionPolicyViolations, type Harness } from './harness.js';
import { str } from '../../fakes/discord/interactions.js';
import { commandSettings } from '../../helpers/command-settings.js';

/** The whole path: the seed documents, the real library and commands, discord.js, the fake Discord. */
const SEEDS = fileURLToPath(new URL('../../../../shared/seeds', import.meta.url));

let h: Harness;
let library: Library;

beforeAll(async () => {
  const loaded = await loadFolder(SEEDS, { maxFileBytes: 2 * 1024 * 1024, logger: silentLogger });
  library = buildLibrary(loaded.documents, { logger: silentLogger });
  const dispatch = createDispatcher({ library: () => library, settings: commandSettings(), clock: systemClock, logger: silentLogger });
  h = await startHarness({ suggestTopics: (p) => library.suggest(p, 25) }, dispatch);
});

afterAll(async () => {
  await h.close();
});

afterEach(() => {
  expect(h.fake.specViolations()).toEqual([]);
  expect(mentionPolicyViolations(h.fake)).toEqual([]);
});

const callback = (token: string) => h.fake.waitForRequest((r) => r.path.includes(token) && r.path.endsWith('/callback'));

describe('Discord with the real commands over the seed documents', () => {
  it('answers /brief china with a sourced briefing embed', async () => {
    expect(library.size).toBeGreaterThan(0);
    const { token } = h.fake.sendCommand({ name: 'brief', options: [str('topic', 'china')] });
    const body = (await callback(token)).body as { data: { content?: string; embeds?: APIEmbed[]; flags?: number } };
    expect(body.data.flags ?? 0).toBe(0);
    expect(body.data.content).toMatch(/Briefing: china/i);
    expect(body.data.embeds!.length).toBeGreaterThan(0);
    for (const e of body.data.embeds!) {
      expect(e.title).toBeTruthy();
      expect(e.description).toBeTruthy();
      expect(e.footer?.text).toMatch(/\d{4}-\d{2}-\d{2}/);
    }
  });

  it('answers /brief with an unusable topic ephemerally, with the usage', async () => {
    const { token } = h.fake.sendCommand({ name: 'brief', options: [str('topic', '!!!???')] });
    const body = (await callback(token)).body as { data: { content?: string; flags?: number } };
    expect(body.data.flags).toBe(64);
    expect(body.data.content).toContain('/brief');
  });

  it('autocompletes topics from the loaded documents', async () => {
    const { token } = h.fake.sendAutocomplete({ name: 'brief', options: [str('topic', 'chin', true)] });
    const body = (await h.fake.waitForRequest((r) => r.path.includes(token))).body as { data: { choices: { value: string }[] } };
    expect(body.data.choices.length).toBeGreaterThan(0);
    expect(body.data.choices.length).toBeLessThanOrEqual(25);
    expect(body.data.choices.map((c) => c.value)).toEqual(library.suggest('chin', 25).slice(0, body.data.choices.length));
  });

  it('answers /help only to the asker', async () => {
    const { token } = h.fake.sendCommand({ name: 'help' });
    const body = (await callback(token)).body as { data: { content?: string; flags?: number } };
    expect(body.data.flags).toBe(64);
    expect(body.data.content).toContain('/digest subscribe');
  });

  it('answers /digest without a store as unavailable, ephemerally', async () => {
    const { token } = h.fake.sendCommand({ name: 'digest', options: [{ type: 1, name: 'now', options: [] }] });
    const body = (await callback(token)).body as { data: { content?: string; flags?: number } };
    expect(body.data.flags).toBe(64);
    expect(body.data.content).toMatch(/not available/);
  });
});
