import { describe, expect, it } from 'vitest';
import type { Reply } from '../../src/chat/reply.js';
import type { NewsDocument, Story } from '../../src/news/types.js';
import { citationParts, formatDate, isPrivateReply, stripControl } from '../../src/chat/present.js';
import { renderReply as renderConsole } from '../../src/chat/console/render.js';
import { renderReply as renderSlack } from '../../src/chat/slack/render.js';
import { renderReply as renderDiscord } from '../../src/chat/discord/render.js';
import { doc } from '../helpers/tiny-library.js';

const story = (d: NewsDocument, related: NewsDocument[] = []): Story => ({
  doc: d,
  summary: { docId: d.id, headline: d.title, keyPoints: [], entities: [], keyPhrases: [] },
  sentences: [d.text],
  related,
});
const briefing = (stories: Story[]): Reply => ({ kind: 'briefing', briefing: { topic: 'x', generatedAt: new Date('2024-04-27T00:00:00Z'), stories, suggestions: [] } });
const digest: Reply = { kind: 'digest', digest: { title: 'D', generatedAt: new Date(0), groups: [] } };

describe('who sees a reply', () => {
  it.each([
    ['a briefing', briefing([]), false, true],
    ['a digest', digest, false, true],
    ['text such as /topics or /digest now', { kind: 'text', text: 't' } as Reply, false, true],
    ['text the command marks private', { kind: 'text', text: 't', private: true } as Reply, true, true],
    ['a usage error', { kind: 'error', code: 'usage', text: 'e' } as Reply, true, true],
    ['a refusal', { kind: 'error', code: 'forbidden', text: 'e' } as Reply, true, true],
    ['an apology', { kind: 'error', code: 'internal', text: 'e' } as Reply, true, true],
  ] as const)('keeps %s private: %s with "channel", %s with "private"', (_what, reply, inChannelMode, inPrivateMode) => {
    expect(isPrivateReply(reply, 'channel')).toBe(inChannelMode);
    expect(isPrivateReply(reply, 'private')).toBe(inPrivateMode);
  });
});

describe('dates', () => {
  it('shows a valid date as YYYY-MM-DD in UTC', () => {
    expect(formatDate(new Date('2024-04-26T23:30:00-05:00'))).toBe('2024-04-27');
  });

  it('shows an invalid or out-of-range date as "date unknown" and never throws', () => {
    for (const d of [new Date(Number.NaN), new Date(8.64e15), new Date(Date.UTC(-1, 0, 1)), new Date(Date.UTC(10_000, 0, 1)), undefined, '2024-01-01']) {
      expect(formatDate(d)).toBe('date unknown');
    }
  });
});

describe('citations', () => {
  it('gives source, date, the link, and how many similar stories were merged', () => {
    const d = doc({ id: 'a', title: 'T', text: 'x', source: 'BBC', url: 'https://bbc.co.uk/a' });
    expect(citationParts(story(d, [doc({ id: 'b', title: 'T', text: 'x' })]))).toEqual({ source: 'BBC', date: '2024-04-26', url: 'https://bbc.co.uk/a', similar: '+1 similar' });
  });

  it('falls back to the file when the URL is missing or not http(s)', () => {
    for (const url of [undefined, 'javascript:alert(1)', 'not a url', `https://x.example/${'a'.repeat(3000)}`]) {
      const d = doc({ id: 'a', title: 'T', text: 'x', path: 'world/001.txt', ...(url ? { url } : {}) });
      expect(citationParts(story(d))).toEqual({ date: '2024-04-26', file: 'world/001.txt' });
    }
  });
});

describe('every renderer with a document whose date is unusable', () => {
  const broken = [new Date(Number.NaN), new Date(8.64e15)].map((publishedAt, i) => story(doc({ id: `d${i}`, title: 'Headline', text: 'A sentence.', publishedAt })));

  it('says "date unknown" on the console, in Slack and on Discord, and renders the rest', () => {
    const reply = briefing(broken);
    expect(renderConsole(reply)).toContain('date unknown');
    expect(JSON.stringify(renderSlack(reply))).toContain('date unknown');
    const discord = renderDiscord(reply);
    expect(discord[0]!.embeds.map((e) => e.footer?.text)).toEqual(['date unknown · d0.txt', 'date unknown · d1.txt']);
    expect(discord[0]!.embeds.some((e) => e.timestamp !== undefined)).toBe(false);
  });
});

describe('control characters', () => {
  it('are stripped, newlines and tabs kept', () => {
    expect(stripControl('a\x1b[2Jb\x07c\u009b\n\td')).toBe('a[2Jbc\n\td');
  });
});
