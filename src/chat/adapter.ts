import type { ChannelRef } from '../channels.js';
import type { Dispatch, PostResult, Reply } from './reply.js';

export interface PostOptions {
  /** The same key twice must never produce two messages (Slack metadata, Discord nonce). */
  idempotencyKey?: string;
}

/** One chat platform. Only adapters know about acks, deferrals, Block Kit or embeds. */
export interface Adapter {
  readonly platform: string;
  start(dispatch: Dispatch): Promise<void>;
  post(channel: ChannelRef, reply: Reply, opts?: PostOptions): Promise<PostResult>;
  /**
   * The reply as the messages this platform posts it as, each a Reply that `post` sends as one
   * message (a long digest becomes several). The scheduler posts, records and recovers each on
   * its own, so a crash between two messages loses neither. Absent: one message.
   */
  split?(reply: Reply): Reply[];
  /**
   * After a crash between "about to post" and "posted", or an answer that never came: is a
   * message with this idempotency key in the channel? Found by the key alone; `since` only bounds
   * how far back to look (callers leave a wide margin, since the platform's clock is not ours).
   * 'unknown' when the platform cannot tell.
   */
  findPosted?(channel: ChannelRef, idempotencyKey: string, since: Date): Promise<boolean | 'unknown'>;
  /** 'up' | 'connecting' | 'down', for /healthz. */
  state?(): AdapterState;
  stop(): Promise<void>;
}

export type AdapterState = 'up' | 'connecting' | 'down';
