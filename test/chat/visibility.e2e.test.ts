import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dispatch } from '../../src/chat/reply.js';
import type { ReplyVisibility } from '../../src/chat/present.js';
import { createSlackAdapter, type SlackAdapter } from '../../src/chat/slack/adapter.js';
import { createDispatcher } from '../../src/commands/dispatch.js';
import { silentLogger } from '../../src/log.js';
import { openStore, type Store } from '../../src/store/store.js';
import { startFakeSlack, type FakeSlack } from '../fakes/slack/index.js';
import { str, sub } from '../fakes/discord/interactions.js';
import type { RecordedRequest } from '../fakes/discord/server.js';
import { library, startHarness, type Harness } from './discord/harness.js';
import { commandSettings } from '../helpers/command-settings.js';

/**
 * README's rule, the same on both platforms: briefings, digests, /topics and /digest now follow
 * `replyVisibility`; /help, errors, usage and refusals are always only for the asker.
 */

let store: Store;
beforeAll(() => {
  store = openStore(':memory:');
});
afterAll(() => store.close());

const dispatchFor = (): Dispatch =>
  createDispatcher({ library: () => library, store, settings: commandSettings(), clock: { now: () => new Date('2024-04-27T00:00:00Z') }, logger: silentLogger });

/** [what is asked, Slack text, Discord options, private under "channel"] */
const cases: [string, string, string, Parameters<Harness['fake']['sendCommand']>[0], boolean][] = [
  ['/brief china', '/brief', 'china', { name: 'brief', options: [str('topic', 'china')] }, false],
  ['/topics', '/topics', '', { name: 'topics' }, false],
  ['/digest now', '/digest', 'now', { name: 'digest', options: [sub('now')] }, false],
  ['/help', '/help', '', { name: 'help' }, true],
  ['/brief with a usage error', '/brief', '@here', { name: 'brief', options: [str('topic', '@here')] }, true],
  ['/digest subscribe by a member (a refusal)', '/digest', 'subscribe china', { name: 'digest', options: [sub('subscribe', [str('topics', 'china')])] }, true],
];

describe.each(['channel', 'private'] as ReplyVisibility[])('with replyVisibility "%s"', (visibility) => {
  const expectPrivate = (privateInChannelMode: boolean) => privateInChannelMode || visibility === 'private';

  describe('Slack, through the fake Slack', () => {
    let fake: FakeSlack;
    let adapter: SlackAdapter;
    beforeAll(async () => {
      fake = await startFakeSlack();
      adapter = createSlackAdapter(
        { botToken: fake.botToken, appToken: fake.appToken, mode: 'socket', port: 0, apiUrl: fake.apiUrl },
        { logger: silentLogger, replyVisibility: visibility },
      );
      await adapter.start(dispatchFor());
    });
    afterAll(async () => {
      await adapter.stop();
      await fake.close();
    });

    it.each(cases)('answers %s', async (_what, command, text, _discord, privateInChannelMode) => {
      const sent = fake.sendSlashCommand({ command, text, channel_id: 'C0VIS', user_id: 'U0PLAIN' });
      await fake.waitFor(() => fake.responsesFor(sent.responseUrlId).length > 0);
      const types = fake.responsesFor(sent.responseUrlId).map((b) => b['response_type']);
      expect(new Set(types)).toEqual(new Set([expectPrivate(privateInChannelMode) ? 'ephemeral' : 'in_channel']));
    });
  });

  describe('Discord, through the fake Discord', () => {
    let h: Harness;
    beforeAll(async () => {
      h = await startHarness({ replyVisibility: visibility }, dispatchFor());
    });
    afterAll(async () => {
      await h.close();
    });

    it.each(cases)('answers %s', async (_what, _command, _text, input, privateInChannelMode) => {
      const { token } = h.fake.sendCommand(input);
      const body = (await h.fake.waitForRequest((r) => r.path.includes(token) && r.path.endsWith('/callback'))).body as { data: { flags?: number } };
      expect(body.data.flags ?? 0).toBe(expectPrivate(privateInChannelMode) ? 64 : 0);
      expect(h.fake.specViolations()).toEqual([]);
    });
  });

  describe('Discord, when the answer takes long enough to defer first', () => {
    let h: Harness;
    const isDefer = (r: RecordedRequest) => r.path.endsWith('/callback') && (r.body as { type?: number }).type === 5;
    beforeAll(async () => {
      const inner = dispatchFor();
      const seen = new Set<RecordedRequest>();
      // Answers only once the fake has seen the deferral, so the slow path is certain without timing.
      const slow: Dispatch = async (req) => {
        const defer = await h.fake.waitForRequest((r) => isDefer(r) && !seen.has(r));
        seen.add(defer);
        return inner(req);
      };
      h = await startHarness({ replyVisibility: visibility, deferAfterMs: 0 }, slow);
    });
    afterAll(async () => {
      await h.close();
    });

    it.each(cases.filter((c) => c[0] !== '/brief with a usage error' && !c[0].includes('refusal')))('defers %s with the visibility of its answer', async (_what, _c, _t, input, privateInChannelMode) => {
      const { token } = h.fake.sendCommand(input);
      const defer = await h.fake.waitForRequest((r) => r.path.includes(token) && isDefer(r));
      const wantPrivate = expectPrivate(privateInChannelMode);
      expect(((defer.body as { data?: { flags?: number } }).data?.flags ?? 0) === 64).toBe(wantPrivate);
      // Answered by editing the deferred message: no delete-and-follow-up to fix the visibility.
      await h.fake.waitForRequest((r) => r.path.includes(token) && r.method === 'PATCH');
      expect(h.fake.interactionRequests(token).some((r) => r.method === 'DELETE')).toBe(false);
    });
  });
});
