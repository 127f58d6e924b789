import type { Briefing, Digest } from '../news/types.js';
import type { ChannelRef } from '../channels.js';

// Kept for the post paths (schedule, slack/post.ts) until they import src/channels.ts themselves.
export { channelRef, parseChannelRef, type ChannelRef } from '../channels.js';

export interface UserRef {
  id: string;
  /**
   * Whether this user may change the channel's digests, as the platform sees it (Discord: Manage
   * Server; Slack: workspace admin or owner via users.info; console: always). Asked lazily, since
   * only commands declared for admins need it; rejects when the platform could not be asked.
   * Config `admins` is checked by the dispatcher.
   */
  isAdmin: () => Promise<boolean>;
}

export interface CommandRequest {
  name: string;
  /** Everything after the command, in the command-line syntax of /help ("subscribe china at 08:00"). Adapters with typed options (Discord) rebuild it. */
  text: string;
  options: Record<string, string>;
  user: UserRef;
  channel: ChannelRef;
}

export type ErrorCode = 'usage' | 'no_match' | 'forbidden' | 'unavailable' | 'internal';

export type Reply =
  | { kind: 'briefing'; briefing: Briefing }
  | { kind: 'digest'; digest: Digest; /** identifies the digest post, for exactly-once checks */ marker?: string }
  /** Plain text; `private` replies are shown only to the asker (ephemeral) where the platform can. */
  | { kind: 'text'; text: string; private?: boolean }
  /** Errors users should see: always private where the platform can. */
  | { kind: 'error'; code: ErrorCode; text: string };

export type PostErrorKind =
  | 'rate_limited'
  | 'transient'
  | 'not_in_channel'
  | 'channel_not_found'
  | 'is_archived'
  | 'invalid_auth'
  | 'missing_access'
  | 'unknown_channel'
  | 'missing_permissions'
  /** The platform refused this message itself (invalid_blocks, msg_too_long, Invalid Form Body): newsbrief's bug, not the channel's. */
  | 'invalid_message'
  | 'unknown';

export type PostResult =
  | { ok: true; messageIds: string[] }
  | {
      ok: false;
      error: PostErrorKind;
      permanent: boolean;
      detail: string;
      retryAfterMs?: number;
      /**
       * The request may have reached the platform and been stored (a timeout, a 5xx, a connection
       * reset after sending): look for the message by its key before sending it again.
       */
      uncertain?: boolean;
    };

export type Dispatch = (req: CommandRequest) => Promise<Reply>;
