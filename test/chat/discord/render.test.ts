import { describe, expect, it } from 'vitest';
import type { Reply } from '../../../src/chat/reply.js';
import type { Story } from '../../../src/news/types.js';
import { embedLength, packMessages, renderReply, storyEmbed } from '../../../src/chat/discord/render.js';
import { embedUrl, neutralizeMentions, splitText, truncate } from '../../../src/chat/discord/text.js';
import { LIMITS } from '../../../src/chat/discord/limits.js';
import { discordSpec } from '../../fakes/discord/spec.js';
import { doc } from '../../helpers/tiny-library.js';

function story(over: { title?: string; text?: string; url?: string; source?: string; related?: number; sentences?: string[] } = {}): Story {
  const d = doc({ id: 'd1', title: over.title ?? 'Markets rise', text: over.text ?? 'Markets rose.', url: over.url, source: over.source ?? 'BBC' });
  return {
    doc: d,
    summary: { docId: d.id, headline: d.title, keyPoints: [d.text], entities: [], keyPhrases: [] },
    sentences: over.sentences ?? [d.text],
    related: Array.from({ length: over.related ?? 0 }, (_, i) => doc({ id: `r${i}`, title: 'r', text: 'r' })),
  };
}

const briefing = (stories: Story[], topic?: string, suggestions: string[] = []): Reply => ({
  kind: 'briefing',
  briefing: { topic, generatedAt: new Date(0), stories, suggestions },
});

/** Every rendered message must be one Discord would take as a channel message. */
function expectValid(messages: ReturnType<typeof renderReply>) {
  for (const m of messages) {
    expect(discordSpec().validate('POST', '/channels/1/messages', { ...m, allowed_mentions: { parse: [] } })).toEqual([]);
  }
}

describe('neutralizeMentions', () => {
  it('defuses @everyone, @here and user, role and nickname mentions', () => {
    const out = neutralizeMentions('hi @everyone and @Here, <@123>, <@!456>, <@&789>');
    expect(out).not.toMatch(/@everyone|@here|<@\d|<@!|<@&/i);
    expect(out.replace(/\u200b/g, '')).toBe('hi @everyone and @Here, <@123>, <@!456>, <@&789>');
  });
});

describe('truncate and splitText', () => {
  it('cuts to the limit with an ellipsis and leaves short text alone', () => {
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(truncate('abc', 4)).toBe('abc');
  });

  it('never leaves half of an emoji at the cut', () => {
    const out = truncate(`${'a'.repeat(8)}😀😀`, 10);
    expect(out.length).toBeLessThanOrEqual(10);
    expect(out).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
  });

  it('splits long text at line breaks into chunks within the limit', () => {
    const text = Array.from({ length: 50 }, (_, i) => `line ${i} ${'z'.repeat(90)}`).join('\n');
    const chunks = splitText(text, 2000);
    expect(chunks.length).toBeGreaterThan(1);
    for (const c of chunks) expect(c.length).toBeLessThanOrEqual(2000);
    expect(chunks.join('\n')).toBe(text);
  });

  it('hard-splits a single line with no spaces', () => {
    const chunks = splitText('x'.repeat(4500), 2000);
    expect(chunks.map((c) => c.length)).toEqual([2000, 2000, 500]);
  });
});

describe('embedUrl', () => {
  it('keeps http(s) links and drops anything Discord would reject', () => {
    expect(embedUrl('https://bbc.co.uk/a')).toBe('https://bbc.co.uk/a');
    expect(embedUrl('javascript:alert(1)')).toBeUndefined();
    expect(embedUrl('not a url')).toBeUndefined();
    expect(embedUrl(`https://x.com/${'a'.repeat(2100)}`)).toBeUndefined();
    expect(embedUrl(undefined)).toBeUndefined();
  });
});

