import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REST } from 'discord.js';
import type { CommandDecl } from '../../src/commands/command.js';
import { commands } from '../../src/commands/index.js';
import { createDispatcher } from '../../src/commands/dispatch.js';
import { helpText } from '../../src/commands/help.js';
import { commandDefinitions } from '../../src/chat/discord/commands.js';
import { registerCommands } from '../../src/chat/discord/register.js';
import { createConsoleAdapter } from '../../src/chat/console/adapter.js';
import { createSlackAdapter, type SlackAdapter } from '../../src/chat/slack/adapter.js';
import type { Dispatch } from '../../src/chat/reply.js';
import { silentLogger } from '../../src/log.js';
import { startFakeSlack, type FakeSlack } from '../fakes/slack/index.js';
import { str, sub } from '../fakes/discord/interactions.js';
import { startHarness, type Harness } from '../chat/discord/harness.js';
import { commandSettings } from '../helpers/command-settings.js';
import { tinyLibrary } from '../helpers/tiny-library.js';

/**
 * The promise of src/commands: a command declared in one file, listed in the registry, is in
 * /help, in Discord's registration body, and answered on every platform, with no other change.
 */
const notes: CommandDecl = {
  name: 'notes',
  description: 'Notes for this channel',
  examples: ['/notes add buy milk'],
  subcommands: [
    {
      name: 'add',
      description: 'Add a note',
      access: 'admins',
      options: [
        { name: 'text', description: 'What to note', required: true, maxLength: 200 },
        { name: 'tag', keyword: 'tag', description: 'A tag', autocomplete: 'topic' },
      ],
      run: ({ args, req }) => ({ kind: 'text', text: `noted in ${req.channel}: ${args}` }),
    },
    { name: 'list', description: 'The notes', audience: 'asker', run: () => ({ kind: 'text', text: 'no notes yet' }) },
  ],
};

const withNotes = [...commands, notes];
const library = tinyLibrary([]);
const dispatch: Dispatch = createDispatcher(
  { library: () => library, settings: commandSettings({ admins: ['slack:UADMIN', 'discord:730000000000000001'] }), clock: { now: () => new Date() }, logger: silentLogger },
  withNotes,
);

describe('a new command declared in one file', () => {
  it('appears in /help with its subcommands, who may run them and its example', async () => {
    expect(helpText(withNotes)).toContain('• /notes add <text> [tag tag] — add a note (admins)');
    expect(helpText(withNotes)).toContain('• /notes list — the notes');
    const reply = await dispatch({ name: 'help', text: '', options: {}, user: { id: 'U1', isAdmin: async () => false }, channel: 'slack:C1' });
    expect(reply.kind === 'text' && reply.text).toContain('/notes add buy milk');
  });

  it('is in the body Discord registration sends, and the spec accepts it', async () => {
    const h = await startHarness();
    try {
      const rest = new REST({ api: h.fake.apiUrl }).setToken(h.fake.token);
      await registerCommands(rest, { applicationId: h.fake.applicationId, guildId: '720000000000000009' }, commandDefinitions(withNotes));
      rest.clearHashSweeper();
      rest.clearHandlerSweeper();
      const put = h.fake.requests.find((r) => r.method === 'PUT');
      expect(put?.specErrors).toEqual([]);
      const registered = (put?.body as { name: string; options?: { name: string; options?: { name: string; autocomplete?: boolean }[] }[] }[]).find((c) => c.name === 'notes');
      expect(registered?.options?.map((o) => o.name)).toEqual(['add', 'list']);
      expect(registered?.options?.[0]?.options).toEqual([
        expect.objectContaining({ name: 'text', required: true }),
        expect.objectContaining({ name: 'tag', autocomplete: true }),
      ]);
    } finally {
      await h.close();
    }
  });
});

describe('a new command is dispatched on all three platforms', () => {
  it('in the console', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let out = '';
    output.on('data', (c: Buffer) => (out += c.toString()));
    await new Promise<void>((resolve) => {
      void createConsoleAdapter({ input, output, interactive: false, onEnd: resolve }).start(dispatch);
      input.end('/notes add buy milk\nnotes list\n');
    });
    expect(out).toContain('noted in console:stdin: buy milk');
    expect(out).toContain('no notes yet');
  });

  describe('in Slack, through the fake Slack', () => {
    let fake: FakeSlack;
    let adapter: SlackAdapter;
    beforeAll(async () => {
      fake = await startFakeSlack();
      adapter = createSlackAdapter(
        { botToken: fake.botToken, appToken: fake.appToken, mode: 'socket', port: 0, apiUrl: fake.apiUrl },
        { logger: silentLogger, replyVisibility: 'channel' },
      );
      await adapter.start(dispatch);
    });
    afterAll(async () => {
      await adapter.stop();
      await fake.close();
    });

    const ask = async (text: string, user = 'UADMIN') => {
      const sent = fake.sendSlashCommand({ command: '/notes', text, channel_id: 'C0NOTES', user_id: user });
      await fake.waitFor(() => fake.responsesFor(sent.responseUrlId).length > 0);
      return fake.responsesFor(sent.responseUrlId)[0]!;
    };

    it('answers an admin in the channel and the list only to the asker', async () => {
      const added = await ask('add buy milk');
      expect(added['response_type']).toBe('in_channel');
      expect(String(added['text'])).toContain('noted in slack:C0NOTES: buy milk');
      expect((await ask('list'))['response_type']).toBe('ephemeral');
    });
  });

  it('in Discord, through the fake Discord, with the typed options rebuilt into the text', async () => {
    const h = await startHarness({ commands: withNotes }, dispatch);
    try {
      const { token } = h.fake.sendCommand({ name: 'notes', options: [sub('add', [str('text', 'buy milk'), str('tag', 'home')])] });
      const body = (await h.fake.waitForRequest((r) => r.path.includes(token) && r.path.endsWith('/callback'))).body as { data: { content?: string; flags?: number } };
      expect(body.data.content).toBe('noted in discord:710000000000000001: buy milk tag home');
      expect(body.data.flags ?? 0).toBe(0);
      const auto = h.fake.sendAutocomplete({ name: 'notes', options: [sub('add', [str('text', 'x'), str('tag', 'chin', true)])] });
      const choices = (await h.fake.waitForRequest((r) => r.path.includes(auto.token))).body as { type: number };
      expect(choices.type).toBe(8);
    } finally {
      await h.close();
    }
  });
});
