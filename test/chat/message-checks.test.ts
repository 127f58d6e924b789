import { describe, expect, it } from 'vitest';
import { messageProblems as slackProblems } from '../../src/chat/slack/post.js';
import { renderDigest } from '../../src/chat/slack/render.js';
import { messageProblems as discordProblems } from '../../src/chat/discord/message-check.js';
import { renderReply as renderDiscord } from '../../src/chat/discord/render.js';
import { splitDigest } from '../../src/chat/split-digest.js';
import type { Digest, Story } from '../../src/news/types.js';

/** Checked before sending: what Slack would answer invalid_blocks or msg_too_long to, and Discord 50035. */

function digestOf(n: number): Digest {
  const stories: Story[] = Array.from({ length: n }, (_, i) => {
    const doc = { id: `d${i}`, title: `Story ${i}`, text: 'Text.', sections: [], publishedAt: new Date('2026-11-27T06:00:00Z'), path: `d${i}.txt`, tags: [] };
    return { doc, summary: { docId: doc.id, headline: doc.title, keyPoints: [], entities: [], keyPhrases: [] }, sentences: ['A sentence of the story, long enough to count. '.repeat(8)], related: [] };
  });
  return { title: 'Daily digest: trade', generatedAt: new Date('2026-11-27T08:00:00Z'), groups: [{ topic: 'trade', stories }] };
}

describe('messages are checked against the platform limits before they are sent', () => {
  it('finds nothing wrong with what the renderers make, however long the digest', () => {
    for (const message of renderDigest(digestOf(60))) expect(slackProblems(message)).toEqual([]);
    for (const message of renderDiscord({ kind: 'digest', digest: digestOf(60) })) expect(discordProblems(message)).toEqual([]);
  });

  it('names what Slack would refuse: too many blocks, an overlong section, too much text', () => {
    const section = (text: string) => ({ type: 'section' as const, text: { type: 'mrkdwn' as const, text } });
    expect(slackProblems({ text: 'x', blocks: Array.from({ length: 51 }, () => section('a')) })).toEqual(['51 blocks (at most 50)']);
    expect(slackProblems({ text: 'x', blocks: [section('a'.repeat(3001))] })).toEqual(['block 0: section of 3001 characters']);
    expect(slackProblems({ text: 'x'.repeat(40_001), blocks: [] })).toEqual(['text of 40001 characters (at most 40000)']);
  });

  it('names what Discord would refuse: too many embeds, overlong content, an empty message', () => {
    expect(discordProblems({ content: 'x'.repeat(2001), embeds: [] })).toEqual(['content of 2001 characters (at most 2000)']);
    expect(discordProblems({ embeds: Array.from({ length: 11 }, (_, i) => ({ title: `t${i}` })) })).toEqual(['11 embeds (at most 10)']);
    expect(discordProblems({ content: ' ', embeds: [] })).toEqual(['an empty message']);
  });
});

describe('a digest too long for one message', () => {
  it('is split into digests of one message each, in order, titled with their place', () => {
    const digest = digestOf(60);
    const parts = splitDigest(digest, (d) => renderDigest(d).length === 1);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(renderDigest(part)).toHaveLength(1);
    expect(parts.flatMap((p) => p.groups.flatMap((g) => g.stories.map((s) => s.doc.id)))).toEqual(digest.groups[0]!.stories.map((s) => s.doc.id));
    expect(parts.map((p) => p.title)).toEqual(parts.map((_, i) => `Daily digest: trade (${i + 1}/${parts.length})`));
  });

  it('is left whole when it fits', () => {
    const digest = digestOf(2);
    expect(splitDigest(digest, (d) => renderDigest(d).length === 1)).toEqual([digest]);
  });
});
