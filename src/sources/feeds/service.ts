import type { ChannelRef } from '../../channels.js';
import type { FeedsConfig } from '../../config.js';
import { UserError } from '../../errors.js';
import type { Logger } from '../../log.js';
import type { Clock } from '../../news/types.js';
import type { FeedRecord, FeedRepo } from '../../store/feeds.js';
import type { AddressPolicy } from './address.js';
import { formatDuration } from './duration.js';
import { feedName, intervalOf, type FeedPoller } from './poller.js';
import { feedState, reenabled } from './schedule.js';

/** What /feeds and /healthz see of the feeds: add, list, remove, health. */

export interface FeedAddRequest {
  url: string;
  tags: string[];
  channel: ChannelRef;
  userId: string;
}

export interface FeedCommands {
  add(req: FeedAddRequest): Promise<string>;
  list(): string;
  remove(id: number): Promise<string>;
}

export interface FeedHealthEntry {
  id: number;
  url: string;
  name: string;
  state: 'new' | 'ok' | 'failing' | 'disabled';
  since?: string;
  error?: string;
}

export interface FeedsHealth {
  total: number;
  ok: number;
  failing: number;
  disabled: number;
  feeds: FeedHealthEntry[];
}

export interface FeedServiceDeps {
  feeds: FeedRepo;
  poller: FeedPoller;
  config: FeedsConfig;
  policy: AddressPolicy;
  clock: Clock;
  logger: Logger;
  /** Takes a removed feed's documents out of the library. */
  removeDocuments?: (docIds: string[]) => Promise<void>;
}

const MAX_URL = 2_000;

export function ago(from: Date, now: Date): string {
  const s = Math.max(0, Math.round((now.getTime() - from.getTime()) / 1000));
  if (s < 60) return 'just now';
  const m = Math.round(s / 60);
  if (m < 60) return `${m} minute${m === 1 ? '' : 's'} ago`;
  const h = Math.round(m / 60);
  if (h < 48) return `${h} hour${h === 1 ? '' : 's'} ago`;
  const d = Math.round(h / 24);
  return d < 60 ? `${d} days ago` : `on ${from.toISOString().slice(0, 10)}`;
}

