import { z } from 'zod';
import type { PostErrorKind, PostResult } from '../reply.js';
import { redactTokens } from './bolt-logger.js';

/** What a failed Web API call means for the caller: give up, or try again later. */

export type PostFailure = Extract<PostResult, { ok: false }>;

const codedError = z.object({
  code: z.string(),
  message: z.string().optional(),
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

/** Slack's own trouble: worth another try. */
const TRANSIENT = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);

/** A Slack error as a PostResult failure; anything unrecognized is 'unknown'. */
export function classifyError(err: unknown): PostFailure {
  const parsed = codedError.safeParse(err);
  const message = redactTokens(err instanceof Error ? err.message : String(err));
  if (!parsed.success) return { ok: false, error: 'unknown', permanent: false, detail: message };
  const e = parsed.data;
  switch (e.code) {
    case 'slack_webapi_platform_error': {
      const code = e.data?.error ?? 'unknown_error';
      if (code === 'ratelimited') return { ok: false, error: 'rate_limited', permanent: false, detail: code };
      const kind = PERMANENT[code];
      if (kind) return { ok: false, error: kind, permanent: true, detail: code };
      if (TRANSIENT.has(code)) return { ok: false, error: 'transient', permanent: false, detail: code };
      // Slack rejected this exact request (invalid_blocks, msg_too_long…): sending it again cannot help.
      return { ok: false, error: 'unknown', permanent: true, detail: code };
    }
    case 'slack_webapi_rate_limited_error':
      return { ok: false, error: 'rate_limited', permanent: false, detail: 'rate limited', retryAfterMs: (e.retryAfter ?? 1) * 1000 };
    case 'slack_webapi_http_error':
      return { ok: false, error: 'transient', permanent: false, detail: `HTTP ${e.statusCode ?? '?'}` };
    case 'slack_webapi_request_error':
      return { ok: false, error: 'transient', permanent: false, detail: message };
    default:
      return { ok: false, error: 'unknown', permanent: false, detail: message };
  }
}
