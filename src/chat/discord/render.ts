import type { APIEmbed } from 'discord.js';
import type { Reply } from '../reply.js';
import type { Story } from '../../news/types.js';
import { citationParts, isShowableDate, storyImage } from '../present.js';
import { LIMITS } from './limits.js';
import { clean, embedUrl, splitText, truncate } from './text.js';

/**
 * Reply → Discord messages, as pure functions: one embed per story (headline, the sentences, the
 * link as the embed URL, source and date in the footer), packed into as few messages as Discord's
 * limits allow. Every string passes through clean(), so nothing a document says can ping anyone.
 */

export interface RenderedMessage {
  content?: string;
  embeds: APIEmbed[];
}

export interface RenderOptions {
  /** A line that identifies the post (for findPosted), added to the first message's content. */
  marker?: string;
}

/** Blurple-ish for briefings, green for digests: a hint of which is which in a busy channel. */
const BRIEFING_COLOR = 0x5865f2;
const DIGEST_COLOR = 0x2d9d78;

/** Story footers stay short so one embed can never pass the 6000-character message budget. */
const STORY_FOOTER_MAX = 512;

/** Characters Discord counts toward the 6000 across a message's embeds. */
export function embedLength(e: APIEmbed): number {
  let n = (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0) + (e.author?.name.length ?? 0);
  for (const f of e.fields ?? []) n += f.name.length + f.value.length;
  return n;
}

/** Source · date (· the file, when there is no link: the link itself is the embed's URL) · +N similar. */
export function storyFooter(story: Story): string {
  const c = citationParts(story);
  const file = embedUrl(c.url) ? undefined : (c.file ?? story.doc.path);
  return [c.source, c.date, file, c.similar].filter((p): p is string => Boolean(p)).join(' · ');
}

export function storyEmbed(story: Story, opts: { group?: string; color?: number } = {}): APIEmbed {
  const embed: APIEmbed = {
    title: truncate(clean(story.summary.headline || story.doc.title || 'Untitled'), LIMITS.title),
    footer: { text: truncate(clean(storyFooter(story)), STORY_FOOTER_MAX) },
    color: opts.color ?? BRIEFING_COLOR,
  };
  const description = story.sentences.map((s) => clean(s).trim()).filter(Boolean).join('\n');
  if (description) embed.description = truncate(description, LIMITS.description);
  const url = embedUrl(citationParts(story).url);
  if (url) embed.url = url;
  if (isShowableDate(story.doc.publishedAt)) embed.timestamp = story.doc.publishedAt.toISOString();
  if (opts.group) embed.author = { name: truncate(clean(opts.group), LIMITS.authorName) };
  // Embeds have no alt text for a thumbnail; the title above it says what the picture is of.
  const image = storyImage(story);
  const thumbnail = embedUrl(image?.url);
  if (thumbnail) embed.thumbnail = { url: thumbnail };
  return embed;
}

/**
 * Packs a header and embeds into messages within every limit: the header (split if over 2000)
 * leads the first message, then at most 10 embeds and 6000 embed characters per message.
 */
export function packMessages(header: string, embeds: APIEmbed[]): RenderedMessage[] {
  const heads = header.trim() === '' ? [] : splitText(header, LIMITS.content);
  const messages: RenderedMessage[] = heads.map((content) => ({ content, embeds: [] }));
  let current: RenderedMessage | undefined = messages.at(-1);
  let used = 0;
  for (const embed of embeds) {
    const len = embedLength(embed);
    if (!current || current.embeds.length >= LIMITS.embedsPerMessage || used + len > LIMITS.embedTotal) {
      current = { embeds: [] };
      messages.push(current);
      used = 0;
    }
    current.embeds.push(embed);
    used += len;
  }
  return messages.length > 0 ? messages : [{ content: '(nothing to show)', embeds: [] }];
}

function withMarker(header: string, marker: string | undefined): string {
  if (!marker) return header;
  // Subtext ("-#") keeps the marker small; it is how a restarted bot finds what it already posted.
  return `${header}\n-# ${clean(marker)}`;
}

function storiesWord(n: number): string {
  return `${n} ${n === 1 ? 'story' : 'stories'}`;
}

export function renderReply(reply: Reply, opts: RenderOptions = {}): RenderedMessage[] {
  switch (reply.kind) {
    case 'briefing': {
      const b = reply.briefing;
      const title = b.topic ? `Briefing: ${truncate(clean(b.topic), 200)}` : 'Top stories';
      const lines = [`**${title}** (${storiesWord(b.stories.length)})`];
      if (b.suggestions.length > 0) lines.push(`Related: ${truncate(clean(b.suggestions.join(', ')), 1000)}`);
      return packMessages(withMarker(lines.join('\n'), opts.marker), b.stories.map((s) => storyEmbed(s)));
    }
    case 'digest': {
      const d = reply.digest;
      const embeds = d.groups.flatMap((g) => g.stories.map((s) => storyEmbed(s, { group: g.topic, color: DIGEST_COLOR })));
      const count = embeds.length === 0 ? ' — no new stories' : ` (${storiesWord(embeds.length)})`;
      const header = `**${truncate(clean(d.title), 500)}**${count}`;
      return packMessages(withMarker(header, opts.marker), embeds);
    }
    case 'text':
    case 'error': {
      const text = clean(reply.text).trim() || '(empty reply)';
      return packMessages(withMarker(text, opts.marker), []);
    }
  }
}