describe('storyEmbed', () => {
  it('puts the headline in the title, the link as URL and source and date in the footer', () => {
    const e = storyEmbed(story({ url: 'https://bbc.co.uk/a', related: 2 }));
    expect(e).toMatchObject({ title: 'Markets rise', url: 'https://bbc.co.uk/a', description: 'Markets rose.', footer: { text: 'BBC · 2024-04-26 · +2 similar' } });
    expect(e.timestamp).toBe('2024-04-26T12:00:00.000Z');
  });

  it('cites the file path when the story has no usable link', () => {
    expect(storyEmbed(story({ url: 'ftp://x' })).footer?.text).toBe('BBC · 2024-04-26 · d1.txt');
  });

  it('keeps every field within Discord’s limits however long the document is', () => {
    const e = storyEmbed(story({ title: 'T'.repeat(1000), sentences: ['s'.repeat(5000)], source: 'S'.repeat(3000) }));
    expect(e.title!.length).toBeLessThanOrEqual(LIMITS.title);
    expect(e.description!.length).toBeLessThanOrEqual(LIMITS.description);
    expect(embedLength(e)).toBeLessThanOrEqual(LIMITS.embedTotal);
  });

  it('defuses mentions in headlines and sentences', () => {
    const e = storyEmbed(story({ title: '@everyone look', sentences: ['ping <@123> @here'] }));
    expect(`${e.title} ${e.description}`).not.toMatch(/@everyone|@here|<@\d/);
  });
});

describe('packMessages', () => {
  const embed = (n: number) => ({ title: 't', description: 'd'.repeat(n - 1) });

  it('starts a new message after 10 embeds', () => {
    const messages = packMessages('head', Array.from({ length: 23 }, () => embed(10)));
    expect(messages.map((m) => m.embeds.length)).toEqual([10, 10, 3]);
    expect(messages[0]!.content).toBe('head');
    expect(messages[1]!.content).toBeUndefined();
  });

  it('starts a new message before the embeds pass 6000 characters', () => {
    const messages = packMessages('', Array.from({ length: 5 }, () => embed(2500)));
    expect(messages.map((m) => m.embeds.length)).toEqual([2, 2, 1]);
    for (const m of messages) expect(m.embeds.reduce((n, e) => n + embedLength(e), 0)).toBeLessThanOrEqual(6000);
  });
});

describe('renderReply', () => {
  it('renders a briefing as a header and one embed per story, with related topics', () => {
    const [m, ...rest] = renderReply(briefing([story(), story()], 'markets', ['stocks', 'bonds']));
    expect(rest).toEqual([]);
    expect(m!.content).toBe('**Briefing: markets** (2 stories)\nRelated: stocks, bonds');
    expect(m!.embeds).toHaveLength(2);
  });

  it('renders twelve long stories in several valid messages', () => {
    const stories = Array.from({ length: 12 }, () => story({ title: 'H'.repeat(300), sentences: ['s'.repeat(3000)] }));
    const messages = renderReply(briefing(stories, 'long'));
    expect(messages.flatMap((m) => m.embeds)).toHaveLength(12);
    expectValid(messages);
  });

  it('renders a digest with each story labelled by its group', () => {
    const reply: Reply = {
      kind: 'digest',
      digest: { title: 'Daily digest: china', generatedAt: new Date(0), groups: [{ topic: 'china', stories: [story()] }] },
    };
    const [m] = renderReply(reply, { marker: 'ref nbABC' });
    expect(m!.content).toBe('**Daily digest: china** (1 story)\n-# ref nbABC');
    expect(m!.embeds[0]!.author?.name).toBe('china');
  });

  it('splits a long text reply into messages of at most 2000 characters', () => {
    const text = Array.from({ length: 60 }, (_, i) => `topic-${i} ${'w'.repeat(60)}`).join('\n');
    const messages = renderReply({ kind: 'text', text });
    expect(messages.length).toBe(3);
    for (const m of messages) expect(m.content!.length).toBeLessThanOrEqual(2000);
    expect(messages.map((m) => m.content).join('\n')).toBe(text);
    expectValid(messages);
  });

  it('defuses mentions in text and error replies', () => {
    const [m] = renderReply({ kind: 'error', code: 'usage', text: 'no news on “@everyone <@&1>”' });
    expect(m!.content).not.toMatch(/@everyone|<@&/);
  });

  it('never renders an empty message', () => {
    expect(renderReply({ kind: 'text', text: '   ' })[0]!.content).toBe('(empty reply)');
  });
});
