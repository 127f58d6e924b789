import { describe, it, expect } from 'vitest';
import { createDispatcher } from '../../src/commands/dispatch.js';
import type { CommandRequest, Reply, UserRef } from '../../src/chat/reply.js';
import type { DigestCommands } from '../../src/schedule/digest-api.js';
import { silentLogger } from '../../src/log.js';
import { tinyLibrary, doc } from '../helpers/tiny-library.js';

const library = tinyLibrary([
  doc({ id: 'a', title: 'Blinken warns China', text: 'Blinken says China tried to influence the US election.', tags: ['world'] }),
  doc({ id: 'b', title: 'Cup final tonight', text: 'The final kicks off at eight.', tags: ['sport'] }),
]);
const clock = { now: () => new Date('2026-11-27T10:00:00Z') };
const member: UserRef = { id: 'U1', isAdmin: async () => false };

function request(name: string, text = '', user: UserRef = member): CommandRequest {
  return { name, text, options: {}, user, channel: 'slack:C1' };
}

function recordingDigests(): DigestCommands & { calls: string[]; admins: boolean[] } {
  const calls: string[] = [];
  const admins: boolean[] = [];
  const ok: Reply = { kind: 'text', text: 'ok' };
  return {
    calls,
    admins,
    async subscribe(_c, text, user) {
      calls.push(`subscribe ${text}`);
      admins.push(await user.isAdmin());
      return ok;
    },
    async list() {
      calls.push('list');
      return ok;
    },
    async unsubscribe(_c, id) {
      calls.push(`unsubscribe ${id}`);
      return ok;
    },
    async now() {
      calls.push('now');
      return ok;
    },
  };
}

describe('the dispatcher', () => {
  const dispatch = createDispatcher({ library: () => library, stories: 5, admins: ['slack:UADMIN'], clock, logger: silentLogger });

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

  it('says digests are unavailable when no digest service is wired', async () => {
    expect(await dispatch(request('digest', 'list'))).toMatchObject({ kind: 'error', code: 'unavailable' });
  });

  it('turns a bug inside a command into a short apology and logs it', async () => {
    const errors: unknown[] = [];
    const logger = { ...silentLogger, error: (obj: unknown) => errors.push(obj) } as unknown as typeof silentLogger;
    const broken = createDispatcher({
      library: () => {
        throw new Error('index exploded');
      },
      stories: 5,
      admins: [],
      clock,
      logger,
    });
    const reply = await broken(request('brief', 'china'));
    expect(reply).toMatchObject({ kind: 'error', code: 'internal' });
    if (reply.kind === 'error') expect(reply.text).not.toContain('index exploded');
    expect(errors).toHaveLength(1);
  });
});

describe('/digest routing', () => {
  it('routes each subcommand with its arguments', async () => {
    const digests = recordingDigests();
    const dispatch = createDispatcher({ library: () => library, digests, stories: 5, admins: [], clock, logger: silentLogger });
    await dispatch(request('digest', 'subscribe china at 08:00 tz Europe/London'));
    await dispatch(request('digest', 'list'));
    await dispatch(request('digest', 'unsubscribe 3'));
    await dispatch(request('digest', 'now'));
    expect(digests.calls).toEqual(['subscribe china at 08:00 tz Europe/London', 'list', 'unsubscribe 3', 'now']);
  });

  it('gives a usage message for a missing or unknown subcommand and an unsubscribe without id', async () => {
    const dispatch = createDispatcher({ library: () => library, digests: recordingDigests(), stories: 5, admins: [], clock, logger: silentLogger });
    for (const text of ['', 'weekly', 'unsubscribe', 'list everything']) {
      expect(await dispatch(request('digest', text))).toMatchObject({ kind: 'error', code: 'usage' });
    }
  });

  it('treats a user listed in config admins as an admin', async () => {
    const digests = recordingDigests();
    const dispatch = createDispatcher({ library: () => library, digests, stories: 5, admins: ['slack:UADMIN'], clock, logger: silentLogger });
    await dispatch(request('digest', 'subscribe china', { id: 'UADMIN', isAdmin: async () => false }));
    await dispatch(request('digest', 'subscribe china', member));
    expect(digests.admins).toEqual([true, false]);
  });
});
