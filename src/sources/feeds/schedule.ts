import type { FeedRecord, FeedPatch } from '../../store/feeds.js';
import type { FetchedHeaders } from './http.js';

/**
 * When a feed is fetched next, and what its health becomes, after each fetch. Pure, so the
 * rules can be tested without a clock or a server.
 */

export interface ScheduleRules {
  /** The feed's interval (already clamped to what its host may have). */
  everyMs: number;
  /** A Cache-Control max-age is honoured up to this. */
  maxCacheAgeMs: number;
  disableAfterFailures: number;
}

/** Backoff never grows past this (or the interval, when that is longer). */
const MAX_BACKOFF_MS = 6 * 3_600_000;
/** Nor is a Retry-After waited out longer than this. */
const MAX_RETRY_AFTER_MS = 24 * 3_600_000;

/** Seconds of max-age, 0 for no-cache/no-store, undefined when the header says nothing. */
export function maxAgeSeconds(cacheControl: string | undefined): number | undefined {
  if (!cacheControl) return undefined;
  if (/\b(no-cache|no-store)\b/i.test(cacheControl)) return 0;
  const m = /\bmax-age\s*=\s*"?(\d+)"?/i.exec(cacheControl);
  return m ? Number(m[1]) : undefined;
}

export function afterSuccess(
  feed: FeedRecord,
  rules: ScheduleRules,
  now: Date,
  outcome: { modified: boolean; headers: FetchedHeaders },
): FeedPatch {
  const maxAge = maxAgeSeconds(outcome.headers.cacheControl);
  const wait = Math.max(rules.everyMs, Math.min((maxAge ?? 0) * 1000, rules.maxCacheAgeMs));
  const patch: FeedPatch = {
    nextAt: new Date(now.getTime() + wait),
    lastFetchAt: now,
    lastOkAt: now,
    fetches: feed.fetches + 1,
    failures: 0,
    failingSince: undefined,
    lastError: undefined,
  };
  if (outcome.modified) {
    // Validators of the new body replace the old ones; a body without any clears them, since
    // sending a stale one would make the server answer 304 about a different version.
    patch.etag = outcome.headers.etag;
    patch.lastModified = outcome.headers.lastModified;
  } else {
    if (outcome.headers.etag) patch.etag = outcome.headers.etag;
    if (outcome.headers.lastModified) patch.lastModified = outcome.headers.lastModified;
  }
  return patch;
}

export function afterFailure(feed: FeedRecord, rules: ScheduleRules, now: Date, failure: { message: string; retryAfterMs?: number }): FeedPatch {
  const failures = feed.failures + 1;
  const backoff = Math.min(rules.everyMs * 2 ** (failures - 1), Math.max(rules.everyMs, MAX_BACKOFF_MS));
  const wait = Math.max(backoff, Math.min(failure.retryAfterMs ?? 0, MAX_RETRY_AFTER_MS));
  const failingSince = feed.failingSince ?? now;
  const patch: FeedPatch = {
    nextAt: new Date(now.getTime() + wait),
    lastFetchAt: now,
    failures,
    failingSince,
    lastError: failure.message.slice(0, 300),
  };
  if (failures >= rules.disableAfterFailures) {
    patch.disabledReason = `${failures} failed fetch${failures === 1 ? '' : 'es'} in a row since ${failingSince.toISOString().slice(0, 16).replace('T', ' ')} UTC; last: ${failure.message.slice(0, 200)}`;
    patch.disabledAt = now;
    patch.disabledNotified = false;
  }
  return patch;
}

/** Back to a fresh start: `/feeds add` of a disabled feed's URL. */
export function reenabled(): FeedPatch {
  return {
    disabledReason: undefined,
    disabledAt: undefined,
    disabledNotified: false,
    failures: 0,
    failingSince: undefined,
    lastError: undefined,
    nextAt: undefined,
  };
}

export type FeedState = { kind: 'new' } | { kind: 'ok'; since?: Date } | { kind: 'failing'; since: Date; error?: string; failures: number } | { kind: 'disabled'; since?: Date; reason: string };

export function feedState(feed: FeedRecord): FeedState {
  if (feed.disabledReason) return { kind: 'disabled', since: feed.disabledAt, reason: feed.disabledReason };
  if (feed.failures > 0 && feed.failingSince) return { kind: 'failing', since: feed.failingSince, error: feed.lastError, failures: feed.failures };
  if (feed.fetches === 0) return { kind: 'new' };
  return { kind: 'ok', since: feed.lastOkAt };
}
