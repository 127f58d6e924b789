import { describe, it, expect } from 'vitest';
import { createDispatcher } from '../../src/commands/dispatch.js';
import type { CommandDecl } from '../../src/commands/command.js';
import type { CommandRequest, UserRef } from '../../src/chat/reply.js';
import { silentLogger } from '../../src/log.js';
import { tinyLibrary, doc } from '../helpers/tiny-library.js';
import { commandSettings } from '../helpers/command-settings.js';

const library = tinyLibrary([
  doc({ id: 'a', title: 'Blinken warns China', text: 'Blinken says China tried to influence the US election.', tags: ['world'] }),
  doc({ id: 'b', title: 'Cup final tonight', text: 'The final kicks off at eight.', tags: ['sport'] }),
]);
const clock = { now: () => new Date('2026-11-27T10:00:00Z') };
const member: UserRef = { id: 'U1', isAdmin: async () => false };

function request(name: string, text = '', user: UserRef = member): CommandRequest {
  return { name, text, options: {}, user, channel: 'slack:C1' };
}

describe('the dispatcher', () => {
  const dispatch = createDispatcher({ library: () => library, settings: commandSettings({ admins: ['slack:UADMIN'] }), clock, logger: silentLogger });

  it('answers /brief china with a briefing led by the matching document', async () => {
    const reply = await dispatch(request('brief', 'china'));
    expect(reply.kind).toBe('briefing');
    if (reply.kind === 'briefing') expect(reply.briefing.stories[0]!.doc.id).toBe('a');
  });

  it('accepts the command name with a leading slash and in any case', async () => {
    expect((await dispatch(request('/BRIEF', 'china'))).kind).toBe('briefing');
  });

  it('says there is no news on an unknown topic and names topics it knows', async () => {
    const reply = await dispatch(request('brief', 'cricket'));
    expect(reply).toMatchObject({ kind: 'error', code: 'no_match' });
    if (reply.kind === 'error') expect(reply.text).toMatch(/no news on “cricket”.*world/);
  });

  it('lists topics with their counts', async () => {
    const reply = await dispatch(request('topics'));
    expect(reply.kind).toBe('text');
    if (reply.kind === 'text') expect(reply.text).toContain('sport (1)');
  });

  it('answers /help privately with every command', async () => {
    const reply = await dispatch(request('help'));
    expect(reply).toMatchObject({ kind: 'text', private: true });
    if (reply.kind === 'text') for (const c of ['/brief', '/topics', '/digest subscribe', '/digest unsubscribe']) expect(reply.text).toContain(c);
  });

  it('answers an unknown command with a usage error', async () => {
    expect(await dispatch(request('weather'))).toMatchObject({ kind: 'error', code: 'usage' });
  });

  it('turns a bug inside a command into a short apology and logs it', async () => {
    const errors: unknown[] = [];
    const logger = { ...silentLogger, error: (obj: unknown) => errors.push(obj) } as unknown as typeof silentLogger;
    const broken = createDispatcher({
      library: () => {
        throw new Error('index exploded');
      },
      settings: commandSettings(),
      clock,
      logger,
    });
    const reply = await broken(request('brief', 'china'));
    expect(reply).toMatchObject({ kind: 'error', code: 'internal' });
    if (reply.kind === 'error') expect(reply.text).not.toContain('index exploded');
    expect(errors).toHaveLength(1);
  });
});

/** A command with subcommands, declared here, that records what reaches it. */
function recordingGroup(calls: string[]): CommandDecl {
  const echo = (label: string) => ({ args }: { args: string }) => {
    calls.push(`${label} ${args}`.trim());
    return { kind: 'text' as const, text: 'ok' };
  };
  return {
    name: 'jobs',
    description: 'Jobs for this channel',
    subcommands: [
      { name: 'now', description: 'Run now', run: echo('now') },
      { name: 'add', description: 'Add one', access: 'admins', options: [{ name: 'what', description: 'What' }], run: echo('add') },
      { name: 'remove', description: 'Remove one', access: 'admins', options: [{ name: 'id', description: 'Which', required: true }], run: echo('remove') },
    ],
  };
}

