import { Writable } from 'node:stream';
import type { Dispatch, Reply } from '../../../src/chat/reply.js';
import type { Library } from '../../../src/news/library-api.js';
import type { NewsDocument } from '../../../src/news/types.js';
import { createLogger, type Logger } from '../../../src/log.js';
import { doc, tinyLibrary } from '../../helpers/tiny-library.js';

/** Documents about China and elsewhere, with the details a citation needs. */
export const chinaDocs: NewsDocument[] = [
  doc({
    id: 'd1',
    title: 'China exports rise for a third month',
    text: 'Chinese exports grew 8% in March, customs data showed. Beijing credited demand from Asia & Europe.',
    source: 'BBC',
    url: 'https://www.bbc.co.uk/news/business-1',
    tags: ['business'],
  }),
  doc({
    id: 'd2',
    title: 'China and the EU meet on trade',
    text: 'Officials from China and the EU met in Brussels to discuss tariffs on electric cars.',
    source: 'CNN',
    url: 'https://edition.cnn.com/2024/04/26/china-eu',
    tags: ['politics'],
  }),
  doc({ id: 'd3', title: 'Rain in Wales', text: 'It rained in Cardiff all week.', source: 'BBC', tags: ['weather'] }),
];

/** A small, real command layer over a Library, enough to drive an adapter end to end. */
export function testDispatch(library: Library, extra: (name: string, text: string) => Promise<Reply | undefined> = async () => undefined): Dispatch {
  return async (req) => {
    const custom = await extra(req.name, req.text);
    if (custom) return custom;
    switch (req.name) {
      case 'brief': {
        const r = library.brief(req.text || undefined, { limit: 5 });
        if (r.kind === 'no_match') return { kind: 'error', code: 'no_match', text: `Nothing on "${r.topic}". Try: ${r.suggestions.join(', ')}` };
        return { kind: 'briefing', briefing: r.briefing };
      }
      case 'topics':
        return { kind: 'text', text: library.topics().map((t) => `${t.name} (${t.count})`).join('\n') };
      case 'help':
        return { kind: 'text', text: 'Usage: /brief <topic>', private: true };
      case 'digest': {
        const admin = await req.user.isAdmin().catch(() => 'unknown' as const);
        return { kind: 'text', text: admin === 'unknown' ? 'could not check' : admin ? 'admin ok' : 'admins only', private: true };
      }
      default:
        return { kind: 'error', code: 'usage', text: `Unknown command /${req.name}` };
    }
  };
}

export function chinaLibrary(docs: NewsDocument[] = chinaDocs): Library {
  return tinyLibrary(docs);
}

/** A real pino logger whose lines are kept, to check what gets logged (and what never does). */
export function memoryLogger(level = 'debug'): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return { logger: createLogger(level, { destination, pretty: false }), lines };
}

/** Polls until `check` holds (tests never sleep for a fixed time when they can wait for a fact). */
export async function waitUntil(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
