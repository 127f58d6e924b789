import type { Reply } from '../chat/reply.js';

export const USAGE = {
  brief: '/brief [topic] — a short, sourced briefing on a topic (a word, a name or a phrase); no topic: the top stories now',
  topics: '/topics — the topics I can brief on now, most covered first',
  digest:
    '/digest now | /digest subscribe [topic …] [at HH:MM] [tz Area/City] | /digest list | /digest unsubscribe <id>',
  help: '/help — this message',
} as const;

export function helpReply(): Reply {
  const text = [
    'newsbrief answers with short briefings from the news it has read; every sentence comes from a cited document.',
    '',
    `• ${USAGE.brief}`,
    `• ${USAGE.topics}`,
    '• /digest now — the digest for this channel now',
    '• /digest subscribe [topic …] [at HH:MM] [tz Area/City] — a daily digest in this channel (admins)',
    '• /digest list — this channel’s digests · /digest unsubscribe <id> — remove one (admins)',
    `• ${USAGE.help}`,
    '',
    'Examples: /brief china · /brief tony blair · /digest subscribe china tech at 08:00 tz Europe/London',
  ].join('\n');
  return { kind: 'text', text, private: true };
}
