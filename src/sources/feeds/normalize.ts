import { deriveTitle } from '../../news/document.js';
import { parseFeedDate } from './dates.js';
import type { FeedFormat, RawFeed, RawItem } from './parse.js';
import { firstImageSrc, htmlToPlainText, plainTitle } from './text.js';

/** A feed's items as newsbrief reads them: plain text, absolute http(s) links, real dates or none. */

export interface FeedItem {
  guid?: string;
  title: string;
  url?: string;
  /** Undefined when the feed gave no usable date (the poller dates it when first seen). */
  publishedAt?: Date;
  /** False when the date named no zone and UTC was assumed. */
  zoned: boolean;
  /** Plain text, one paragraph per line; empty when the item has only a title. */
  text: string;
  /** True when `text` is the item's full content rather than its description. */
  fullContent: boolean;
  image?: string;
}

export interface ReadFeed {
  format: FeedFormat;
  title?: string;
  /** The site's address. */
  link?: string;
  items: FeedItem[];
  skipped: { reason: string }[];
}

function resolve(url: string | undefined, base: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url.trim(), base).href;
  } catch {
    return undefined;
  }
}

function httpOnly(url: string | undefined): string | undefined {
  if (!url) return undefined;
  return /^https?:\/\//i.test(url) ? url : undefined;
}

/** Each xml:base resolved against the one around it, starting from the document's address. */
function baseOf(root: string | undefined, bases: string[]): string | undefined {
  let base = root;
  for (const b of bases) base = resolve(b, base) ?? base;
  return base;
}

/** What relative links in a feed are relative to: its address when fetched, else its own self link or site. */
function rootOf(raw: RawFeed, address: string | undefined): string | undefined {
  if (address && /^https?:\/\//i.test(address)) return address;
  for (const candidate of [raw.self, raw.link]) if (candidate && /^https?:\/\//i.test(candidate)) return candidate;
  return undefined;
}

function readItem(item: RawItem, base: string | undefined): FeedItem | undefined {
  const contentText = item.content ? htmlToPlainText(item.content, item.plain) : '';
  const summaryText = item.summary ? htmlToPlainText(item.summary, item.plain && !item.content) : '';
  const text = contentText !== '' ? contentText : summaryText;
  let title = item.title ? plainTitle(item.title) : '';
  if (title === '' && text === '') return undefined;
  if (title === '') title = deriveTitle(text);
  const url = item.links.map((l) => httpOnly(resolve(l, base))).find((l) => l !== undefined);
  const date = item.dates.map(parseFeedDate).find((d) => d !== undefined);
  const htmlImage = [item.content, item.summary].map((h) => (h && !item.plain ? firstImageSrc(h) : undefined)).find((s) => s);
  const image = [...item.images, htmlImage].map((i) => httpOnly(resolve(i, base))).find((i) => i !== undefined);
  const out: FeedItem = { title, text, fullContent: contentText !== '', zoned: date?.zoned ?? false };
  if (item.guid) out.guid = item.guid;
  if (url) out.url = url;
  if (date) out.publishedAt = date.date;
  if (image) out.image = image;
  return out;
}

export function readFeed(raw: RawFeed, address?: string): ReadFeed {
  const root = rootOf(raw, address);
  const feedBase = baseOf(root, raw.bases);
  const items: FeedItem[] = [];
  const skipped: { reason: string }[] = [];
  raw.items.forEach((item, i) => {
    const read = readItem(item, baseOf(feedBase, item.bases));
    if (read) items.push(read);
    else skipped.push({ reason: `item ${i + 1}${item.guid ? ` (${item.guid.slice(0, 80)})` : ''}: no title and no text` });
  });
  const out: ReadFeed = { format: raw.format, items, skipped };
  const title = raw.title ? plainTitle(raw.title) : '';
  if (title) out.title = title;
  const link = httpOnly(resolve(raw.link, feedBase));
  if (link) out.link = link;
  return out;
}
