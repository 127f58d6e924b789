import { readFile } from 'node:fs/promises';
import { decompress, decodeFeedBytes, FeedReadError } from './decode.js';
import type { FullTextReader } from './fulltext.js';
import type { HttpClient } from './http.js';
import { readFeed, type ReadFeed } from './normalize.js';
import { parseFeedText } from './parse.js';
import { FEED_ACCEPT, readFetched } from './poller.js';

/** A feed read exactly as the poller reads it, for `npm run feed` and tests. */

export interface FeedPreview {
  feed: { title: string | null; url: string; link: string | null };
  items: { guid: string | null; title: string; url: string | null; publishedAt: string | null; text: string; image: string | null }[];
  skipped: { reason: string }[];
}

export function isAddress(source: string): boolean {
  return /^https?:\/\//i.test(source);
}

/** Teasers get their page, as the poller does for new items (at most this many per preview). */
const FULL_TEXT_PREVIEW = 10;

export async function previewFeed(
  source: string,
  deps: { http: HttpClient; maxBytes: number; fullText?: FullTextReader; fullTextBelow: number },
): Promise<FeedPreview> {
  let read: ReadFeed;
  let url = source;
  if (isAddress(source)) {
    const res = await deps.http.get(source, { accept: FEED_ACCEPT });
    if (res.status !== 'ok') throw new FeedReadError('the server answered 304 Not Modified to a request without validators');
    url = res.url;
    read = readFetched(res);
  } else {
    let bytes: Buffer;
    try {
      bytes = await readFile(source);
    } catch (err) {
      throw new FeedReadError(`cannot read ${source}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
    if (bytes.length > deps.maxBytes) throw new FeedReadError(`${source} is larger than feeds.maxBytes (${deps.maxBytes} bytes)`);
    read = readFeed(parseFeedText(decodeFeedBytes(decompress(bytes, undefined, deps.maxBytes)).text));
  }
  if (deps.fullText && deps.fullTextBelow > 0) {
    const teasers = read.items.filter((i) => i.url && !i.fullContent && i.text.length < deps.fullTextBelow).slice(0, FULL_TEXT_PREVIEW);
    for (const item of teasers) {
      const page = await deps.fullText.read(item.url!);
      if (page?.text && page.text.length > item.text.length) item.text = page.text;
      if (page?.image && !item.image) item.image = page.image;
    }
  }
  return {
    feed: { title: read.title ?? null, url, link: read.link ?? null },
    items: read.items.map((i) => ({
      guid: i.guid ?? null,
      title: i.title,
      url: i.url ?? null,
      publishedAt: i.publishedAt?.toISOString() ?? null,
      text: i.text,
      image: i.image ?? null,
    })),
    skipped: read.skipped,
  };
}

/** The human form: the feed's title, then each item on a few lines. */
export function formatPreview(p: FeedPreview): string {
  const words = (text: string, n: number) => {
    const all = text.split(/\s+/).filter((w) => w !== '');
    return all.slice(0, n).join(' ') + (all.length > n ? ' …' : '');
  };
  const lines = [`${p.feed.title ?? '(untitled feed)'} — ${p.feed.url}${p.feed.link ? ` (site: ${p.feed.link})` : ''}`, `${p.items.length} items${p.skipped.length ? `, ${p.skipped.length} skipped` : ''}`, ''];
  p.items.forEach((item, i) => {
    lines.push(`${i + 1}. ${item.title}`);
    lines.push(`   ${item.publishedAt ?? 'undated'}${item.url ? ` · ${item.url}` : ''}`);
    if (item.image) lines.push(`   image: ${item.image}`);
    if (item.text) lines.push(`   ${words(item.text, 30)}`);
  });
  for (const s of p.skipped) lines.push(`skipped: ${s.reason}`);
  return lines.join('\n');
}
