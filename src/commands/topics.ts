import type { CommandDecl } from './command.js';

const SHOWN = 30;

export const topics: CommandDecl = {
  name: 'topics',
  description: 'The topics I can brief on now, most covered first',
  audience: 'channel',
  run({ library }) {
    const found = library().topics(SHOWN);
    if (found.length === 0) return { kind: 'text', text: 'I have no documents loaded yet.', private: true };
    const lines = found.map((t) => `${t.name} (${t.count})`);
    return {
      kind: 'text',
      text: `Topics I can brief on now, most covered first (documents in brackets):\n${lines.join(' · ')}\n\nTry: /brief ${found[0]!.name}`,
    };
  },
};
