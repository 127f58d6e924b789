import { describe, expect, it } from 'vitest';
import { renderBriefing, renderDigest, renderReply, renderText, storyCitation } from '../../../src/chat/slack/render.js';
import { LIMITS, blockTextLength, type Block, type SlackMessage } from '../../../src/chat/slack/blocks.js';
import type { Briefing, NewsDocument, Story } from '../../../src/news/types.js';
import { validateSlackMessage } from '../../fakes/slack/validate.js';
import { doc } from '../../helpers/tiny-library.js';

function story(d: NewsDocument, sentences: string[] = [d.text], related: NewsDocument[] = []): Story {
  return { doc: d, summary: { docId: d.id, headline: d.title, keyPoints: sentences, entities: [], keyPhrases: [] }, sentences, related };
}

function briefing(stories: Story[], topic: string | null = 'china', suggestions: string[] = []): Briefing {
  return { topic: topic ?? undefined, generatedAt: new Date('2024-04-27T09:00:00Z'), stories, suggestions };
}

/** Every limit of the Slack rendering, checked on every message. */
function expectValid(messages: SlackMessage[]): void {
  expect(messages.length).toBeGreaterThan(0);
  for (const m of messages) {
    expect(validateSlackMessage(m, { maxBlockChars: 10_000 })).toEqual([]);
    expect(m.blocks.length).toBeLessThanOrEqual(50);
    expect(m.blocks.reduce((n, b) => n + blockTextLength(b), 0)).toBeLessThanOrEqual(10_000);
    expect(m.text.length).toBeLessThanOrEqual(LIMITS.fallbackText);
    expect(m.blocks.at(-1)?.type).not.toBe('divider');
  }
}

const sectionTexts = (m: SlackMessage) => m.blocks.flatMap((b) => (b.type === 'section' ? [b.text.text] : []));
const contextTexts = (m: SlackMessage) => m.blocks.flatMap((b) => (b.type === 'context' ? b.elements.map((e) => e.text) : []));
const allText = (ms: SlackMessage[]) => ms.map((m) => JSON.stringify(m)).join('\n');

const bbc = doc({
  id: 'a',
  title: 'China exports rise',
  text: 'Exports grew 8% in March.',
  source: 'BBC',
  url: 'https://www.bbc.co.uk/news/business-1',
});
const cnn = doc({ id: 'b', title: 'EU and China talk trade', text: 'Talks were held in Brussels.', source: 'CNN', url: 'https://cnn.com/x' });

describe('rendering a briefing as Block Kit', () => {
  it('has a header, one section and citation per story, and dividers between stories', () => {
    const [m, ...rest] = renderBriefing(briefing([story(bbc), story(cnn, ['Talks were held in Brussels.'], [bbc])]));
    expect(rest).toEqual([]);
    const types = m!.blocks.map((b) => b.type);
    expect(types).toEqual(['header', 'context', 'section', 'context', 'divider', 'section', 'context']);
    expect(m!.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'Briefing: china', emoji: false } });
    expect(sectionTexts(m!)).toEqual(['1. *China exports rise*\nExports grew 8% in March.', '2. *EU and China talk trade*\nTalks were held in Brussels.']);
    expect(contextTexts(m!)).toEqual([
      '2 stories · 2024-04-27',
      'BBC · 2024-04-26 · <https://www.bbc.co.uk/news/business-1|link>',
      'CNN · 2024-04-26 · <https://cnn.com/x|link> · +1 similar',
    ]);
    expect(m!.text).toBe('Briefing: china\n1. China exports rise\n2. EU and China talk trade');
    expectValid([m!]);
  });

  it('calls a briefing without a topic "Top stories" and lists suggestions', () => {
    const [m] = renderBriefing(briefing([story(bbc)], null, ['trade', 'eu']));
    expect(m!.blocks[0]).toMatchObject({ text: { text: 'Top stories' } });
    expect(contextTexts(m!).at(-1)).toBe('Related: trade, eu');
  });

  it('says so when a briefing has no stories', () => {
    const messages = renderBriefing(briefing([]));
    expect(sectionTexts(messages[0]!)).toEqual(['No stories to show.']);
    expectValid(messages);
  });

  it('escapes pings and spoofed links in every piece of document and user text', () => {
    const evil = doc({
      id: 'e',
      title: 'Alert <!channel> for <@U123> *now*',
      text: 'Hi <!here> and <!everyone>, see <http://evil.example|your bank> & @channel @here @everyone <#C999> <!subteam^S1>.',
      source: 'Evil <@U999> News',
      url: 'https://ok.example/a|b>c',
    });
    const messages = renderBriefing(briefing([story(evil)], '<!channel> china', ['<@U1>']));
    expectValid(messages);
    const json = allText(messages);
    for (const raw of ['<!channel>', '<!here>', '<!everyone>', '<@U123>', '<@U999>', '<@U1>', '<http://evil', '<#C999>', '<!subteam']) {
      expect(json).not.toContain(raw);
    }
    expect(json).toContain('&lt;!channel&gt;');
    expect(json).toContain('&lt;http://evil.example|your bank&gt; &amp;');
    // The only link left is the citation's, with its "|" and ">" percent-encoded.
    expect(contextTexts(messages[0]!)[1]).toBe('Evil &lt;@U999&gt; News · 2024-04-26 · <https://ok.example/a%7Cb%3Ec|link>');
  });

  it('keeps a "*" in a headline from ending the bold early', () => {
    const [m] = renderBriefing(briefing([story(doc({ id: 's', title: 'Stars *and* stripes', text: 'x' }))]));
    expect(sectionTexts(m!)[0]).toMatch(/^1\. \*Stars \u2217and\u2217 stripes\*\n/);
  });

  it.each(['javascript:alert(1)', 'ftp://files.example/x', 'not a url', ''])('cites the file instead of the unsafe URL %j', (url) => {
    const d = doc({ id: 'u', title: 't', text: 'x', url, path: 'world/001.txt' });
    expect(storyCitation(story(d))).toBe('2024-04-26 · world/001.txt');
  });

  it('says "date unknown" for a document with an invalid date', () => {
    const d = doc({ id: 'u', title: 't', text: 'x', publishedAt: new Date('nope'), url: 'https://a.example/' });
    expect(storyCitation(story(d))).toBe('date unknown · <https://a.example/|link>');
  });

  it('keeps a briefing over huge documents within every limit', () => {
    const giant = 'Beijing & Washington <talks> continue. '.repeat(3000);
    const stories = Array.from({ length: 10 }, (_, i) =>
      story(doc({ id: `g${i}`, title: `${'Very long headline '.repeat(100)}${i}`, text: giant, source: 'S'.repeat(5000), url: `https://x.example/${'p'.repeat(5000)}` }), [giant, giant]),
    );
    const messages = renderBriefing(briefing(stories, 'c'.repeat(1000), Array.from({ length: 500 }, (_, i) => `topic${i}`)));
    expectValid(messages);
    expect(messages.length).toBeGreaterThan(1);
    const header = messages[0]!.blocks[0]!;
    expect(header.type === 'header' && header.text.text.length).toBeLessThanOrEqual(150);
    // Every story is still there, in order, each with its citation.
    const numbers = messages.flatMap((m) => sectionTexts(m).map((t) => /^(\d+)\. /.exec(t)?.[1])).filter(Boolean);
    expect(numbers).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    // No entity is cut in half by the truncation.
    for (const t of messages.flatMap(sectionTexts)) expect(t).not.toMatch(/&(a|am|l|g|lt|gt)?…/);
  });

  it('splits a briefing with more stories than fit in 50 blocks, numbering continuation messages', () => {
    const stories = Array.from({ length: 40 }, (_, i) => story(doc({ id: `s${i}`, title: `Story ${i + 1}`, text: 'Short.' })));
    const messages = renderBriefing(briefing(stories));
    expectValid(messages);
    expect(messages).toHaveLength(3);
    expect(contextTexts(messages[1]!)[0]).toBe('_Briefing: china, continued (2/3)_');
    expect(messages[2]!.text.startsWith('Briefing: china (3/3)')).toBe(true);
    const numbers = messages.flatMap((m) => sectionTexts(m).map((t) => Number(/^(\d+)\. /.exec(t)?.[1])));
    expect(numbers).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });
});

