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
   * After a crash between "about to post" and "posted": is a message with this idempotency key
   * already in the channel (posted after `since`)? 'unknown' when the platform cannot tell.
   */
  findPosted?(channel: ChannelRef, idempotencyKey: string, since: Date): Promise<boolean | 'unknown'>;
  /** 'up' | 'connecting' | 'down', for /healthz. */
  state?(): AdapterState;
  stop(): Promise<void>;
}

export type AdapterState = 'up' | 'connecting' | 'down';
