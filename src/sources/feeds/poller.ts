import pLimit from 'p-limit';
import type { ChannelRef } from '../../channels.js';
import type { FeedsConfig } from '../../config.js';
import { MIN_FEED_INTERVAL_MS } from '../../config.js';
import type { Logger } from '../../log.js';
import { makeDocument } from '../../news/document.js';
import type { Clock, NewsDocument } from '../../news/types.js';
import type { FeedRecord, FeedRepo } from '../../store/feeds.js';
import type { AddressPolicy } from './address.js';
import { FeedReadError } from './decode.js';
import type { FullTextReader } from './fulltext.js';
import { FetchError, type HttpClient } from './http.js';
import { inlineReader, type FeedReader } from './read-pool.js';
import { reconcile, type ReconciledItem } from './reconcile.js';
import { afterFailure, afterSuccess, type ScheduleRules } from './schedule.js';

/**
 * Polls the feeds that are due: fetch (conditional), read, tell new and edited items from the
 * ones seen, hand their documents to the ingest path, then record what was seen and when to
 * come back. A feed's state is written only after its documents went in, so a failure anywhere
 * leaves it to be fetched again.
 */

/** Where feed documents go: the one ingest path. */
export interface FeedIngest {
  add(docs: NewsDocument[]): Promise<unknown>;
  /**
   * False when documents live only in memory: then every start fetches every feed again (without
   * validators) and re-ingests its items, keeping their ids and first dates. Default true.
   */
  keepsDocuments?: boolean;
}

export interface FeedPollResult {
  feedId: number;
  outcome: 'fetched' | 'not_modified' | 'failed';
  new: number;
  updated: number;
  unchanged: number;
  skipped: number;
  bytes: number;
  error?: string;
  /** Set when this failure disabled the feed. */
  disabled?: string;
}

export interface PollReport {
  feeds: number;
  fetched: number;
  notModified: number;
  new: number;
  updated: number;
  failed: number;
  disabled: number;
  bytes: number;
  ms: number;
}

export interface PollerDeps {
  feeds: FeedRepo;
  http: HttpClient;
  ingest: FeedIngest;
  clock: Clock;
  logger: Logger;
  config: FeedsConfig;
  policy: AddressPolicy;
  fullText?: FullTextReader;
  /** Reads fetched feeds (a worker pool); inline by default. */
  reader?: FeedReader;
  /** Says something in a channel (a feed that was disabled). */
  notify?: (channel: ChannelRef, text: string) => Promise<void>;
}

export const FEED_ACCEPT = 'application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml;q=0.9, application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5';

/** New items per poll of one feed whose page is fetched for their full text. */
const FULL_TEXT_PER_POLL = 10;

export function feedName(feed: Pick<FeedRecord, 'name' | 'title' | 'url'>): string {
  if (feed.name) return feed.name;
  if (feed.title) return feed.title;
  try {
    return new URL(feed.url).hostname;
  } catch {
    return feed.url;
  }
}

/** The feed's interval: its own, else the config's, never under a minute for a public host. */
export function intervalOf(feed: FeedRecord, config: FeedsConfig, policy: AddressPolicy): number {
  const every = feed.everyMs ?? config.every;
  let host = '';
  try {
    host = new URL(feed.url).hostname;
  } catch {
    // A bad URL never gets this far; the floor applies.
  }
  return policy.allowsPrivateHost(host) ? every : Math.max(every, MIN_FEED_INTERVAL_MS);
}

export { readFetched } from './read-fetched.js';

export function toDocument(feed: FeedRecord, r: ReconciledItem): NewsDocument | undefined {
  const { item } = r;
  const doc = makeDocument({
    title: item.title,
    body: item.text !== '' ? item.text : item.title,
    source: feedName(feed),
    url: item.url,
    publishedAt: r.publishedAt,
    path: `feeds/${feed.id}/${r.docId}`,
    tags: feed.tags,
  });
  if (!doc) return undefined;
  doc.id = r.docId;
  doc.feedItem = r.docId;
  if (item.image) doc.image = item.image;
  return doc;
}