describe('subcommands and rights, from the declarations', () => {
  const setup = (admins: string[] = []) => {
    const calls: string[] = [];
    const dispatch = createDispatcher({ library: () => library, settings: commandSettings({ admins }), clock, logger: silentLogger }, [recordingGroup(calls)]);
    return { calls, dispatch };
  };
  const admin: UserRef = { id: 'U2', isAdmin: async () => true };

  it('routes each subcommand with the text after it', async () => {
    const { calls, dispatch } = setup();
    await dispatch(request('jobs', 'now'));
    await dispatch(request('jobs', 'ADD china at 08:00', admin));
    await dispatch(request('jobs', 'remove 3', admin));
    expect(calls).toEqual(['now', 'add china at 08:00', 'remove 3']);
  });

  it('gives a usage message for a missing or unknown subcommand, a missing required option and text where none is taken', async () => {
    const { calls, dispatch } = setup();
    const texts: string[] = [];
    for (const text of ['', 'weekly', 'remove', 'now please']) {
      const reply = await dispatch(request('jobs', text, admin));
      expect(reply).toMatchObject({ kind: 'error', code: 'usage' });
      if (reply.kind === 'error') texts.push(reply.text);
    }
    expect(texts[0]).toBe('Usage: /jobs now | /jobs add [what] | /jobs remove <id>');
    expect(texts[1]).toMatch(/^Unknown \/jobs subcommand “weekly”/);
    expect(texts[2]).toBe('“/jobs remove” needs <id>: which.\nUsage: /jobs remove <id>');
    expect(texts[3]).toBe('“/jobs now” takes nothing after it.\nUsage: /jobs now');
    expect(calls).toEqual([]);
  });

  it('refuses an admins-only subcommand to a member, privately and without running it', async () => {
    const { calls, dispatch } = setup();
    const reply = await dispatch(request('jobs', 'add china'));
    expect(reply).toMatchObject({ kind: 'error', code: 'forbidden' });
    if (reply.kind === 'error') expect(reply.text).toMatch(/can use \/jobs add/);
    expect(calls).toEqual([]);
  });

  it('lets in a user listed in config admins, bare or with the platform, even when the platform says no', async () => {
    for (const id of ['U1', 'slack:U1']) {
      const { calls, dispatch } = setup([id]);
      expect(await dispatch(request('jobs', 'add china'))).toMatchObject({ kind: 'text' });
      expect(calls).toEqual(['add china']);
    }
  });

  it('says it could not check the rights, and runs nothing, when the platform lookup fails', async () => {
    const { calls, dispatch } = setup();
    const flaky: UserRef = { id: 'U9', isAdmin: () => Promise.reject(new Error('users.info timed out')) };
    const reply = await dispatch(request('jobs', 'remove 3', flaky));
    expect(reply).toMatchObject({ kind: 'error', code: 'unavailable' });
    if (reply.kind === 'error') expect(reply.text).toMatch(/could not check your rights.*try again/);
    expect(calls).toEqual([]);
  });

  it('does not ask the platform for rights a subcommand does not need', async () => {
    const { dispatch } = setup();
    const asked: string[] = [];
    const user: UserRef = { id: 'U3', isAdmin: async () => (asked.push('asked'), false) };
    await dispatch(request('jobs', 'now', user));
    expect(asked).toEqual([]);
  });
});

describe('/digest without a store', () => {
  it('says digests are unavailable', async () => {
    const dispatch = createDispatcher({ library: () => library, settings: commandSettings(), clock, logger: silentLogger });
    expect(await dispatch(request('digest', 'list'))).toMatchObject({ kind: 'error', code: 'unavailable' });
  });
});
