import type { Story } from '../news/types.js';
import type { Reply } from './reply.js';

/**
 * What every renderer shares: who sees a reply, what a citation says, how a date reads, which
 * characters never reach a chat, and the apology for a bug. Platform syntax (Block Kit, embeds,
 * ANSI) stays in each renderer; the decisions are made here, once.
 */

/** config `replyVisibility`: briefings and digests for the whole channel, or only for the asker. */
export type ReplyVisibility = 'channel' | 'private';

/**
 * The one rule for who sees a reply. Errors (usage, refusals, failures) and text a command marks
 * private are for the asker only; everything else (briefings, digests, /topics, /digest now,
 * confirmations) goes where `replyVisibility` says.
 */
export function isPrivateReply(reply: Reply, visibility: ReplyVisibility): boolean {
  if (reply.kind === 'error') return true;
  if (reply.kind === 'text' && reply.private === true) return true;
  return visibility === 'private';
}

/** Shown for a bug (anything that is not a UserError): the details go to the log, never to the chat. */
export const APOLOGY = 'Sorry, something went wrong while answering that. The error has been logged; please try again later.';

export const APOLOGY_REPLY: Reply = { kind: 'error', code: 'internal', text: APOLOGY };

const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** Control characters (newline and tab aside) from documents must not drive a terminal or garble a message. */
export function stripControl(s: string): string {
  return s.replace(CONTROL, '');
}

export const UNKNOWN_DATE = 'date unknown';

/** "2024-04-26" (UTC); "date unknown" for an invalid date or one outside years 1–9999, never a throw. */
export function formatDate(d: unknown): string {
  if (!(d instanceof Date)) return UNKNOWN_DATE;
  const t = d.getTime();
  if (!Number.isFinite(t)) return UNKNOWN_DATE;
  const year = d.getUTCFullYear();
  if (year < 1 || year > 9999) return UNKNOWN_DATE;
  return d.toISOString().slice(0, 10);
}

/** Whether a date can be shown (and sent as a timestamp) at all. */
export function isShowableDate(d: unknown): d is Date {
  return formatDate(d) !== UNKNOWN_DATE;
}

/** Longer than any real article URL; a link this long would crowd out the text around it. */
const MAX_URL = 2000;

/** An http(s) URL fit to link to, normalized; undefined for anything else (javascript:, garbage, too long). */
export function linkableUrl(raw: string | undefined): string | undefined {
  if (!raw || raw.length > MAX_URL) return undefined;
  try {
    const url = new URL(raw.trim());
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    return url.href.length > MAX_URL ? undefined : url.href;
  } catch {
    return undefined;
  }
}

/** Where the sentences of a story came from: source · date · link (or the file, without a usable link). */
export interface CitationParts {
  source?: string;
  date: string;
  /** A linkable http(s) URL, when the document has one. */
  url?: string;
  /** The document's file, when there is no usable URL: the best citation there is. */
  file?: string;
  /** "+2 similar": near-duplicates merged into the story. */
  similar?: string;
}

export function citationParts(story: Story): CitationParts {
  const { doc } = story;
  const url = linkableUrl(doc.url);
  const source = doc.source?.trim();
  return {
    ...(source ? { source } : {}),
    date: formatDate(doc.publishedAt),
    ...(url ? { url } : doc.path ? { file: doc.path } : {}),
    ...(story.related.length > 0 ? { similar: `+${story.related.length} similar` } : {}),
  };
}

/** A story's picture as renderers show it: an http(s) URL and its alt text (the headline). */
export interface StoryImage {
  url: string;
  alt: string;
}

/** Alt text stays short: screen readers read it before the story. */
const MAX_ALT = 150;

export function storyImage(story: Story): StoryImage | undefined {
  const url = linkableUrl(story.doc.image);
  if (!url) return undefined;
  const title = stripControl(story.summary.headline || story.doc.title || '').replace(/\s+/g, ' ').trim();
  const alt = title === '' ? 'Picture for this story' : title.length > MAX_ALT ? `${title.slice(0, MAX_ALT - 1)}…` : title;
  return { url, alt };
}
