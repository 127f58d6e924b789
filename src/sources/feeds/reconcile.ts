import type { FeedItemRecord } from '../../store/feeds.js';
import { feedDocId, itemContentHash, keysOf, type ItemKeys } from './identity.js';
import type { FeedItem } from './normalize.js';

/**
 * A fetch's items against the items already seen: which are new, which were edited, which are
 * unchanged. An item is the one seen before with the same guid, else the same normalized link
 * (so a guid change or http→https is not a new story), else the same title and date.
 */

export interface ReconciledItem {
  item: FeedItem;
  docId: string;
  /** The date it keeps for good: the feed's, or when it was first seen when the feed gives none. */
  publishedAt: Date;
  dated: boolean;
  change: 'new' | 'updated';
}

export interface Reconciliation {
  changed: ReconciledItem[];
  /** Every record to write: new, edited, and seen ones whose keys moved (a new guid). */
  records: FeedItemRecord[];
  unchanged: number;
  /** Items of this fetch that were the same item twice. */
  duplicates: number;
}

/** A date later than this after the fetch is a publisher's clock or time zone gone wrong. */
const FUTURE_TOLERANCE_MS = 10 * 60_000;

export function reconcile(feedId: number, seen: readonly FeedItemRecord[], items: readonly FeedItem[], now: Date): Reconciliation {
  const byGuid = new Map<string, FeedItemRecord>();
  const byLink = new Map<string, FeedItemRecord>();
  const byTitle = new Map<string, FeedItemRecord>();
  const index = (r: FeedItemRecord) => {
    if (r.guid) byGuid.set(r.guid, r);
    if (r.linkKey) byLink.set(r.linkKey, r);
    if (r.titleKey) byTitle.set(r.titleKey, r);
  };
  seen.forEach(index);

  const keyed = items.map((item) => ({ item, keys: keysOf(item) }));
  // A link shared by several items of one fetch (a feed that links every item to its home page)
  // says nothing about identity.
  const linkCount = new Map<string, number>();
  for (const { keys } of keyed) if (keys.link) linkCount.set(keys.link, (linkCount.get(keys.link) ?? 0) + 1);
  const usableLink = (keys: ItemKeys) => (keys.link && linkCount.get(keys.link) === 1 ? keys.link : undefined);

  const out: Reconciliation = { changed: [], records: [], unchanged: 0, duplicates: 0 };
  const done = new Set<string>();
  for (const { item, keys } of keyed) {
    const link = usableLink(keys);
    const match =
      (keys.guid ? byGuid.get(keys.guid) : undefined) ??
      (link ? byLink.get(link) : undefined) ??
      (!keys.guid && !link ? byTitle.get(keys.title) : undefined);
    const docId = match?.docId ?? feedDocId(feedId, { ...keys, link });
    if (done.has(docId)) {
      out.duplicates++;
      continue;
    }
    done.add(docId);
    const hash = itemContentHash(item);
    let publishedAt: Date;
    let dated: boolean;
    if (match) {
      // The first date stays: a publisher re-dating an item does not make it news again.
      publishedAt = match.publishedAt;
      dated = match.dated;
    } else if (item.publishedAt && item.publishedAt.getTime() <= now.getTime() + FUTURE_TOLERANCE_MS) {
      publishedAt = item.publishedAt.getTime() > now.getTime() ? now : item.publishedAt;
      dated = true;
    } else {
      publishedAt = now;
      dated = false;
    }
    const record: FeedItemRecord = {
      feedId,
      docId,
      guid: keys.guid,
      linkKey: link,
      titleKey: keys.title,
      contentHash: hash,
      publishedAt,
      dated,
      firstSeen: match?.firstSeen ?? now,
      lastSeen: now,
    };
    const keysMoved = match !== undefined && (match.guid !== record.guid || match.linkKey !== record.linkKey || match.titleKey !== record.titleKey);
    if (!match || match.contentHash !== hash) {
      out.changed.push({ item, docId, publishedAt, dated, change: match ? 'updated' : 'new' });
      out.records.push(record);
    } else {
      out.unchanged++;
      if (keysMoved) out.records.push(record);
    }
    index(record);
  }
  return out;
}
