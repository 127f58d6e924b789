import { z } from 'zod';
import type { PostErrorKind, PostResult } from '../reply.js';
import { redactTokens } from './bolt-logger.js';

/** What a failed Web API call means for the caller: give up, or try again later. */

export type PostFailure = Extract<PostResult, { ok: false }>;

const codedError = z.object({
  code: z.string(),
  message: z.string().optional(),
  original: z.object({ code: z.union([z.string(), z.number()]).optional() }).loose().optional(),
  data: z.object({ error: z.string().optional() }).loose().optional(),
  statusCode: z.number().optional(),
  retryAfter: z.number().optional(),
});

/** Slack answered, and asking again will get the same answer. */
const PERMANENT: Record<string, PostErrorKind> = {
  not_in_channel: 'not_in_channel',
  channel_not_found: 'channel_not_found',
  is_archived: 'is_archived',
  invalid_auth: 'invalid_auth',
  account_inactive: 'invalid_auth',
  token_revoked: 'invalid_auth',
  token_expired: 'invalid_auth',
  not_authed: 'invalid_auth',
  missing_scope: 'missing_permissions',
  restricted_action: 'missing_permissions',
  ekm_access_denied: 'missing_permissions',
};

/**
 * Slack's own trouble: worth another try. Slack may have done part of the work before it failed
 * ("it's possible some aspect of the operation succeeded", says fatal_error), so the message may
 * be in the channel: look before sending it again.
 */
const TRANSIENT = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);

/** The request never reached Slack: sending it again cannot make a second message. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/** A Slack error as a PostResult failure; anything unrecognized is 'unknown'. */
export function classifyError(err: unknown): PostFailure {
  const parsed = codedError.safeParse(err);
  const message = redactTokens(err instanceof Error ? err.message : String(err));
  // Not an error of the Web API client: nothing says the request did not go out.
  if (!parsed.success) return { ok: false, error: 'unknown', permanent: false, detail: message, uncertain: true };
  const e = parsed.data;
  switch (e.code) {
    case 'slack_webapi_platform_error': {
      const code = e.data?.error ?? 'unknown_error';
      if (code === 'ratelimited') return { ok: false, error: 'rate_limited', permanent: false, detail: code };
      const kind = PERMANENT[code];
      if (kind) return { ok: false, error: kind, permanent: true, detail: code };
      if (TRANSIENT.has(code)) return { ok: false, error: 'transient', permanent: false, detail: code, uncertain: true };
      // Slack rejected this exact request (invalid_blocks, msg_too_long…): sending it again cannot
      // help, and it is newsbrief's message at fault, not the channel.
      return { ok: false, error: 'invalid_message', permanent: true, detail: code };
    }
    case 'slack_webapi_rate_limited_error':
      // A 429: Slack did not take the message.
      return { ok: false, error: 'rate_limited', permanent: false, detail: 'rate limited', retryAfterMs: (e.retryAfter ?? 1) * 1000 };
    case 'slack_webapi_http_error':
      // A 5xx can come after the message was stored.
      return { ok: false, error: 'transient', permanent: false, detail: `HTTP ${e.statusCode ?? '?'}`, uncertain: true };
    case 'slack_webapi_request_error': {
      // A timeout or a reset connection after the request went out: it may have arrived.
      const sent = !NOT_SENT.has(String(e.original?.code ?? ''));
      return { ok: false, error: 'transient', permanent: false, detail: message, ...(sent ? { uncertain: true } : {}) };
    }
    default:
      return { ok: false, error: 'unknown', permanent: false, detail: message, uncertain: true };
  }
}