export interface FeedPoller {
  /** Polls every enabled feed that is due now; one log line with the counts. */
  pollDue(): Promise<PollReport>;
  /** Polls one feed now, due or not (a feed just added in chat). */
  pollFeed(feed: FeedRecord): Promise<FeedPollResult>;
  /** Checks for due feeds every `tickMs` until stop(). */
  start(tickMs?: number): void;
  stop(): Promise<void>;
}

export function createFeedPoller(deps: PollerDeps): FeedPoller {
  const { feeds, http, clock, logger, config, policy } = deps;
  const log = logger.child({ component: 'feeds' });
  const inFlight = new Set<number>();
  /** Feeds whose permanent move could not be recorded, already said once this run. */
  const movedNoted = new Set<string>();

  /**
   * A permanent redirect (301/308 all the way) means the feed lives at the new address: a feed
   * added in chat follows it, so later polls skip the hop and /feeds list shows where it is. A
   * config feed is the operator's to change (the file would add the old address back on the next
   * start), and an address another feed already has is left alone; both are said once.
   */
  const followMove = (feed: FeedRecord, movedTo: string): void => {
    const other = feeds.byUrl(movedTo);
    if (feed.source !== 'config' && !other) {
      feeds.update(feed.id, { url: movedTo });
      log.info({ feed: feed.id, from: feed.url, to: movedTo }, `feed moved permanently: ${feed.url} is now ${movedTo}`);
      return;
    }
    const key = `${feed.id} ${movedTo}`;
    if (movedNoted.has(key)) return;
    movedNoted.add(key);
    const why = other ? `feed #${other.id} already has that address` : 'it comes from the config file: change its url there';
    log.warn({ feed: feed.id, from: feed.url, to: movedTo }, `feed moved permanently to ${movedTo}, still polled at ${feed.url} (${why})`);
  };

  const rulesFor = (feed: FeedRecord): ScheduleRules => ({
    everyMs: intervalOf(feed, config, policy),
    maxCacheAgeMs: config.maxCacheAge,
    disableAfterFailures: config.disableAfterFailures,
  });

  const withFullText = async (changed: ReconciledItem[]): Promise<void> => {
    if (!deps.fullText || config.fullTextBelow === 0) return;
    const teasers = changed.filter((r) => r.change === 'new' && r.item.url && !r.item.fullContent && r.item.text.length < config.fullTextBelow);
    for (const r of teasers.slice(0, FULL_TEXT_PER_POLL)) {
      const page = await deps.fullText.read(r.item.url!);
      if (page?.text && page.text.length > r.item.text.length) r.item.text = page.text;
      if (page?.image && !r.item.image) r.item.image = page.image;
    }
  };

  const fail = async (feed: FeedRecord, err: unknown, bytes: number): Promise<FeedPollResult> => {
    const message = err instanceof FetchError || err instanceof FeedReadError ? err.message : err instanceof Error ? err.message : String(err);
    const retryAfterMs = err instanceof FetchError ? err.retryAfterMs : undefined;
    if (!(err instanceof FetchError) && !(err instanceof FeedReadError)) log.error({ err, feed: feed.id, url: feed.url }, 'feed poll failed unexpectedly');
    const updated = feeds.update(feed.id, afterFailure(feed, rulesFor(feed), clock.now(), { message, retryAfterMs }));
    log.warn({ feed: feed.id, url: feed.url, failures: updated.failures, error: message }, `feed fetch failed: ${message}`);
    const result: FeedPollResult = { feedId: feed.id, outcome: 'failed', new: 0, updated: 0, unchanged: 0, skipped: 0, bytes, error: message };
    if (updated.disabledReason && !updated.disabledNotified) {
      result.disabled = updated.disabledReason;
      await tellDisabled(updated);
    }
    return result;
  };

  const tellDisabled = async (feed: FeedRecord): Promise<void> => {
    feeds.update(feed.id, { disabledNotified: true });
    log.warn({ feed: feed.id, url: feed.url, reason: feed.disabledReason }, 'feed disabled');
    if (!deps.notify) return;
    const text =
      `The feed ${feedName(feed)} (#${feed.id}, ${feed.url}) is disabled: ${feed.disabledReason}. ` +
      `An admin can turn it back on with /feeds add ${feed.url}`;
    for (const channel of feeds.channels(feed.id)) {
      try {
        await deps.notify(channel, text);
      } catch (err) {
        log.warn({ feed: feed.id, channel, err: err instanceof Error ? err.message : String(err) }, 'could not tell the channel that its feed is disabled');
      }
    }
  };

  const pollFeed = async (feed: FeedRecord): Promise<FeedPollResult> => {
    if (inFlight.has(feed.id)) return { feedId: feed.id, outcome: 'not_modified', new: 0, updated: 0, unchanged: 0, skipped: 0, bytes: 0 };
    inFlight.add(feed.id);
    let bytes = 0;
    try {
      const res = await http.get(feed.url, { accept: FEED_ACCEPT, etag: feed.etag, lastModified: feed.lastModified });
      if (res.status === 'not_modified') {
        feeds.update(feed.id, afterSuccess(feed, rulesFor(feed), clock.now(), { modified: false, headers: res.headers }));
        return { feedId: feed.id, outcome: 'not_modified', new: 0, updated: 0, unchanged: 0, skipped: 0, bytes: 0 };
      }
      bytes = res.wireBytes;
      const read = await (deps.reader ?? inlineReader).read(res);
      const now = clock.now();
      const rec = reconcile(feed.id, feeds.items(feed.id), read.items, now);
      await withFullText(rec.changed);
      const named: FeedRecord = { ...feed, title: read.title ?? feed.title };
      const docs = rec.changed.map((r) => toDocument(named, r)).filter((d): d is NewsDocument => d !== undefined);
      if (docs.length > 0) await deps.ingest.add(docs);
      feeds.saveItems(rec.records);
      feeds.update(feed.id, {
        ...afterSuccess(feed, rulesFor(feed), clock.now(), { modified: true, headers: res.headers }),
        title: read.title,
        siteLink: read.link,
      });
      if (res.movedTo) followMove(feed, res.movedTo);
      const added = rec.changed.filter((r) => r.change === 'new').length;
      for (const s of read.skipped) log.debug({ feed: feed.id, reason: s.reason }, 'feed item skipped');
      return { feedId: feed.id, outcome: 'fetched', new: added, updated: rec.changed.length - added, unchanged: rec.unchanged, skipped: read.skipped.length, bytes };
    } catch (err) {
      return fail(feed, err, bytes);
    } finally {
      inFlight.delete(feed.id);
    }
  };

  let timer: NodeJS.Timeout | undefined;
  let running: Promise<PollReport> | undefined;
  let stopped = false;

  const pollDue = async (): Promise<PollReport> => {
    const started = performance.now();
    const now = clock.now().getTime();
    const due = feeds.list().filter((f) => !f.disabledReason && (f.nextAt === undefined || f.nextAt.getTime() <= now));
    const limit = pLimit(config.concurrency);
    const results = await Promise.all(due.map((f) => limit(() => pollFeed(f))));
    const report: PollReport = { feeds: due.length, fetched: 0, notModified: 0, new: 0, updated: 0, failed: 0, disabled: 0, bytes: 0, ms: 0 };
    for (const r of results) {
      if (r.outcome === 'fetched') report.fetched++;
      else if (r.outcome === 'not_modified') report.notModified++;
      else report.failed++;
      if (r.disabled) report.disabled++;
      report.new += r.new;
      report.updated += r.updated;
      report.bytes += r.bytes;
    }
    report.ms = Math.round(performance.now() - started);
    if (due.length > 0) {
      log.info(
        report,
        `feeds polled: ${report.feeds} due, ${report.fetched} fetched, ${report.notModified} not modified, ${report.new} new, ${report.updated} updated, ${report.failed} failed`,
      );
    }
    return report;
  };

  return {
    pollDue,
    pollFeed,
    start(tickMs = 5_000) {
      if (timer || stopped) return;
      const tick = () => {
        if (running || stopped) return;
        running = pollDue()
          .catch((err: unknown) => {
            log.error({ err }, 'feed poll round failed');
            return undefined as unknown as PollReport;
          })
          .finally(() => (running = undefined));
      };
      tick();
      timer = setInterval(tick, tickMs);
      timer.unref();
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
}
