/**
 * Text helpers for anything that reaches Discord from documents or users. allowed_mentions already
 * stops pings; rewriting the syntax too is the second line of defence, and keeps a stray
 * "@everyone" in an article from even looking like a ping.
 */

import { stripControl } from '../present.js';

const ZWSP = '\u200b';

/** "@everyone" → "@\u200beveryone", "<@123>" / "<@&123>" / "<@!123>" → "<@\u200b…>". */
export function neutralizeMentions(s: string): string {
  return s.replace(/@(everyone|here)/gi, `@${ZWSP}$1`).replace(/<@/g, `<@${ZWSP}`);
}

/** Safe text for any Discord field: control characters removed, mentions defused. */
export function clean(s: string): string {
  return neutralizeMentions(stripControl(s));
}

/** At most `max` characters (UTF-16 units, as Discord counts), ending in "…" when cut. */
export function truncate(s: string, max: number): string {
  if (s.length <= max) return s;
  if (max <= 1) return s.slice(0, max);
  let cut = s.slice(0, max - 1);
  // Do not leave half of a surrogate pair at the end.
  if (/[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}…`;
}

export { splitText } from '../split-text.js';

/** A URL Discord will accept as an embed link, or undefined (a bad link would fail the whole message). */
export function embedUrl(raw: string | undefined): string | undefined {
  if (!raw || raw.length > 2048) return undefined;
  try {
    const u = new URL(raw);
    const out = u.toString();
    return (u.protocol === 'https:' || u.protocol === 'http:') && out.length <= 2048 ? out : undefined;
  } catch {
    return undefined;
  }
}
