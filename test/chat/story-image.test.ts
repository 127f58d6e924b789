import { describe, expect, it } from 'vitest';
import { renderReply as renderDiscord } from '../../src/chat/discord/render.js';
import { storyImage } from '../../src/chat/present.js';
import type { Reply } from '../../src/chat/reply.js';
import { renderReply as renderSlack } from '../../src/chat/slack/render.js';
import type { Story } from '../../src/news/types.js';
import { discordSpec } from '../fakes/discord/spec.js';
import { doc } from '../helpers/tiny-library.js';

function story(image: string | undefined, title = 'Ferry terminal reopens'): Story {
  const d = doc({ id: 'f1', title, text: 'The ferry terminal reopened on Tuesday.', url: 'https://news.example/ferry', source: 'Harbour News' });
  if (image !== undefined) d.image = image;
  return { doc: d, summary: { docId: d.id, headline: d.title, keyPoints: [d.text], entities: [], keyPhrases: [] }, sentences: [d.text], related: [] };
}

const briefing = (s: Story): Reply => ({ kind: 'briefing', briefing: { topic: 'ferry', generatedAt: new Date(0), stories: [s], suggestions: [] } });

describe('a story’s picture', () => {
  it('is a Block Kit image accessory on Slack, with the headline as alt text', () => {
    const [message] = renderSlack(briefing(story('https://news.example/ferry.jpg')));
    const section = message!.blocks.find((b) => b.type === 'section' && b.accessory);
    expect(section).toMatchObject({ accessory: { type: 'image', image_url: 'https://news.example/ferry.jpg', alt_text: 'Ferry terminal reopens' } });
  });

  it('is the embed thumbnail on Discord, in a body Discord’s spec accepts', () => {
    const [message] = renderDiscord(briefing(story('https://news.example/ferry.jpg')));
    expect(message!.embeds[0]!.thumbnail).toEqual({ url: 'https://news.example/ferry.jpg' });
    expect(discordSpec().validate('POST', '/channels/1/messages', { ...message, allowed_mentions: { parse: [] } })).toEqual([]);
  });

  it('is left out unless it is an http(s) URL', () => {
    for (const bad of ['javascript:alert(1)', 'data:image/png;base64,AAAA', 'ftp://news.example/x.jpg', 'not a url', '']) {
      expect(storyImage(story(bad)), bad).toBeUndefined();
      const [slack] = renderSlack(briefing(story(bad)));
      expect(slack!.blocks.some((b) => b.type === 'section' && b.accessory)).toBe(false);
      expect(renderDiscord(briefing(story(bad)))[0]!.embeds[0]!.thumbnail).toBeUndefined();
    }
  });

  it('has alt text without control characters, and short', () => {
    expect(storyImage(story('https://news.example/p.jpg', `Line\u0007 ${'x'.repeat(300)}`))!.alt).toMatch(/^Line x+…$/);
    expect(storyImage(story('https://news.example/p.jpg', `Line ${'x'.repeat(300)}`))!.alt.length).toBe(150);
  });
});
