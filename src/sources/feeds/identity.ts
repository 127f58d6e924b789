import { createHash } from 'node:crypto';
import type { FeedItem } from './normalize.js';

/**
 * When two sightings of an item are the same item. Publishers change guids, move from http to
 * https and append tracking parameters; none of that makes a new story.
 */

const TRACKING = /^(utm_[a-z_]+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|_hsenc|_hsmi|mkt_tok|igshid|yclid|ito|ns_mchannel|ns_campaign|ns_source|ns_linkname|ns_fee|cmpid|wt_mc|rss|ref|ref_src|source|spm|at_medium|at_campaign|ocid|cmp)$/i;

/** A link as identity: no scheme, lower-case host, no www., no tracking parameters, no fragment, no trailing slash. */
export function normalizeLink(link: string): string | undefined {
  let url: URL;
  try {
    url = new URL(link.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  const host = url.hostname.toLowerCase().replace(/^www\./, '');
  const port = url.port && url.port !== '80' && url.port !== '443' ? `:${url.port}` : '';
  const params = [...url.searchParams.entries()].filter(([k]) => !TRACKING.test(k)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const query = params.length ? `?${new URLSearchParams(params).toString()}` : '';
  const path = url.pathname.replace(/\/+$/, '');
  return `${host}${port}${path}${query}`;
}

/** A guid compared as a link when it is one (an http guid that turned https is the same guid). */
export function normalizeGuid(guid: string): string {
  const g = guid.trim();
  return /^https?:\/\//i.test(g) ? (normalizeLink(g) ?? g) : g;
}

export function titleKey(item: Pick<FeedItem, 'title' | 'publishedAt'>): string {
  const title = item.title.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
  return item.publishedAt ? `${title}\n${item.publishedAt.toISOString()}` : title;
}

export interface ItemKeys {
  guid?: string;
  link?: string;
  title: string;
}

export function keysOf(item: FeedItem): ItemKeys {
  const keys: ItemKeys = { title: titleKey(item) };
  if (item.guid) keys.guid = normalizeGuid(item.guid);
  const link = item.url ? normalizeLink(item.url) : undefined;
  if (link) keys.link = link;
  return keys;
}

/** The first identity an item was seen with makes its document id, kept for good. */
export function feedDocId(feedId: number, keys: ItemKeys): string {
  const basis = keys.guid ? `g:${keys.guid}` : keys.link ? `l:${keys.link}` : `t:${keys.title}`;
  return `feed-${feedId}-${createHash('sha256').update(basis).digest('hex').slice(0, 16)}`;
}

/** What an item says: a change here is an edit. */
export function itemContentHash(item: Pick<FeedItem, 'title' | 'text' | 'url' | 'image'>): string {
  return createHash('sha256')
    .update([item.title, item.text, item.url ?? '', item.image ?? ''].join('\u0000'))
    .digest('hex')
    .slice(0, 16);
}