describe('rendering a digest', () => {
  it('has a heading per topic, each followed by its stories', () => {
    const messages = renderDigest({
      title: 'Daily digest: china, tech',
      generatedAt: new Date('2024-04-27T08:00:00Z'),
      since: new Date('2024-04-26T08:00:00Z'),
      groups: [
        { topic: 'china', stories: [story(bbc), story(cnn)] },
        { topic: 'tech', stories: [] },
      ],
    });
    expectValid(messages);
    const [m] = messages;
    expect(m!.blocks[0]).toMatchObject({ type: 'header', text: { text: 'Daily digest: china, tech' } });
    expect(sectionTexts(m!)).toEqual([
      '*china*',
      '1. *China exports rise*\nExports grew 8% in March.',
      '2. *EU and China talk trade*\nTalks were held in Brussels.',
      '*tech*',
      'Nothing new.',
    ]);
    expect(contextTexts(m!)[0]).toBe('Since 2024-04-26');
  });

  it('says there is nothing new when every group is empty', () => {
    const messages = renderDigest({ title: 'Digest', generatedAt: new Date(), groups: [] });
    expectValid(messages);
    expect(sectionTexts(messages[0]!)).toEqual(['Nothing new to report.']);
  });
});

describe('rendering text and errors', () => {
  it('escapes a text reply and keeps it as its own fallback', () => {
    const [m] = renderText('Use /brief <topic> & <!channel>');
    expect(m).toEqual({
      text: 'Use /brief &lt;topic&gt; &amp; &lt;!channel&gt;',
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'Use /brief &lt;topic&gt; &amp; &lt;!channel&gt;', verbatim: true } }],
    });
  });

  it('marks an error with a warning sign', () => {
    const [m] = renderReply({ kind: 'error', code: 'no_match', text: 'Nothing on "x".' });
    expect(sectionTexts(m!)).toEqual([':warning: Nothing on "x".']);
  });

  it('splits a very long text into sections and messages without losing a word', () => {
    const words = Array.from({ length: 6000 }, (_, i) => `w${i}&`);
    const messages = renderText(words.join(' '));
    expectValid(messages);
    expect(messages.length).toBeGreaterThan(1);
    const joined = messages.flatMap(sectionTexts).join(' ');
    expect(joined.split(' ')).toEqual(words.map((w) => w.replace('&', '&amp;')));
  });

  it('renders a blank text as something Slack accepts', () => {
    expectValid(renderText('   '));
  });

  it('gives only known block types', () => {
    const blocks: Block[] = renderReply({ kind: 'briefing', briefing: briefing([story(bbc)]) }).flatMap((m) => m.blocks);
    expect(new Set(blocks.map((b) => b.type))).toEqual(new Set(['header', 'section', 'context']));
  });
});
