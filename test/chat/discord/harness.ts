import type { Adapter } from '../../../src/chat/adapter.js';
import type { CommandRequest, Dispatch, Reply } from '../../../src/chat/reply.js';
import { createDiscordAdapter, type DiscordAdapterDeps } from '../../../src/chat/discord/adapter.js';
import { silentLogger } from '../../../src/log.js';
import { startFakeDiscord, type FakeDiscord } from '../../fakes/discord/server.js';
import { doc, tinyLibrary } from '../../helpers/tiny-library.js';
import { commands } from '../../../src/commands/index.js';

export const library = tinyLibrary([
  doc({
    id: 'c1',
    title: 'China’s economy grows faster than expected',
    text: 'China’s economy grew 5.3% in the first quarter, beating forecasts.',
    source: 'BBC',
    url: 'https://www.bbc.co.uk/news/business-1',
    tags: ['china', 'business'],
  }),
  doc({
    id: 'c2',
    title: 'Chinese tech firms rally @everyone <@123456789012345678>',
    text: 'Shares in Chinese technology companies rose sharply @here after new rules.',
    source: 'CNN',
    url: 'https://edition.cnn.com/2024/04/26/tech/china',
    tags: ['china', 'tech'],
  }),
  doc({ id: 's1', title: 'Cup final goes to penalties', text: 'The final was settled on penalties after a 1-1 draw.', source: 'BBC', tags: ['sport'] }),
]);

/** A small dispatcher over real Replies, standing in for src/commands (tested on its own). */
export function testDispatch(calls: CommandRequest[]): Dispatch {
  return async (req): Promise<Reply> => {
    calls.push(req);
    switch (req.name) {
      case 'brief': {
        if (/[^\p{L}\p{N} '’-]/u.test(req.text)) {
          return { kind: 'error', code: 'usage', text: 'A topic is a word, a name or a phrase.\nUsage: /brief [topic]' };
        }
        const r = library.brief(req.text || undefined, { limit: 5, now: new Date('2024-04-27T00:00:00Z') });
        if (r.kind === 'no_match') return { kind: 'error', code: 'no_match', text: `I have no news on “${r.topic}”.` };
        return { kind: 'briefing', briefing: r.briefing };
      }
      case 'topics':
        return { kind: 'text', text: library.topics().map((t) => `${t.name} (${t.count})`).join('\n') };
      case 'help':
        return { kind: 'text', text: 'Usage: /brief [topic]', private: true };
      case 'digest':
        if (req.options.subcommand === 'subscribe' && !(await req.user.isAdmin())) {
          return { kind: 'error', code: 'forbidden', text: 'Only people who can manage this server can subscribe.' };
        }
        return { kind: 'text', text: `digest ${req.text}` };
      default:
        throw new Error(`kaboom in /${req.name}`);
    }
  };
}

export interface Harness {
  fake: FakeDiscord;
  adapter: Adapter;
  calls: CommandRequest[];
  close(): Promise<void>;
}

export async function startHarness(deps: Partial<DiscordAdapterDeps> = {}, dispatch?: Dispatch): Promise<Harness> {
  const fake = await startFakeDiscord();
  const calls: CommandRequest[] = [];
  const adapter = createDiscordAdapter(
    { token: fake.token, applicationId: fake.applicationId, apiUrl: fake.apiUrl },
    { logger: silentLogger, suggestTopics: (p) => library.suggest(p), commands, ...deps },
  );
  await adapter.start(dispatch ?? testDispatch(calls));
  await fake.waitForReady();
  return {
    fake,
    adapter,
    calls,
    async close() {
      await adapter.stop();
      await fake.close();
    },
  };
}

/** Message bodies (not deferrals, autocomplete or registration) sent without allowed_mentions { parse: [] }. */
export function mentionPolicyViolations(fake: FakeDiscord): string[] {
  const out: string[] = [];
  for (const r of fake.requests) {
    if (r.method === 'GET' || r.method === 'DELETE' || r.method === 'PUT' || r.status >= 400) continue;
    const body = r.body as { type?: number; data?: { allowed_mentions?: unknown }; allowed_mentions?: unknown } | undefined;
    let mentions: unknown;
    if (r.path.endsWith('/callback')) {
      if (body?.type !== 4) continue;
      mentions = body.data?.allowed_mentions;
    } else {
      mentions = body?.allowed_mentions;
    }
    if (JSON.stringify(mentions) !== '{"parse":[]}') out.push(`${r.method} ${r.path}: allowed_mentions ${JSON.stringify(mentions)}`);
  }
  return out;
}
