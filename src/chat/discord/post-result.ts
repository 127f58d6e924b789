import { createHash } from 'node:crypto';
import type { PostResult } from '../reply.js';
import { LIMITS } from './limits.js';

/** Discord JSON error codes that mean "this channel will not take our message", retrying or not. */
const PERMANENT_CODES: Record<number, 'missing_access' | 'unknown_channel' | 'missing_permissions'> = {
  50001: 'missing_access',
  10003: 'unknown_channel',
  50013: 'missing_permissions',
};

function field(err: unknown, key: string): unknown {
  return typeof err === 'object' && err !== null && key in err ? (err as Record<string, unknown>)[key] : undefined;
}

/**
 * A failed REST call → PostResult. The detail is the error's message only: discord.js error
 * messages carry no token (that lives in a header), and we never add request headers here.
 */
export function postFailure(err: unknown): PostResult & { ok: false } {
  const code = field(err, 'code');
  const status = field(err, 'status');
  const message = err instanceof Error ? err.message : String(err);
  const detail = typeof code === 'number' ? `${message} (Discord code ${code})` : message;
  if (typeof code === 'number' && PERMANENT_CODES[code]) {
    return { ok: false, error: PERMANENT_CODES[code], permanent: true, detail };
  }
  if (status === 401) return { ok: false, error: 'invalid_auth', permanent: true, detail };
  if (status === 429) {
    const retryAfter = field(err, 'retryAfter');
    return { ok: false, error: 'rate_limited', permanent: false, detail, retryAfterMs: typeof retryAfter === 'number' ? retryAfter : undefined };
  }
  if (typeof status === 'number' && status >= 400 && status < 500) {
    // Discord refused this body (50035 Invalid Form Body and friends): the same request would fail
    // again, and it is newsbrief's message at fault, not the channel.
    return { ok: false, error: 'invalid_message', permanent: true, detail };
  }
  // 5xx after discord.js's own retries, timeouts, reset or refused connections: worth trying
  // later. Unless the connection was refused, the message may have been stored: look first.
  return { ok: false, error: 'transient', permanent: false, detail, ...(neverSent(err) ? {} : { uncertain: true }) };
}

/** The request cannot have reached Discord (the connection was refused, the name did not resolve). */
function neverSent(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 4; e = field(e, 'cause'), depth++) {
    const code = field(e, 'code');
    if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') return true;
  }
  return false;
}

/**
 * The message nonce for an idempotency key (and part, for replies that take several messages).
 * Discord drops a second message with the same nonce when enforce_nonce is set.
 */
export function nonceFor(idempotencyKey: string, part = 0): string {
  const hash = createHash('sha256').update(`${idempotencyKey}\u0000${part}`).digest('base64url');
  return `nb${hash}`.slice(0, LIMITS.nonce - 1);
}

/** The visible marker findPosted looks for; the same for every part of one post. */
export function markerFor(idempotencyKey: string): string {
  return `ref ${nonceFor(idempotencyKey)}`;
}

/** Discord snowflakes count milliseconds since 2015-01-01 in their top bits. */
export function snowflakeAt(date: Date): string {
  const ms = BigInt(Math.max(0, date.getTime() - 1_420_070_400_000));
  return (ms << 22n).toString();
}
