import type { Reply } from '../reply.js';
import { splitText } from '../split-text.js';
import { citationParts, formatDate, storyImage } from '../present.js';
import type { Briefing, Digest, Story } from '../../news/types.js';
import { LIMITS, blockTextLength, mrkdwn, type Block, type SlackMessage } from './blocks.js';
import { escapeInBold, escapeSlack, slackLink, truncateEscaped } from './escape.js';

/**
 * Reply → Block Kit messages. Pure: every piece of document or user text is escaped here, and
 * every message returned is within Slack's limits (long replies become several messages).
 */

/** Room kept in each message for the "continued (2/3)" line added after packing. */
const CONTINUATION_BLOCKS = 1;
const CONTINUATION_CHARS = 200;

/** Blocks that belong together (a story's section, context and divider) and stay in one message. */
interface Unit {
  blocks: Block[];
  /** A line for the plain-text fallback (a headline), already escaped. */
  fallback?: string;
}

function header(title: string): Block {
  return { type: 'header', text: { type: 'plain_text', text: truncateEscaped(escapeSlack(title), LIMITS.headerText), emoji: false } };
}

function section(escapedText: string): Block {
  return { type: 'section', text: mrkdwn(truncateEscaped(escapedText, LIMITS.sectionText)) };
}

function context(escapedText: string): Block {
  return { type: 'context', elements: [mrkdwn(truncateEscaped(escapedText, LIMITS.sectionText))] };
}

/** "BBC · 2024-04-26 · <https://…|link>", the source of every sentence in the story above it. */
export function storyCitation(story: Story): string {
  const c = citationParts(story);
  const parts: string[] = [];
  if (c.source) parts.push(truncateEscaped(escapeSlack(c.source), 200));
  parts.push(c.date);
  if (c.url) parts.push(slackLink(c.url, 'link'));
  else if (c.file) parts.push(truncateEscaped(escapeSlack(c.file), 300));
  if (c.similar) parts.push(c.similar);
  return parts.join(' · ');
}

function storyUnit(story: Story, index: number, last: boolean): Unit {
  const headline = truncateEscaped(escapeInBold(story.summary.headline || story.doc.title), 300);
  const body = escapeSlack(story.sentences.join(' '));
  const text = section(`${index + 1}. *${headline}*\n${body}`);
  const image = storyImage(story);
  // Block Kit takes plain text for alt_text: it is not mrkdwn, so it is not escaped.
  if (image && text.type === 'section') text.accessory = { type: 'image', image_url: image.url, alt_text: image.alt };
  const blocks: Block[] = [text, context(storyCitation(story))];
  if (!last) blocks.push({ type: 'divider' });
  return { blocks, fallback: `${index + 1}. ${headline}` };
}

function storyUnits(stories: Story[]): Unit[] {
  return stories.map((s, i) => storyUnit(s, i, i === stories.length - 1));
}

/** Packs units into messages under the block and character limits, in order. */
function pack(title: string, lead: Block[], units: Unit[]): SlackMessage[] {
  const maxBlocks = LIMITS.blocksPerMessage - CONTINUATION_BLOCKS;
  const maxChars = LIMITS.messageText - CONTINUATION_CHARS;
  const pages: { blocks: Block[]; fallback: string[] }[] = [];
  let page = { blocks: [...lead], fallback: [] as string[] };
  let chars = page.blocks.reduce((n, b) => n + blockTextLength(b), 0);
  for (const unit of units) {
    const unitChars = unit.blocks.reduce((n, b) => n + blockTextLength(b), 0);
    const fits = page.blocks.length + unit.blocks.length <= maxBlocks && chars + unitChars <= maxChars;
    if (!fits && page.blocks.length > 0) {
      pages.push(page);
      page = { blocks: [], fallback: [] };
      chars = 0;
    }
    page.blocks.push(...unit.blocks);
    if (unit.fallback) page.fallback.push(unit.fallback);
    chars += unitChars;
  }
  pages.push(page);

  const safeTitle = escapeSlack(title);
  return pages.map((p, i) => {
    const blocks = [...p.blocks];
    // A divider closing a message would separate it from nothing.
    if (blocks.at(-1)?.type === 'divider') blocks.pop();
    if (i > 0) blocks.unshift(context(`_${truncateEscaped(safeTitle, 150)}, continued (${i + 1}/${pages.length})_`));
    const lines = [i === 0 ? safeTitle : `${safeTitle} (${i + 1}/${pages.length})`, ...p.fallback];
    return { text: truncateEscaped(lines.join('\n'), LIMITS.fallbackText), blocks };
  });
}

