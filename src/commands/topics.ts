import type { Reply } from '../chat/reply.js';
import type { Library } from '../news/library-api.js';

const SHOWN = 30;

export function topicsCommand(library: Library): Reply {
  const topics = library.topics(SHOWN);
  if (topics.length === 0) return { kind: 'text', text: 'I have no documents loaded yet.', private: true };
  const lines = topics.map((t) => `${t.name} (${t.count})`);
  return {
    kind: 'text',
    text: `Topics I can brief on now, most covered first (documents in brackets):\n${lines.join(' · ')}\n\nTry: /brief ${topics[0]!.name}`,
  };
}