function utc(d: Date): string {
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** A URL a chat user gave: http(s), no credentials, not absurdly long. */
export function checkFeedUrl(text: string): string {
  const raw = text.trim().replace(/^<(.+)>$/, '$1').replace(/\|.*$/, '');
  if (raw.length > MAX_URL) throw new UserError('usage', `That address is longer than ${MAX_URL} characters.`);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UserError('usage', 'Give the feed’s full address, like https://example.com/feed.xml');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UserError('usage', 'Only http:// and https:// feeds can be added.');
  if (url.username || url.password) throw new UserError('usage', 'Feeds with a user name or password in the address are not supported.');
  url.hash = '';
  return url.href;
}

export function createFeedService(deps: FeedServiceDeps): FeedCommands & { health(): FeedsHealth } {
  const { feeds, poller, clock } = deps;
  const log = deps.logger.child({ component: 'feeds' });

  const summary = (feed: FeedRecord): string => {
    const items = feeds.items(feed.id);
    const newest = items.filter((i) => i.dated).reduce<Date | undefined>((a, i) => (!a || i.publishedAt > a ? i.publishedAt : a), undefined);
    const count = `${items.length} item${items.length === 1 ? '' : 's'}`;
    const when = newest ? `, newest ${ago(newest, clock.now())}` : items.length > 0 ? ', none of them dated' : '';
    const every = formatDuration(intervalOf(feed, deps.config, deps.policy));
    return `${feedName(feed)} (#${feed.id}): ${count}${when}. Checked every ${every}.`;
  };

  return {
    async add(req) {
      const url = checkFeedUrl(req.url);
      const now = clock.now();
      const existing = feeds.byUrl(url);
      if (existing?.disabledReason) {
        const feed = feeds.update(existing.id, reenabled());
        feeds.addChannel(feed.id, req.channel, req.userId, now);
        const result = await poller.pollFeed(feed);
        const after = feeds.get(feed.id) ?? feed;
        log.info({ feed: feed.id, url, user: req.userId, channel: req.channel }, 'feed re-enabled');
        if (result.outcome === 'failed') return `Re-enabled ${feedName(after)} (#${feed.id}), but the first fetch failed: ${result.error}. It will be tried again.`;
        return `Re-enabled ${summary(after)}`;
      }
      if (existing) {
        feeds.addChannel(existing.id, req.channel, req.userId, now);
        return `Already reading ${summary(existing)}`;
      }
      const { feed } = feeds.add({ url, tags: req.tags, source: 'chat', createdAt: now });
      const result = await poller.pollFeed(feed);
      if (result.outcome === 'failed') {
        // Nothing is kept of a feed that never worked: the user fixes the address and tries again.
        feeds.remove(feed.id);
        throw new UserError('usage', `Could not add ${url}: ${result.error}`);
      }
      feeds.addChannel(feed.id, req.channel, req.userId, now);
      const added = feeds.get(feed.id) ?? feed;
      log.info({ feed: feed.id, url, user: req.userId, channel: req.channel, items: result.new }, 'feed added');
      return `Added ${summary(added)}`;
    },
    list() {
      const all = feeds.list();
      if (all.length === 0) return 'No feeds yet. An admin can add one with /feeds add <url> [tag …].';
      const now = clock.now();
      const lines = all.map((feed) => {
        const state = feedState(feed);
        const tags = feed.tags.length ? ` · tags ${feed.tags.join(', ')}` : '';
        const from = feed.source === 'config' ? ' · from config' : '';
        const head = `#${feed.id} ${feedName(feed)} · ${feed.url}${tags}${from}`;
        let status: string;
        if (state.kind === 'disabled') status = `disabled: ${state.reason}. /feeds add ${feed.url} turns it back on.`;
        else if (state.kind === 'failing') status = `failing since ${utc(state.since)} (${state.failures} in a row): ${state.error ?? 'unknown error'}`;
        else if (state.kind === 'new') status = 'not fetched yet';
        else status = `ok · ${feeds.itemCount(feed.id)} items · checked ${state.since ? ago(state.since, now) : 'never'}, every ${formatDuration(intervalOf(feed, deps.config, deps.policy))}`;
        return `${head}\n   ${status}`;
      });
      return [`Feeds (${all.length}):`, ...lines].join('\n');
    },
    async remove(id) {
      const feed = feeds.get(id);
      if (!feed) throw new UserError('usage', `There is no feed #${id}. /feeds list shows the ids.`);
      if (feed.source === 'config') throw new UserError('usage', `Feed #${id} comes from the bot's config file; remove it there (it would come back on restart).`);
      const docIds = feeds.items(feed.id).map((i) => i.docId);
      feeds.remove(feed.id);
      await deps.removeDocuments?.(docIds);
      log.info({ feed: id, url: feed.url, documents: docIds.length }, 'feed removed');
      return `Removed ${feedName(feed)} (#${id}) and its ${docIds.length} item${docIds.length === 1 ? '' : 's'}.`;
    },
    health() {
      const entries = feeds.list().map((feed): FeedHealthEntry => {
        const state = feedState(feed);
        const entry: FeedHealthEntry = { id: feed.id, url: feed.url, name: feedName(feed), state: state.kind };
        if (state.kind === 'failing') {
          entry.since = state.since.toISOString();
          if (state.error) entry.error = state.error;
        } else if (state.kind === 'disabled') {
          if (state.since) entry.since = state.since.toISOString();
          entry.error = state.reason;
        } else if (state.kind === 'ok' && state.since) entry.since = state.since.toISOString();
        return entry;
      });
      return {
        total: entries.length,
        ok: entries.filter((e) => e.state === 'ok').length,
        failing: entries.filter((e) => e.state === 'failing').length,
        disabled: entries.filter((e) => e.state === 'disabled').length,
        feeds: entries,
      };
    },
  };
}