export function renderBriefing(briefing: Briefing): SlackMessage[] {
  const title = briefing.topic?.trim() ? `Briefing: ${briefing.topic.trim()}` : 'Top stories';
  const n = briefing.stories.length;
  const lead: Block[] = [header(title), context(`${n} ${n === 1 ? 'story' : 'stories'} · ${formatDate(briefing.generatedAt)}`)];
  const units = storyUnits(briefing.stories);
  if (n === 0) units.push({ blocks: [section('No stories to show.')] });
  if (briefing.suggestions.length > 0) {
    units.push({ blocks: [{ type: 'divider' }, context(`Related: ${escapeSlack(briefing.suggestions.join(', '))}`)] });
  }
  return pack(title, lead, units);
}

export function renderDigest(digest: Digest): SlackMessage[] {
  const title = digest.title.trim() || 'Digest';
  const lead: Block[] = [header(title)];
  if (digest.since) lead.push(context(`Since ${formatDate(digest.since)}`));
  const units: Unit[] = [];
  for (const group of digest.groups) {
    const stories = storyUnits(group.stories);
    const heading: Block = section(`*${truncateEscaped(escapeInBold(group.topic), 300)}*`);
    // The heading travels with its first story so a split never leaves it alone at the bottom.
    const first = stories.shift();
    if (first) units.push({ blocks: [heading, ...first.blocks], fallback: `${escapeSlack(group.topic)}: ${first.fallback ?? ''}` });
    else units.push({ blocks: [heading, section('Nothing new.')] });
    units.push(...stories);
    units.push({ blocks: [{ type: 'divider' }] });
  }
  if (digest.groups.length === 0) units.push({ blocks: [section('Nothing new to report.')] });
  return pack(title, lead, units);
}

/** Splits escaped text to fit a section, never inside an entity such as `&amp;`. */
function chunks(escaped: string, size: number): string[] {
  return splitText(escaped, size, (rest, cut) => {
    const amp = rest.lastIndexOf('&', cut);
    return amp !== -1 && amp > cut - 6 && !rest.slice(amp, cut).includes(';') ? amp : cut;
  });
}

export function renderText(text: string, opts: { warning?: boolean } = {}): SlackMessage[] {
  const escaped = escapeSlack(text.trim() || '(empty reply)');
  const prefix = opts.warning ? ':warning: ' : '';
  const parts = chunks(escaped, LIMITS.sectionText - prefix.length);
  const units = parts.map((p, i) => ({ blocks: [section(i === 0 ? prefix + p : p)] }));
  // A text reply's fallback is the text itself, not a title line.
  return pack('Reply', [], units).map((m) => ({
    ...m,
    text: truncateEscaped(
      m.blocks.flatMap((b) => (b.type === 'section' ? [b.text.text] : [])).join('\n'),
      LIMITS.fallbackText,
    ),
  }));
}

export function renderReply(reply: Reply): SlackMessage[] {
  switch (reply.kind) {
    case 'briefing':
      return renderBriefing(reply.briefing);
    case 'digest':
      return renderDigest(reply.digest);
    case 'text':
      return renderText(reply.text);
    case 'error':
      return renderText(reply.text, { warning: true });
  }
}
