import { stripControl } from '../present.js';

/**
 * Making document and user text safe for Slack. Slack's control sequences all start with "<"
 * (<!channel>, <@U123>, <http://x|label>), so escaping "&", "<" and ">" disarms them; the bare
 * words @channel/@here/@everyone are broken up as well, in case a surface parses them.
 */

// A word joiner keeps "@here" readable while no longer being the word Slack looks for.
const BROADCAST = /@(channel|here|everyone|group)\b/gi;

/** Escapes text for a mrkdwn or plain_text field. */
export function escapeSlack(text: string): string {
  return stripControl(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(BROADCAST, '@\u2060$1');
}

/**
 * Text inside *bold* or _italic_ markers: a "*" in a headline would close the bold early, so
 * it becomes a look-alike (the text stays readable and nothing else changes).
 */
export function escapeInBold(text: string): string {
  return escapeSlack(text).replace(/\*/g, '\u2217');
}

/** Longer than any real article URL; a link this long would crowd out the text around it. */
const MAX_URL = 2000;

/** A URL fit for <url|label>, or undefined when it is not http(s), not a URL at all, or absurdly long. */
export function safeUrl(raw: string | undefined): string | undefined {
  if (!raw || raw.length > MAX_URL) return undefined;
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  // "|" ends the URL part of a link and ">" ends the link; WHATWG URL leaves "|" as it is.
  const href = url.href.replace(/\|/g, '%7C').replace(/</g, '%3C').replace(/>/g, '%3E').replace(/&/g, '&amp;');
  return href.length > MAX_URL ? undefined : href;
}

/** A link label: escaped, and without "|" so it cannot pretend to be part of the URL. */
export function escapeLinkLabel(label: string): string {
  return escapeSlack(label).replace(/\|/g, '\u2223');
}

/** A Slack link, or the escaped label alone when the URL is unsafe. */
export function slackLink(rawUrl: string | undefined, label: string): string {
  const url = safeUrl(rawUrl);
  const safeLabel = escapeLinkLabel(label);
  return url ? `<${url}|${safeLabel}>` : safeLabel;
}

/**
 * Shortens already-escaped text to at most `max` characters, ending with "…", never cutting an
 * entity (&amp;) or a surrogate pair in half.
 */
export function truncateEscaped(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 1) return '…'.slice(0, max);
  let cut = text.slice(0, max - 1);
  const amp = cut.lastIndexOf('&');
  if (amp !== -1 && !cut.slice(amp).includes(';')) cut = cut.slice(0, amp);
  if (/[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}…`;
}
